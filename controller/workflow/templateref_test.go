package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// lib is a WorkflowTemplate whose "outer" steps template calls "inner" by name: inner exists
// in the workflow too (image "wrong"), so the test sees which one the reference resolves.
const libSpec = `
templates:
- name: outer
  inputs: {parameters: [{name: msg}]}
  steps:
  - - name: s
      template: inner
      arguments: {parameters: [{name: msg, value: "{{inputs.parameters.msg}}"}]}
- name: inner
  inputs: {parameters: [{name: msg}]}
  container: {image: lib-image, command: [echo, "{{inputs.parameters.msg}}"]}
`

func (h *harness) create(obj client.Object) {
	h.t.Helper()
	if err := h.c.Create(context.Background(), obj); err != nil {
		h.t.Fatal(err)
	}
}

func specOf(t *testing.T, doc string) v1alpha1.WorkflowSpec {
	t.Helper()
	var s v1alpha1.WorkflowSpec
	if err := yaml.UnmarshalStrict([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func mainCommand(h *harness, node string) string {
	h.t.Helper()
	p := h.pods()[node]
	if p == nil {
		h.t.Fatalf("no pod for %q; pods %v", node, keys(h.pods()))
	}
	// The user's command follows the executor's "--".
	_, cmd, _ := strings.Cut(strings.Join(p.Spec.Containers[0].Command, " "), " -- ")
	return p.Spec.Containers[0].Image + " " + cmd
}

func TestTemplateRefRunsInItsTemplatesContext(t *testing.T) {
	for _, cluster := range []bool{false, true} {
		scopeKey, clusterScope := "namespaced", "false"
		if cluster {
			scopeKey, clusterScope = "cluster", "true"
		}
		t.Run(scopeKey, func(t *testing.T) {
			h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        templateRef: {name: lib, template: outer, clusterScope: `+clusterScope+`}
        arguments: {parameters: [{name: msg, value: hi}]}
  - name: inner
    inputs: {parameters: [{name: msg}]}
    container: {image: wrong, command: [x]}
`)
			if cluster {
				h.create(&v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib"}, Spec: specOf(t, libSpec)})
				// A namespaced one of the same name must not be used.
				h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib", Namespace: "default"}, Spec: specOf(t, strings.ReplaceAll(libSpec, "lib-image", "wrong"))})
			} else {
				h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib", Namespace: "default"}, Spec: specOf(t, libSpec)})
			}
			h.reconcile()
			if got := mainCommand(h, "wf[0].a[0].s"); got != "lib-image echo hi" {
				t.Fatalf("inner pod runs %q, want lib's inner with the passed argument", got)
			}
			a := h.node("wf[0].a")
			if a.TemplateRef == nil || a.TemplateRef.Name != "lib" || a.TemplateRef.Template != "outer" || a.Type != v1alpha1.NodeTypeSteps {
				t.Errorf("node a: templateRef %+v type %s", a.TemplateRef, a.Type)
			}
			if s := h.node("wf[0].a[0].s"); s.TemplateScope != scopeKey+"/lib" || s.TemplateName != "inner" {
				t.Errorf("node s: templateScope %q templateName %q", s.TemplateScope, s.TemplateName)
			}
			wf := h.wf()
			for _, k := range []string{scopeKey + "/lib/outer", scopeKey + "/lib/inner"} {
				if _, ok := wf.Status.StoredTemplates[k]; !ok {
					t.Errorf("storedTemplates lacks %q: %v", k, keys(wf.Status.StoredTemplates))
				}
			}
			// Deleting the template object does not change the running workflow.
			if cluster {
				_ = h.c.Delete(context.Background(), &v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib"}})
			} else {
				_ = h.c.Delete(context.Background(), &v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib", Namespace: "default"}})
			}
			h.finish("wf[0].a[0].s", 0, "")
			h.reconcile()
			h.wantPhase(v1alpha1.WorkflowSucceeded)
		})
	}
}

func TestTemplateRefMissing(t *testing.T) {
	cases := []struct{ ref, want string }{
		{`{name: nope, template: x}`, `templateRef nope/x: WorkflowTemplate "nope" not found in namespace "default"`},
		{`{name: nope, template: x, clusterScope: true}`, `templateRef nope/x: ClusterWorkflowTemplate "nope" not found`},
		{`{name: lib, template: absent}`, `templateRef lib/absent: template "absent" not found in WorkflowTemplate "lib"`},
	}
	for _, c := range cases {
		h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag: {tasks: [{name: a, templateRef: `+c.ref+`}]}
`)
		h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib", Namespace: "default"}, Spec: specOf(t, libSpec)})
		h.reconcile()
		h.reconcile()
		wf := h.wf()
		n := h.node("wf.a")
		if n.Phase != v1alpha1.NodeError || n.Message != c.want || n.TemplateRef == nil {
			t.Errorf("%s: node %s %q (templateRef %v), want Error %q", c.ref, n.Phase, n.Message, n.TemplateRef, c.want)
		}
		if !wf.Status.Phase.Completed() {
			t.Errorf("%s: workflow %s, want it finished", c.ref, wf.Status.Phase)
		}
	}
}

// A template found inside a referenced template resolves in that template's context, and a
// nested templateRef inside it switches context again.
func TestTemplateRefNested(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: a, templateRef: {name: outer-lib, template: hop}}]]
`)
	h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "outer-lib", Namespace: "default"}, Spec: specOf(t, `
templates:
- name: hop
  steps: [[{name: b, templateRef: {name: lib, template: outer}, arguments: {parameters: [{name: msg, value: nested}]}}]]
- name: inner
  container: {image: wrong, command: [x]}
`)})
	h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "lib", Namespace: "default"}, Spec: specOf(t, libSpec)})
	h.reconcile()
	if got := mainCommand(h, "wf[0].a[0].b[0].s"); got != "lib-image echo nested" {
		t.Fatalf("pod runs %q", got)
	}
	if b := h.node("wf[0].a[0].b"); b.TemplateScope != "namespaced/outer-lib" || b.TemplateRef == nil {
		t.Errorf("node b: scope %q ref %v", b.TemplateScope, b.TemplateRef)
	}
}

func TestWorkflowTemplateRef(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  workflowTemplateRef: {name: tpl}
  serviceAccountName: mine
  arguments: {parameters: [{name: message, value: from-workflow}]}
`)
	h.create(&v1alpha1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "tpl", Namespace: "default"}, Spec: specOf(t, `
entrypoint: main
serviceAccountName: theirs
nodeSelector: {disk: ssd}
arguments: {parameters: [{name: message, value: default}, {name: other, value: kept}]}
templates:
- name: main
  steps:
  - [{name: one, template: say}]
  - [{name: two, template: say}]
- name: say
  container: {image: tpl-image, command: [echo, "{{workflow.parameters.message}}", "{{workflow.parameters.other}}"]}
`)})
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowRunning)
	if got := mainCommand(h, "wf[0].one"); got != "tpl-image echo from-workflow kept" {
		t.Fatalf("pod runs %q", got)
	}
	p := h.pods()["wf[0].one"]
	if p.Spec.ServiceAccountName != "mine" || p.Spec.NodeSelector["disk"] != "ssd" {
		t.Errorf("pod sa %q nodeSelector %v: the workflow's fields win, the template's fill in", p.Spec.ServiceAccountName, p.Spec.NodeSelector)
	}
	st := wf.Status.StoredWorkflowSpec
	if st == nil || st.Entrypoint != "main" || len(st.Templates) != 2 || st.WorkflowTemplateRef == nil || len(st.Arguments.Parameters) != 2 {
		t.Fatalf("storedWorkflowTemplateSpec = %+v", st)
	}
	if wf.Spec.Entrypoint != "" || len(wf.Spec.Templates) != 0 {
		t.Errorf("the workflow's own spec was changed: %+v", wf.Spec)
	}
	// Editing the template later does not change the running workflow.
	tpl := &v1alpha1.WorkflowTemplate{}
	if err := h.c.Get(context.Background(), client.ObjectKey{Namespace: "default", Name: "tpl"}, tpl); err != nil {
		t.Fatal(err)
	}
	tpl.Spec.Templates[1].Container.Image = "edited"
	if err := h.c.Update(context.Background(), tpl); err != nil {
		t.Fatal(err)
	}
	h.finish("wf[0].one", 0, "")
	h.reconcile()
	if got := mainCommand(h, "wf[1].two"); got != "tpl-image echo from-workflow kept" {
		t.Fatalf("second step runs %q after the template was edited", got)
	}
	// spec.suspend on the workflow reaches the running spec.
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = ptrTo(true) })
	h.reconcile()
	if s := h.wf().Status.StoredWorkflowSpec.Suspend; s == nil || !*s {
		t.Errorf("stored spec suspend = %v after suspending", s)
	}
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.Suspend = nil })
	h.finish("wf[1].two", 0, "")
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowSucceeded)
}

