// Package rollouts admits progressive delivery: Rollout, AnalysisTemplate,
// ClusterAnalysisTemplate, AnalysisRun and Experiment.
// Each kind goes to a typed admission.Validator running api/validate with the cluster lookup.
package rollouts

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/webhook/admit"
)

// Kinds are the kinds this package validates.
var Kinds = []string{"Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun", "Experiment"}

// Register routes this tool's kinds to their validators.
func Register(d *admit.Dispatcher, s *runtime.Scheme, l validate.Lookup) error {
	return errors.Join(
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.Rollout]{Kind: "Rollout", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.AnalysisTemplate]{Kind: "AnalysisTemplate", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.ClusterAnalysisTemplate]{Kind: "ClusterAnalysisTemplate", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.AnalysisRun]{Kind: "AnalysisRun", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.Experiment]{Kind: "Experiment", Lookup: l}),
	)
}
