package admit

import (
	"context"
	"net/http"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// labelDefaulter changes every object it sees, so a patch shows that it ran.
type labelDefaulter struct{}

func (labelDefaulter) Default(_ context.Context, wf *v1alpha1.Workflow) error {
	wf.SetLabels(map[string]string{"defaulted": "yes"})
	return nil
}

func guardedHandlers(t *testing.T) (mutating, validating *Dispatcher) {
	t.Helper()
	s := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	mutating, validating = NewDispatcher(), NewDispatcher()
	if err := AddDefaulter[*v1alpha1.Workflow](mutating, s, labelDefaulter{}); err != nil {
		t.Fatal(err)
	}
	if err := AddValidator(validating, s, &Validator[*v1alpha1.Workflow]{Kind: "Workflow"}); err != nil {
		t.Fatal(err)
	}
	return mutating, validating
}

func workflowRequest(raw string) admission.Request {
	return admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		Operation: admissionv1.Create,
		Kind:      metav1.GroupVersionKind{Group: "argoproj.io", Version: "v1alpha1", Kind: "Workflow"},
		Object:    runtime.RawExtension{Raw: []byte(raw)},
	}}
}

func TestUndecodableObjects(t *testing.T) {
	mutating, validating := guardedHandlers(t)
	cases := []struct{ name, raw, want string }{
		{"a boolean in command", `{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"generateName":"bool-"},"spec":{"entrypoint":"main","templates":[{"name":"main","container":{"image":"alpine","command":[true]}}]}}`,
			`Workflow.argoproj.io "bool-" is invalid: spec.templates[0].container.command[0]: Invalid value: true: must be a string`},
		{"templates a string", `{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"str"},"spec":{"entrypoint":"main","templates":"x"}}`,
			`Workflow.argoproj.io "str" is invalid: spec.templates: Invalid value: "x": must be an array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := mutating.Handle(context.Background(), workflowRequest(c.raw))
			if !m.Allowed || len(m.Patches) != 0 || m.Patch != nil {
				t.Errorf("mutating: allowed=%v, %d patches, result %+v; want allowed unchanged", m.Allowed, len(m.Patches), m.Result)
			}
			v := validating.Handle(context.Background(), workflowRequest(c.raw))
			if v.Allowed || v.Result == nil {
				t.Fatalf("validating allowed it")
			}
			t.Logf("validating: %d %s", v.Result.Code, v.Result.Message)
			if v.Result.Code != http.StatusUnprocessableEntity || v.Result.Message != c.want {
				t.Errorf("validating: %d %q\nwant 422 %q", v.Result.Code, v.Result.Message, c.want)
			}
			if strings.Contains(v.Result.Message, "Go struct") || strings.Contains(v.Result.Message, "v1alpha1") {
				t.Errorf("Go words in %q", v.Result.Message)
			}
		})
	}
	// A well-formed object still reaches the typed handlers.
	ok := `{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"ok"},"spec":{"entrypoint":"main","templates":[{"name":"main","container":{"image":"alpine","command":["true"]}}]}}`
	if m := mutating.Handle(context.Background(), workflowRequest(ok)); !m.Allowed || len(m.Patches) == 0 {
		t.Errorf("mutating a good object: allowed=%v, %d patches; want the defaulter's patch", m.Allowed, len(m.Patches))
	}
	if v := validating.Handle(context.Background(), workflowRequest(ok)); !v.Allowed {
		t.Errorf("validating a good object: %+v", v.Result)
	}
}
