// Package workflows admits the Workflow family: Workflow, WorkflowTemplate,
// ClusterWorkflowTemplate and CronWorkflow.
// Each kind goes to a typed admission.Validator running api/validate with the cluster lookup.
package workflows

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/webhook/admit"
)

// Kinds are the kinds this package validates.
var Kinds = []string{"Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"}

// Register routes this tool's kinds to their validators.
func Register(d *admit.Dispatcher, s *runtime.Scheme, l validate.Lookup) error {
	return errors.Join(
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.Workflow]{Kind: "Workflow", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.WorkflowTemplate]{Kind: "WorkflowTemplate", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.ClusterWorkflowTemplate]{Kind: "ClusterWorkflowTemplate", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.CronWorkflow]{Kind: "CronWorkflow", Lookup: l}),
	)
}
