//go:build integration

package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/test/bench"
)

// TestWorkflowSizeRefusedAtCreate: a 30,000-task DAG cannot run (its object and node status
// would pass etcd's 1.5 MiB), so the validating webhook refuses it at create with its size
// and the limit; the 2,000-task DAG of the scale tests is admitted.
func TestWorkflowSizeRefusedAtCreate(t *testing.T) {
	ensureNamespace(t, webhookNS, nil)
	huge := bench.LayeredDAG("huge-dag", 30000, 30)
	huge.Namespace = webhookNS
	huge.APIVersion, huge.Kind = v1alpha1.GroupVersion.String(), "Workflow"
	for i := range huge.Spec.Templates[0].DAG.Tasks {
		// Arguments off: the request body must stay under kube-apiserver's 3 MiB.
		huge.Spec.Templates[0].DAG.Tasks[i].Arguments.Parameters = nil
	}
	huge.Spec.Templates[1].Inputs.Parameters[0].Value = v1alpha1.AnyStringPtr("hi")
	body, err := json.Marshal(huge)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("request body: %d bytes", len(body))
	if len(body) >= 3<<20 {
		t.Fatalf("the request body is %d bytes, over kube-apiserver's 3 MiB", len(body))
	}
	err = ucl.Create(context.Background(), huge)
	if err == nil {
		t.Fatal("a 30,000-task Workflow was admitted")
	}
	msg := err.Error()
	fmt.Printf("workflow size: create of a 30,000-task Workflow (%d bytes): %s\n", len(body), msg)
	if !apierrors.IsInvalid(err) || !strings.Contains(msg, deniedBy) {
		t.Errorf("not a validating webhook's Invalid denial: %v", err)
	}
	for _, want := range []string{"spec.templates[0].dag.tasks: Too many: 30000: the workflow would need about ", "MiB (spec ", "more than the 1.5 MiB an object may have in etcd"} {
		if !strings.Contains(msg, want) {
			t.Errorf("denial %q lacks %q", msg, want)
		}
	}

	out := kubectlAs(t, ucfg, "create", "-f", writeTemp(t, "huge.json", string(body)))
	t.Logf("kubectl create printed:\n%s", out)
	fmt.Printf("workflow size: kubectl create printed: %s", out)
	if !strings.Contains(out, "Too many: 30000") {
		t.Errorf("kubectl printed %q", out)
	}

	big := bench.LayeredDAG("big-dag", 2000, 20)
	big.Namespace = webhookNS
	if err := ucl.Create(context.Background(), big, client.DryRunAll); err != nil {
		t.Errorf("a 2,000-task Workflow is refused: %v", err)
	}
}
