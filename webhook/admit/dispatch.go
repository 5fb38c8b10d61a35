package admit

import (
	"context"
	"fmt"
	"net/http"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// Dispatcher serves one webhook entry for several kinds: it hands each request to the typed
// handler of the request's group and kind. One entry means one name in kubectl's messages
// (validate.skiff.dev) and one TLS connection pool in the API server.
type Dispatcher struct {
	handlers map[schema.GroupKind]admission.Handler
}

// NewDispatcher returns an empty dispatcher.
func NewDispatcher() *Dispatcher {
	return &Dispatcher{handlers: map[schema.GroupKind]admission.Handler{}}
}

// Add routes a group-kind to a handler.
func (d *Dispatcher) Add(gk schema.GroupKind, h admission.Handler) {
	d.handlers[gk] = h
}

// Kinds lists the group-kinds routed.
func (d *Dispatcher) Kinds() []schema.GroupKind {
	out := make([]schema.GroupKind, 0, len(d.handlers))
	for gk := range d.handlers {
		out = append(out, gk)
	}
	return out
}

// Handle implements admission.Handler.
func (d *Dispatcher) Handle(ctx context.Context, req admission.Request) admission.Response {
	gk := schema.GroupKind{Group: req.Kind.Group, Kind: req.Kind.Kind}
	h, ok := d.handlers[gk]
	if !ok {
		// A configuration naming a kind no handler serves is a packaging bug: say so, loudly,
		// rather than admit silently.
		return admission.Errored(http.StatusBadRequest, fmt.Errorf("the Skiff webhook has no handler for %s", gk))
	}
	return h.Handle(ctx, req)
}

// Webhook wraps the dispatcher for registration on the webhook server.
func (d *Dispatcher) Webhook() *admission.Webhook {
	return &admission.Webhook{Handler: d, RecoverPanic: ptrTrue()}
}

func ptrTrue() *bool { b := true; return &b }

// AddValidator routes the kind of T to a typed validator.
func AddValidator[T client.Object](d *Dispatcher, s *runtime.Scheme, v *Validator[T]) error {
	gk, err := groupKindOf[T](s)
	if err != nil {
		return err
	}
	d.Add(gk, guard[T](s, gk, admission.WithValidator[T](s, v), false))
	return nil
}

// AddDefaulter routes the kind of T to a typed defaulter.
func AddDefaulter[T client.Object](d *Dispatcher, s *runtime.Scheme, def admission.Defaulter[T]) error {
	gk, err := groupKindOf[T](s)
	if err != nil {
		return err
	}
	d.Add(gk, guard[T](s, gk, admission.WithDefaulter[T](s, def), true))
	return nil
}

// guard wraps a typed handler so that an object its type cannot hold gets a Kubernetes
// answer, not a Go one (see undecodable).
func guard[T client.Object](s *runtime.Scheme, gk schema.GroupKind, typed admission.Handler, mutating bool) admission.Handler {
	var zero T
	return undecodable{typed: typed, decoder: admission.NewDecoder(s), newObj: func() runtime.Object { return newOf(zero) }, gk: gk, mutating: mutating}
}

func groupKindOf[T client.Object](s *runtime.Scheme) (schema.GroupKind, error) {
	var zero T
	obj := newOf(zero)
	gvks, _, err := s.ObjectKinds(obj)
	if err != nil {
		return schema.GroupKind{}, err
	}
	return gvks[0].GroupKind(), nil
}
