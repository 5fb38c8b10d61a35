package mutate

import (
	"strconv"

	appsv1 "k8s.io/api/apps/v1"
)

// Adoption annotations and label.
const (
	AnnotationStrategy = "rollouts.skiff.dev/strategy"
	AnnotationReplicas = "rollouts.skiff.dev/replicas"
	LabelAdopt         = "rollouts.skiff.dev/adopt"

	StrategyCanary    = "canary"
	StrategyBlueGreen = "blueGreen"
)

// Adopt applies the adoption contract to a Deployment being created or updated.
// namespaceAdopts is true when the Deployment's namespace is labelled
// rollouts.skiff.dev/adopt=true. It reports whether it changed the Deployment.
func Adopt(d *appsv1.Deployment, namespaceAdopts bool) bool {
	ann := d.GetAnnotations()
	strategy, hasStrategy := ann[AnnotationStrategy]
	_, adopted := ann[AnnotationReplicas]
	eligible := namespaceAdopts || strategy == StrategyCanary || strategy == StrategyBlueGreen
	if hasStrategy && strategy != StrategyCanary && strategy != StrategyBlueGreen {
		eligible = false // an unknown strategy is the Rollout validation's to report
	}
	if !eligible && !adopted {
		return false
	}
	if d.Spec.Replicas != nil && *d.Spec.Replicas == 0 && adopted {
		return false
	}
	if ann == nil {
		ann = map[string]string{}
	}
	replicas := int32(1)
	if d.Spec.Replicas != nil {
		replicas = *d.Spec.Replicas
	}
	if !adopted || replicas != 0 {
		ann[AnnotationReplicas] = strconv.Itoa(int(replicas))
	}
	if !hasStrategy && namespaceAdopts {
		ann[AnnotationStrategy] = StrategyCanary
	}
	d.SetAnnotations(ann)
	zero := int32(0)
	d.Spec.Replicas = &zero
	return true
}
