package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// The labels and annotation upstream puts on workflows submitted from another resource, so
// `kubectl wf list -l` and the UI can tell where a run came from.
const (
	labelWorkflowTemplate        = wfv1.LabelWorkflowTemplate
	labelClusterWorkflowTemplate = wfv1.LabelClusterWorkflowTemplate
	labelCronWorkflow            = wfv1.LabelCronWorkflow
	annotationScheduledTime      = wfv1.AnnotationScheduledTime
)

// fromResource builds the Workflow of `submit --from KIND/NAME` as upstream's argo submit
// does: a (Cluster)WorkflowTemplate is run by reference (spec.workflowTemplateRef, so the
// controller merges and stores its spec); a CronWorkflow's workflowSpec and workflowMetadata
// are copied, with the CronWorkflow as owner.
func (s *SubmitOptions) fromResource(ctx context.Context, c client.Client) (*wfv1.Workflow, error) {
	kind, name, ok := strings.Cut(s.From, "/")
	if !ok || name == "" {
		return nil, fmt.Errorf("--from %q: want KIND/NAME, e.g. workflowtemplate/my-template", s.From)
	}
	wf := &wfv1.Workflow{
		TypeMeta:   metav1.TypeMeta{Kind: "Workflow", APIVersion: wfv1.GroupVersion.String()},
		ObjectMeta: metav1.ObjectMeta{GenerateName: name + "-", Namespace: s.namespace, Labels: map[string]string{}},
	}
	switch strings.ToLower(kind) {
	case "workflowtemplate", "workflowtemplates", "wftmpl":
		t := &wfv1.WorkflowTemplate{}
		if err := c.Get(ctx, client.ObjectKey{Namespace: s.namespace, Name: name}, t); err != nil {
			return nil, fmt.Errorf("--from %s: %w", s.From, err)
		}
		wf.Spec.WorkflowTemplateRef = &wfv1.WorkflowTemplateRef{Name: name}
		wf.Labels[labelWorkflowTemplate] = name
	case "clusterworkflowtemplate", "clusterworkflowtemplates", "cwftmpl", "cwft":
		t := &wfv1.ClusterWorkflowTemplate{}
		if err := c.Get(ctx, client.ObjectKey{Name: name}, t); err != nil {
			return nil, fmt.Errorf("--from %s: %w", s.From, err)
		}
		wf.Spec.WorkflowTemplateRef = &wfv1.WorkflowTemplateRef{Name: name, ClusterScope: ptr(true)}
		wf.Labels[labelClusterWorkflowTemplate] = name
	case "cronworkflow", "cronworkflows", "cronwf", "cwf":
		cw := &wfv1.CronWorkflow{}
		if err := c.Get(ctx, client.ObjectKey{Namespace: s.namespace, Name: name}, cw); err != nil {
			return nil, fmt.Errorf("--from %s: %w", s.From, err)
		}
		wf.Spec = *cw.Spec.WorkflowSpec.DeepCopy()
		wf.Annotations = map[string]string{}
		if md := cw.Spec.WorkflowMetadata; md != nil {
			for k, v := range md.Labels {
				wf.Labels[k] = v
			}
			for k, v := range md.Annotations {
				wf.Annotations[k] = v
			}
		}
		wf.Labels[labelCronWorkflow] = name
		wf.Annotations[annotationScheduledTime] = s.Now().UTC().Format(time.RFC3339)
		wf.OwnerReferences = []metav1.OwnerReference{*metav1.NewControllerRef(cw, wfv1.GroupVersion.WithKind("CronWorkflow"))}
	default:
		return nil, fmt.Errorf("--from %q: kind %q: want workflowtemplate, clusterworkflowtemplate or cronwf", s.From, kind)
	}
	return wf, nil
}

// completeFrom completes --from: the kinds, then the names of that kind in the namespace.
func completeFrom(o *cli.Options) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		kind, _, ok := strings.Cut(typed, "/")
		if !ok {
			return []string{"workflowtemplate/", "clusterworkflowtemplate/", "cronwf/"}, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
		}
		c, err := o.NewClient()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ns, err := o.Namespace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		switch kind {
		case "workflowtemplate", "clusterworkflowtemplate":
			k := workflowTemplateKind
			if kind == "clusterworkflowtemplate" {
				k = clusterWorkflowTemplateKind
			}
			items, _, err := k.list(cmd.Context(), c, ns)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			for _, it := range items {
				names = append(names, kind+"/"+it.obj.GetName())
			}
		case "cronwf":
			var l wfv1.CronWorkflowList
			if err := c.List(cmd.Context(), &l, client.InNamespace(ns)); err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			for _, cw := range l.Items {
				names = append(names, kind+"/"+cw.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
