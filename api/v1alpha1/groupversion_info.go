// Package v1alpha1 holds Skiff's argoproj.io/v1alpha1 API: the fourteen Argo kinds with
// upstream's field names and JSON tags, so existing Argo manifests decode unchanged.
//
// Go type names carry a family prefix where upstream names would collide across the four
// tools (workflows keep plain names; Rollouts types start with Rollout/Canary/BlueGreen/
// Analysis/Experiment; Argo CD types with App; Argo Events types with EventSource/Sensor/
// EventBus/Events). Only Go names differ from upstream: the wire format is identical.
//
// +kubebuilder:object:generate=true
// +groupName=argoproj.io
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// GroupVersion is the API group and version of every Skiff kind.
var GroupVersion = schema.GroupVersion{Group: "argoproj.io", Version: "v1alpha1"}

// SchemeBuilder collects the kinds; each kind's file registers itself in init. It depends on
// apimachinery only, so importing the API stays cheap for clients.
var SchemeBuilder = &kindRegistry{}

// kindRegistry records the kinds' Go types until they are added to a scheme.
type kindRegistry struct{ objects []runtime.Object }

// Register records kinds (each kind with its list type).
func (r *kindRegistry) Register(objects ...runtime.Object) {
	r.objects = append(r.objects, objects...)
}

// AddToScheme adds all Skiff kinds, and the meta types their lists and options need, to s.
func AddToScheme(s *runtime.Scheme) error {
	s.AddKnownTypes(GroupVersion, SchemeBuilder.objects...)
	metav1.AddToGroupVersion(s, GroupVersion)
	return nil
}
