package workflow

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// +kubebuilder:rbac:groups=argoproj.io,resources=workflowtemplates,verbs=get;list;watch
// +kubebuilder:rbac:groups=argoproj.io,resources=clusterworkflowtemplates,verbs=get;list;watch

// Upstream's scopes of a template: the workflow's own, a WorkflowTemplate's, a
// ClusterWorkflowTemplate's. They key status.storedTemplates and fill node templateScope.
const (
	scopeNamespaced = "namespaced"
	scopeCluster    = "cluster"
)

// tmplContext is the (Cluster)WorkflowTemplate a templateRef led into. As upstream, a
// referenced template runs in the context of its own object: the templates it calls by name
// are that object's, not the workflow's.
type tmplContext struct {
	cluster bool
	name    string
}

func (c *tmplContext) scope() string {
	if c.cluster {
		return scopeCluster
	}
	return scopeNamespaced
}

func (c *tmplContext) kind() string {
	if c.cluster {
		return "ClusterWorkflowTemplate"
	}
	return "WorkflowTemplate"
}

// templateScope is upstream's node templateScope, "<scope>/<name>".
func (c *tmplContext) templateScope() string { return c.scope() + "/" + c.name }

func refContext(ref *v1alpha1.TemplateRef) *tmplContext {
	return &tmplContext{cluster: ref.ClusterScope != nil && *ref.ClusterScope, name: ref.Name}
}

// findTemplateRef resolves a templateRef; errors name the ref, they become the node's message.
func (o *operation) findTemplateRef(ref *v1alpha1.TemplateRef) (*v1alpha1.Template, *tmplContext, error) {
	if ref.Name == "" || ref.Template == "" {
		return nil, nil, fmt.Errorf("templateRef %s/%s: both name and template are required", ref.Name, ref.Template)
	}
	tctx := refContext(ref)
	t, err := o.storedTemplate(tctx, ref.Template)
	if err != nil {
		return nil, nil, fmt.Errorf("templateRef %s/%s: %w", ref.Name, ref.Template, err)
	}
	return t, tctx, nil
}

// storedTemplate returns the template called name in the context's object. The first resolution is
// copied into status.storedTemplates (upstream's key "<scope>/<object>/<template>"), and later
// reconciles use that copy, so editing or deleting the object does not change a running
// workflow.
func (o *operation) storedTemplate(tctx *tmplContext, name string) (*v1alpha1.Template, error) {
	key := tctx.scope() + "/" + tctx.name + "/" + name
	if t, ok := o.wf.Status.StoredTemplates[key]; ok {
		return t.DeepCopy(), nil
	}
	spec, err := fetchTemplateSpec(o.ctx, o.r.Client, o.wf.Namespace, tctx)
	if err != nil {
		return nil, err
	}
	for i := range spec.Templates {
		if spec.Templates[i].Name == name {
			if o.wf.Status.StoredTemplates == nil {
				o.wf.Status.StoredTemplates = map[string]v1alpha1.Template{}
			}
			o.wf.Status.StoredTemplates[key] = *spec.Templates[i].DeepCopy()
			return spec.Templates[i].DeepCopy(), nil
		}
	}
	return nil, fmt.Errorf("template %q not found in %s %q", name, tctx.kind(), tctx.name)
}

// fetchTemplateSpec reads a (Cluster)WorkflowTemplate through the manager's cached client.
func fetchTemplateSpec(ctx context.Context, c client.Reader, namespace string, tctx *tmplContext) (*v1alpha1.WorkflowSpec, error) {
	var err error
	var spec *v1alpha1.WorkflowSpec
	if tctx.cluster {
		obj := &v1alpha1.ClusterWorkflowTemplate{}
		err = c.Get(ctx, client.ObjectKey{Name: tctx.name}, obj)
		spec = &obj.Spec
	} else {
		obj := &v1alpha1.WorkflowTemplate{}
		err = c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: tctx.name}, obj)
		spec = &obj.Spec
	}
	switch {
	case apierrors.IsNotFound(err) && tctx.cluster:
		return nil, notFoundError(fmt.Sprintf("ClusterWorkflowTemplate %q not found", tctx.name))
	case apierrors.IsNotFound(err):
		return nil, notFoundError(fmt.Sprintf("WorkflowTemplate %q not found in namespace %q", tctx.name, namespace))
	case err != nil:
		return nil, fmt.Errorf("reading %s %q: %w", tctx.kind(), tctx.name, err)
	}
	return spec, nil
}

// enterTemplate makes tctx the context for the walk below node nodeName; the returned func
// restores the caller's and records on the node where its template came from.
func (o *operation) enterTemplate(nodeName string, inv *v1alpha1.TemplateInvocation, tctx *tmplContext) func() {
	caller := o.tmplCtx
	o.tmplCtx = tctx
	return func() {
		o.tmplCtx = caller
		n, ok := o.get(nodeName)
		if !ok || (inv.TemplateRef == nil && caller == nil) {
			return
		}
		changed := false
		if inv.TemplateRef != nil && n.TemplateRef == nil {
			n.TemplateRef = inv.TemplateRef.DeepCopy()
			changed = true
		}
		if caller != nil && n.TemplateScope == "" {
			n.TemplateScope = caller.templateScope()
			changed = true
		}
		if changed {
			o.put(n)
		}
	}
}

// notFoundError is a missing (Cluster)WorkflowTemplate, final for a workflowTemplateRef; other
// read errors are retried there.
type notFoundError string

func (e notFoundError) Error() string { return string(e) }
