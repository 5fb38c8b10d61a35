// Package artifacts moves a workflow step's artifacts through the step pod's shared volume
// so that only containers that never run user code hold credentials: init fetches the
// input artifacts (S3-compatible objects, HTTP downloads, inline raw data) into the volume
// (Stage), main copies them to their paths (Place) and after the user's command packs the
// output artifacts there, as tar+gzip unless the artifact asks for no archive (Pack), and
// wait uploads them to an S3-compatible store (Upload). The controller has already
// resolved every location (bucket, endpoint, full object key); credentials arrive in init
// and wait as env vars named by stepcontract.SecretEnv.
package artifacts
