//go:build integration

package integration

import (
	"context"
	"fmt"
	"testing"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/test/bench"
)

// benchAPIServer times `kubectl create --dry-run=server` of a Workflow end to end, one
// request at a time, as a user the webhooks do not skip: envtest's kube-apiserver, the
// mutating and validating webhooks (served in this test process over HTTPS) and back;
// p50/p99 in ms, after one warm-up request. `make bench` runs it -count times and prints
// medians.
func benchAPIServer(b *testing.B, wf *v1alpha1.Workflow) {
	ctx := context.Background()
	ensureNamespace(b, webhookNS, nil)
	// One untimed request first: the first call into the webhooks pays for connections and
	// TLS handshakes (seconds on a loaded machine), which is not the latency of a request.
	if err := ucl.Create(ctx, wf.DeepCopy(), client.DryRunAll); err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		obj := wf.DeepCopy()
		start := time.Now()
		if err := ucl.Create(ctx, obj, client.DryRunAll); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	bench.ReportPercentiles(b, lat)
}

func BenchmarkWebhookAPIServerTypicalWorkflow(b *testing.B) {
	wf := workflow("bench-")
	wf.Spec.Templates = append(wf.Spec.Templates, v1alpha1.Template{Name: "main"})
	wf.Spec.Entrypoint = "main"
	wf.Spec.Templates[1].DAG = &v1alpha1.DAGTemplate{}
	for _, t := range []struct{ name, depends string }{{"A", ""}, {"B", "A"}, {"C", "A"}, {"D", "B && C"}} {
		task := v1alpha1.DAGTask{Name: t.name, Depends: t.depends}
		task.Template = "echo"
		wf.Spec.Templates[1].DAG.Tasks = append(wf.Spec.Templates[1].DAG.Tasks, task)
	}
	benchAPIServer(b, wf)
}

func BenchmarkWebhookAPIServerDAG1000(b *testing.B) {
	wf := workflow("bench-dag-")
	wf.Spec.Templates = append(wf.Spec.Templates, v1alpha1.Template{Name: "main", DAG: &v1alpha1.DAGTemplate{}})
	wf.Spec.Entrypoint = "main"
	for i := 0; i < 1000; i++ {
		task := v1alpha1.DAGTask{Name: fmt.Sprintf("t%d", i)}
		task.Template = "echo"
		if i > 0 {
			task.Depends = fmt.Sprintf("t%d", i-1)
			if i > 1 {
				task.Depends += fmt.Sprintf(" && (t%d.Succeeded || t%d.Failed)", i-2, i-2)
			}
		}
		wf.Spec.Templates[1].DAG.Tasks = append(wf.Spec.Templates[1].DAG.Tasks, task)
	}
	benchAPIServer(b, wf)
}
