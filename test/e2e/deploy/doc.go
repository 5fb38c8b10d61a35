// Package deploy is the end-to-end check of Skiff's installation: with KUBECONFIG set
// (make deploy-e2e, make e2e), it builds the image, loads it into the local cluster when
// KUBECONFIG is the local cluster's, installs the Helm chart with the Helm SDK, waits for
// the controller and webhook pods to be Ready and the controller to hold its Lease, and
// checks the webhook denies an invalid Workflow through the API server.
//
// SKIFF_E2E_SKIP_IMAGE=1 uses an image already on the nodes (SKIFF_VERSION names its tag);
// SKIFF_E2E_KEEP=1 leaves Skiff installed afterwards.
package deploy
