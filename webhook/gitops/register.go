// Package gitops admits GitOps objects: Application and AppProject.
// Each kind goes to a typed admission.Validator running api/validate with the cluster lookup.
package gitops

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/webhook/admit"
)

// Kinds are the kinds this package validates.
var Kinds = []string{"Application", "AppProject"}

// Register routes this tool's kinds to their validators.
func Register(d *admit.Dispatcher, s *runtime.Scheme, l validate.Lookup) error {
	return errors.Join(
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.Application]{Kind: "Application", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.AppProject]{Kind: "AppProject", Lookup: l}),
	)
}