func TestWorkflowTemplateRefEntrypointAndMissing(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  entrypoint: other
  workflowTemplateRef: {name: tpl, clusterScope: true}
`)
	h.create(&v1alpha1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: "tpl"}, Spec: specOf(t, `
entrypoint: main
templates:
- {name: main, container: {image: main, command: [x]}}
- {name: other, container: {image: other, command: [x]}}
`)})
	h.reconcile()
	if got := mainCommand(h, "wf"); got != "other x" {
		t.Errorf("the workflow's entrypoint did not win: %q", got)
	}

	h = newHarness(t, `
metadata: {name: wf}
spec:
  workflowTemplateRef: {name: gone}
`)
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if want := `spec.workflowTemplateRef: WorkflowTemplate "gone" not found in namespace "default"`; wf.Status.Message != want {
		t.Errorf("message %q, want %q", wf.Status.Message, want)
	}
}

func TestMergeWorkflowSpec(t *testing.T) {
	tmpl := specOf(t, `
entrypoint: main
suspend: true
parallelism: 3
podGC: {strategy: OnPodSuccess}
arguments: {parameters: [{name: a, value: "1", enum: ["1", "2"]}, {name: b, value: x}]}
templates: [{name: main, container: {image: i}}]
`)
	wf := specOf(t, `
workflowTemplateRef: {name: t}
parallelism: 1
arguments: {parameters: [{name: a, value: "2"}, {name: c, value: new}]}
`)
	got, err := mergeWorkflowSpec(&wf, &tmpl)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := yaml.Marshal(got)
	want := `arguments:
  parameters:
  - enum:
    - "1"
    - "2"
    name: a
    value: "2"
  - name: b
    value: x
  - name: c
    value: new
entrypoint: main
parallelism: 1
podGC:
  strategy: OnPodSuccess
templates:
- container:
    image: i
  name: main
workflowTemplateRef:
  name: t
`
	if string(b) != want {
		t.Errorf("merged spec:\n%s\nwant:\n%s", b, want)
	}
}

// A workflow created just before its template reaches the informer is retried, not failed;
// past the grace period a missing template is final.
func TestWorkflowTemplateRefCacheGrace(t *testing.T) {
	h := newHarness(t, `
metadata: {name: wf}
spec:
  workflowTemplateRef: {name: late}
`)
	h.update(func(wf *v1alpha1.Workflow) { wf.CreationTimestamp = metav1.NewTime(h.now.Add(-time.Second)) })
	if _, err := h.r.Reconcile(context.Background(), reconcile.Request{NamespacedName: h.key}); err == nil || !strings.Contains(err.Error(), `WorkflowTemplate "late" not found in namespace "default" (yet)`) {
		t.Fatalf("reconcile error %v, want a retry", err)
	}
	if wf := h.wf(); wf.Status.Phase != "" {
		t.Fatalf("phase %s (%s) while the template may still come", wf.Status.Phase, wf.Status.Message)
	}
	h.now = h.now.Add(cacheGrace)
	h.reconcile()
	h.wantPhase(v1alpha1.WorkflowError)
}
