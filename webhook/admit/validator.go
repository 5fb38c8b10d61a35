package admit

import (
	"context"
	"reflect"

	"k8s.io/apimachinery/pkg/api/equality"
	kerrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
)

// Validator is the typed admission.Validator for one Skiff kind: it runs validate.Object with
// a cluster Lookup and turns its result into a denial (field errors) and warnings.
type Validator[T client.Object] struct {
	// Kind is the object's kind, for the denial's group-kind and the metrics.
	Kind string
	// Lookup resolves references (templates, projects, services...).
	Lookup validate.Lookup
	// Lint relaxes the rules upstream relaxes in lint mode.
	Lint bool
}

var _ admission.Validator[*v1alpha1.Workflow] = &Validator[*v1alpha1.Workflow]{}

// ValidateCreate validates a new object.
func (v *Validator[T]) ValidateCreate(ctx context.Context, obj T) (admission.Warnings, error) {
	return v.validate(ctx, obj)
}

// ValidateUpdate validates a changed object. Updates that leave the spec alone (labels,
// finalizers, annotations a plugin sets, the status of kinds without a status subresource)
// and updates of an object being deleted are admitted without validation: an object that
// was admitted once must never get stuck because a rule or a referenced object changed.
func (v *Validator[T]) ValidateUpdate(ctx context.Context, oldObj, newObj T) (admission.Warnings, error) {
	if newObj.GetDeletionTimestamp() != nil || sameSpec(oldObj, newObj) {
		return nil, nil
	}
	return v.validate(ctx, newObj)
}

// ValidateDelete admits every deletion.
func (v *Validator[T]) ValidateDelete(context.Context, T) (admission.Warnings, error) {
	return nil, nil
}

func (v *Validator[T]) validate(ctx context.Context, obj T) (admission.Warnings, error) {
	res := validate.Object(ctx, obj, validate.Options{Lookup: v.Lookup, Lint: v.Lint})
	if len(res.Errors) == 0 {
		return res.Warnings, nil
	}
	Denials.WithLabelValues(v.Kind, Reason(res.Errors[0])).Inc()
	gk := schema.GroupKind{Group: v1alpha1.GroupVersion.Group, Kind: v.Kind}
	name := obj.GetName()
	if name == "" {
		name = obj.GetGenerateName()
	}
	return res.Warnings, kerrors.NewInvalid(gk, name, res.Errors)
}

// sameSpec compares the Spec fields of two objects of a Skiff kind.
func sameSpec(a, b any) bool {
	av, bv := reflect.ValueOf(a), reflect.ValueOf(b)
	if av.Kind() != reflect.Pointer || bv.Kind() != reflect.Pointer || av.IsNil() || bv.IsNil() {
		return false
	}
	as, bs := av.Elem().FieldByName("Spec"), bv.Elem().FieldByName("Spec")
	if !as.IsValid() || !bs.IsValid() {
		return false
	}
	return equality.Semantic.DeepEqual(as.Interface(), bs.Interface())
}
