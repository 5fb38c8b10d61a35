// Package artifacts moves a workflow step's artifacts: before the command it loads the
// template's input artifacts (S3-compatible objects, HTTP downloads, inline raw data) to
// their paths, and after it saves the output artifacts to an S3-compatible store, packed as
// tar+gzip unless the artifact asks for no archive. The controller has already resolved
// every location (bucket, endpoint, full object key); credentials arrive as env vars named
// by package secretenv.
package artifacts
