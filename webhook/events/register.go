// Package events admits event automation: EventSource, Sensor and EventBus.
// Each kind goes to a typed admission.Validator running api/validate with the cluster lookup.
package events

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/webhook/admit"
)

// Kinds are the kinds this package validates.
var Kinds = []string{"EventSource", "Sensor", "EventBus"}

// Register routes this tool's kinds to their validators.
func Register(d *admit.Dispatcher, s *runtime.Scheme, l validate.Lookup) error {
	return errors.Join(
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.EventSource]{Kind: "EventSource", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.Sensor]{Kind: "Sensor", Lookup: l}),
		admit.AddValidator(d, s, &admit.Validator[*v1alpha1.EventBus]{Kind: "EventBus", Lookup: l}),
	)
}
