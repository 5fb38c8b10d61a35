//go:build e2e

package deploy

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// artifactsWorkflow: make writes a file as an output artifact (default repository, tar+gzip);
// show takes it through `from`, plus an inline raw artifact, and prints both.
const artifactsWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-artifacts}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: make
        template: make
    - - name: show
        template: show
        arguments:
          artifacts:
          - name: message
            from: "{{steps.make.outputs.artifacts.message}}"
  - name: make
    container:
      image: BUSYBOX
      command: [sh, -c, "mkdir -p /tmp/out && echo 'artifact payload 42' > /tmp/out/message.txt"]
    outputs:
      artifacts:
      - name: message
        path: /tmp/out/message.txt
  - name: show
    inputs:
      artifacts:
      - name: message
        path: /tmp/in/message.txt
      - name: note
        path: /tmp/in/note.txt
        raw: {data: "raw says hi"}
    container:
      image: BUSYBOX
      command: [sh, -c, "cat /tmp/in/message.txt /tmp/in/note.txt"]
`

// checkArtifactScenario passes an artifact between two steps through a real S3-compatible
// server (versitygw, started here on the host and reached by pods at the node's
// InternalIP): the namespace gets a credentials Secret and an artifact-repositories
// ConfigMap, the workflow must succeed, the second step must print the first one's file,
// and the object must be in the bucket under {{workflow.name}}/{{pod.name}}/message.tgz.
func checkArtifactScenario(t *testing.T, c wfCLI) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	kc := kubeClient(t)
	const bucket = "skiff-e2e-artifacts"
	srv := startS3(ctx, t, kc, bucket)
	useArtifactRepo(ctx, t, kc, c.ns, srv, bucket)
	if out, err := c.cmd("delete", "-n", c.ns, "sc-artifacts"); err != nil && !strings.Contains(string(out), "not found") {
		t.Logf("removing an earlier sc-artifacts: %v: %s", err, out)
	}

	s := c.run(t, "sc-artifacts", artifactsWorkflow, "Succeeded")
	show := s.byDisplay("show")
	if len(show) != 1 || show[0].Outputs == nil || show[0].Outputs.Result == nil ||
		*show[0].Outputs.Result != "artifact payload 42\nraw says hi" {
		t.Errorf("show printed %+v, want the artifact's and the raw input's content", show)
	}
	if logs := c.logs(t, "sc-artifacts"); !strings.Contains(logs, "artifact payload 42") {
		t.Errorf("kubectl wf logs lacks the artifact's content:\n%s", logs)
	}

	client, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for obj := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: "sc-artifacts/", Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		keys = append(keys, obj.Key)
	}
	if len(keys) != 1 || !strings.HasPrefix(keys[0], "sc-artifacts/sc-artifacts-make-") || !strings.HasSuffix(keys[0], "/message.tgz") {
		t.Errorf("bucket holds %v, want one sc-artifacts/<make pod>/message.tgz", keys)
	}
}

// nodeInternalIP is the address pods reach the host at (the first node's InternalIP).
func nodeInternalIP(ctx context.Context, t *testing.T, kc kubernetes.Interface) string {
	t.Helper()
	nodes, err := kc.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		t.Fatal(err)
	}
	for _, n := range nodes.Items {
		for _, a := range n.Status.Addresses {
			if a.Type == corev1.NodeInternalIP {
				return a.Address
			}
		}
	}
	t.Fatal("no node has an InternalIP")
	return ""
}
