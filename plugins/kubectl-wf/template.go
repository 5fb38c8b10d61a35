package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// tmplKind is what the `template` and `cluster-template` verbs differ in: the kind they
// handle and whether it lives in a namespace. The verbs themselves (template_*.go) are shared.
type tmplKind struct {
	Kind     string // WorkflowTemplate
	resource string // workflowtemplate, as kubectl names it in messages
	cluster  bool
	command  string // template | cluster-template
}

var (
	workflowTemplateKind        = tmplKind{Kind: "WorkflowTemplate", resource: "workflowtemplate", command: "template"}
	clusterWorkflowTemplateKind = tmplKind{Kind: "ClusterWorkflowTemplate", resource: "clusterworkflowtemplate", cluster: true, command: "cluster-template"}
)

// tmplItem is one (Cluster)WorkflowTemplate, whichever its kind.
type tmplItem struct {
	obj  client.Object
	spec *wfv1.WorkflowSpec
}

func (k tmplKind) newObject(namespace, name string) tmplItem {
	if k.cluster {
		t := &wfv1.ClusterWorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Name: name}}
		return tmplItem{obj: t, spec: &t.Spec}
	}
	t := &wfv1.WorkflowTemplate{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	return tmplItem{obj: t, spec: &t.Spec}
}

// item views a decoded object as a template of this kind; false for any other kind.
func (k tmplKind) item(obj runtime.Object) (tmplItem, bool) {
	switch t := obj.(type) {
	case *wfv1.WorkflowTemplate:
		return tmplItem{obj: t, spec: &t.Spec}, !k.cluster
	case *wfv1.ClusterWorkflowTemplate:
		return tmplItem{obj: t, spec: &t.Spec}, k.cluster
	}
	return tmplItem{}, false
}

// namespace is where the verb acts: none for cluster templates, "" for all with -A.
func (k tmplKind) namespace(o *cli.Options, list bool) (string, error) {
	switch {
	case k.cluster:
		return "", nil
	case list:
		return o.ListNamespace()
	}
	return o.Namespace()
}

// get reads one template.
func (k tmplKind) get(ctx context.Context, c client.Client, namespace, name string) (tmplItem, error) {
	it := k.newObject(namespace, name)
	return it, c.Get(ctx, client.ObjectKeyFromObject(it.obj), it.obj)
}

// list reads the templates of a namespace ("" all), sorted by namespace and name, and the
// list object for -o json|yaml|name.
func (k tmplKind) list(ctx context.Context, c client.Client, namespace string) ([]tmplItem, runtime.Object, error) {
	var items []tmplItem
	var list client.ObjectList
	if k.cluster {
		l := &wfv1.ClusterWorkflowTemplateList{}
		if err := c.List(ctx, l); err != nil {
			return nil, nil, err
		}
		for i := range l.Items {
			items = append(items, tmplItem{obj: &l.Items[i], spec: &l.Items[i].Spec})
		}
		list = l
	} else {
		l := &wfv1.WorkflowTemplateList{}
		if err := c.List(ctx, l, client.InNamespace(namespace)); err != nil {
			return nil, nil, err
		}
		for i := range l.Items {
			items = append(items, tmplItem{obj: &l.Items[i], spec: &l.Items[i].Spec})
		}
		list = l
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].obj, items[j].obj
		if a.GetNamespace() != b.GetNamespace() {
			return a.GetNamespace() < b.GetNamespace()
		}
		return a.GetName() < b.GetName()
	})
	return items, list, nil
}

// completeNames completes template names for get and delete.
func (k tmplKind) completeNames(o *cli.Options) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		c, err := o.NewClient()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ns, err := k.namespace(o, false)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		items, _, err := k.list(cmd.Context(), c, ns)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		names := make([]string, len(items))
		for i, it := range items {
			names[i] = it.obj.GetName()
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

// NewCmdTemplate returns `kubectl wf template`, the WorkflowTemplate verbs.
func NewCmdTemplate(o *cli.Options) *cobra.Command {
	return newTemplateCommand(o, workflowTemplateKind, []string{"tmpl", "wftmpl"})
}

func newTemplateCommand(o *cli.Options, k tmplKind, aliases []string) *cobra.Command {
	cmd := &cobra.Command{
		Use:     k.command,
		Aliases: aliases,
		Short:   fmt.Sprintf("Create, list, show, delete and lint %ss", k.Kind),
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newCmdTemplateCreate(o, k),
		newCmdTemplateList(o, k),
		newCmdTemplateGet(o, k),
		newCmdTemplateDelete(o, k),
		newCmdTemplateLint(o, k),
	)
	return cmd
}
