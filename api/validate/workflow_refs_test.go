package validate

import (
	"context"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// tmplLookup holds (Cluster)WorkflowTemplate specs by "Kind/name".
type tmplLookup map[string]v1alpha1.WorkflowSpec

func (l tmplLookup) Get(_ context.Context, _, name string, obj runtime.Object) error {
	switch dst := obj.(type) {
	case *v1alpha1.WorkflowTemplate:
		if s, ok := l["WorkflowTemplate/"+name]; ok {
			dst.Name, dst.Spec = name, *s.DeepCopy()
			return nil
		}
	case *v1alpha1.ClusterWorkflowTemplate:
		if s, ok := l["ClusterWorkflowTemplate/"+name]; ok {
			dst.Name, dst.Spec = name, *s.DeepCopy()
			return nil
		}
	}
	return apierrors.NewNotFound(schema.GroupResource{Group: "argoproj.io", Resource: "workflowtemplates"}, name)
}

// Cluster-scoped references resolve against ClusterWorkflowTemplates only, and a namespaced
// template of the same name does not satisfy them.
func TestClusterScopedRefs(t *testing.T) {
	lib := decodeWF(t, wfYAML("  templates:"+echoTmpl))
	lookup := tmplLookup{"ClusterWorkflowTemplate/lib": lib.Spec}
	nsOnly := tmplLookup{"WorkflowTemplate/lib": lib.Spec}
	ctx := context.Background()
	ref := func(tmpl string) string {
		return steps(`[{name: a, templateRef: {name: lib, template: ` + tmpl + `, clusterScope: true}, arguments: {parameters: [{name: msg, value: x}]}}]`)
	}
	cases := []struct {
		name, body string
		lookup     Lookup
		err, warn  string
	}{
		{name: "found", body: ref("echo"), lookup: lookup},
		{name: "template missing", body: ref("nope"), lookup: lookup, err: `templateRef.template: Not found: "template nope not found in lib"`},
		{name: "only a namespaced one", body: ref("echo"), lookup: nsOnly, warn: `ClusterWorkflowTemplate "lib" not checked: it does not exist (yet)`},
		{name: "workflowTemplateRef entrypoint", body: "  entrypoint: nope\n  workflowTemplateRef: {name: lib, clusterScope: true}", lookup: lookup, err: `spec.entrypoint: Not found: "nope"`},
		{name: "workflowTemplateRef with templates", body: "  workflowTemplateRef: {name: lib, clusterScope: true}\n  templates:" + echoTmpl, lookup: lookup, err: "spec.templates: Forbidden"},
	}
	for _, c := range cases {
		r := Workflow(ctx, decodeWF(t, wfYAML(c.body)), Options{Lookup: c.lookup})
		errs := ""
		if err := r.Errors.ToAggregate(); err != nil {
			errs = err.Error()
		}
		switch {
		case c.err == "" && errs != "":
			t.Errorf("%s: unexpected errors %s", c.name, errs)
		case c.err != "" && !strings.Contains(errs, c.err):
			t.Errorf("%s: errors %q, want %q", c.name, errs, c.err)
		}
		if c.warn != "" && !strings.Contains(strings.Join(r.Warnings, ";"), c.warn) {
			t.Errorf("%s: warnings %v, want %q", c.name, r.Warnings, c.warn)
		}
	}
	// A ClusterWorkflowTemplate is validated like a WorkflowTemplate: its own refs too.
	cwt := &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "c"}, Spec: decodeWF(t, wfYAML(ref("nope"))).Spec}
	if r := ClusterWorkflowTemplate(ctx, cwt, Options{Lookup: lookup}); !strings.Contains(r.Errors.ToAggregate().Error(), "template nope not found in lib") {
		t.Errorf("ClusterWorkflowTemplate refs not checked: %v", r.Errors)
	}
}
