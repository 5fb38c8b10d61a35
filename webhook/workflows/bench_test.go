package workflows_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/test/bench"
	"github.com/skiff-dev/skiff/webhook/admit"
	"github.com/skiff-dev/skiff/webhook/app"
	"github.com/skiff-dev/skiff/webhook/workflows"
)

// TypicalWorkflow is a steps workflow with parameters, an output and a DAG: the shape most
// examples have.
const TypicalWorkflow = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: typical-, namespace: default}
spec:
  entrypoint: main
  arguments: {parameters: [{name: message, value: hello}]}
  templates:
  - name: main
    steps:
    - - {name: generate, template: gen}
    - - {name: print, template: print, arguments: {parameters: [{name: msg, value: "{{steps.generate.outputs.parameters.out}}"}]}}
      - {name: fan, template: fan}
  - name: gen
    container: {image: busybox, command: [sh, -c], args: ["echo {{workflow.parameters.message}} > /tmp/out"]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
  - name: print
    inputs: {parameters: [{name: msg}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.msg}}"]}
  - name: fan
    dag:
      tasks:
      - {name: A, template: print, arguments: {parameters: [{name: msg, value: a}]}}
      - {name: B, template: print, depends: A, arguments: {parameters: [{name: msg, value: b}]}}
      - {name: C, template: print, depends: A, arguments: {parameters: [{name: msg, value: c}]}}
      - {name: D, template: print, depends: "B && C", arguments: {parameters: [{name: msg, value: d}]}}
`

// DAGWorkflow returns a workflow whose DAG has n tasks, each depending on the two before it
// and reading the previous one's output.
func DAGWorkflow(n int) []byte {
	wf := map[string]any{}
	_ = sigsyaml.Unmarshal([]byte(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: dag-, namespace: default}
spec:
  entrypoint: main
  templates:
  - name: echo
    inputs: {parameters: [{name: msg}]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.msg}}"]}
  - name: main
    dag: {tasks: []}
`), &wf)
	tasks := make([]any, n)
	for i := range tasks {
		t := map[string]any{"name": fmt.Sprintf("t%d", i), "template": "echo"}
		msg := "start"
		if i > 0 {
			msg = fmt.Sprintf("{{tasks.t%d.outputs.parameters.out}}", i-1)
			dep := fmt.Sprintf("t%d", i-1)
			if i > 1 {
				dep += fmt.Sprintf(" && (t%d.Succeeded || t%d.Failed)", i-2, i-2)
			}
			t["depends"] = dep
		}
		t["arguments"] = map[string]any{"parameters": []any{map[string]any{"name": "msg", "value": msg}}}
		tasks[i] = t
	}
	wf["spec"].(map[string]any)["templates"].([]any)[1].(map[string]any)["dag"] = map[string]any{"tasks": tasks}
	out, _ := json.Marshal(wf)
	return out
}

func review(obj []byte) []byte {
	r := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID:       types.UID("bench"),
			Kind:      metav1.GroupVersionKind{Group: "argoproj.io", Version: "v1alpha1", Kind: "Workflow"},
			Resource:  metav1.GroupVersionResource{Group: "argoproj.io", Version: "v1alpha1", Resource: "workflows"},
			Namespace: "default", Operation: admissionv1.Create,
			Object: runtime.RawExtension{Raw: obj},
		},
	}
	b, _ := json.Marshal(r)
	return b
}

func mustJSON(y string) []byte {
	b, err := sigsyaml.YAMLToJSON([]byte(y))
	if err != nil {
		panic(err)
	}
	return b
}

// benchHandler posts AdmissionReviews over HTTPS to an httptest server running the real
// validating handler (controller-runtime's admission decoder, the typed validator,
// api/validate), one request at a time from one client, and reports p50/p99 latency of
// the round trip. No API server is involved: see test/integration/webhook_bench_test.go
// for the path through kube-apiserver. `make bench` runs it -count times and prints medians.
func benchHandler(b *testing.B, obj []byte) {
	s, err := app.Scheme()
	if err != nil {
		b.Fatal(err)
	}
	d := admit.NewDispatcher()
	if err := workflows.Register(d, s, nil); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewTLSServer(d.Webhook())
	defer srv.Close()
	c := srv.Client()
	body := review(obj)
	b.SetBytes(int64(len(body)))
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		resp, err := c.Post(srv.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		var out admissionv1.AdmissionReview
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if err != nil || resp.StatusCode != http.StatusOK || !out.Response.Allowed {
			b.Fatalf("not admitted: %v %d %+v", err, resp.StatusCode, out.Response)
		}
	}
	b.StopTimer()
	bench.ReportPercentiles(b, lat)
}

func BenchmarkWebhookTypicalWorkflow(b *testing.B) { benchHandler(b, mustJSON(TypicalWorkflow)) }

func BenchmarkWebhookDAG1000(b *testing.B) { benchHandler(b, DAGWorkflow(1000)) }

// The documents are valid, so the benchmarks measure admission, not denial.
func TestBenchmarkDocumentsAreValid(t *testing.T) {
	var wf v1alpha1.Workflow
	for _, doc := range [][]byte{mustJSON(TypicalWorkflow), DAGWorkflow(50)} {
		if err := json.Unmarshal(doc, &wf); err != nil {
			t.Fatal(err)
		}
	}
}
