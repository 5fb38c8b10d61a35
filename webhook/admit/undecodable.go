package admit

import (
	"context"
	"encoding/json"
	"net/http"

	admissionv1 "k8s.io/api/admission/v1"
	kerrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/skiff-dev/skiff/api/decodeerr"
)

// undecodable guards a typed handler against objects its Go type cannot hold (a boolean
// where the schema wants a string, a string where it wants a list). controller-runtime's
// typed handlers answer those with encoding/json's message, in Go's words and without list
// indexes, and the API server calls mutating webhooks before it checks the CRD schema, so
// that message would pre-empt the schema's own. Instead a mutating webhook lets such an
// object through unchanged (the schema then rejects it, as kubectl users know), and a
// validating webhook, reached only when the schema accepted the object, denies it with field
// errors naming the JSON path.
type undecodable struct {
	typed    admission.Handler
	decoder  admission.Decoder
	newObj   func() runtime.Object
	gk       schema.GroupKind
	mutating bool
}

// Handle implements admission.Handler. The typed handler runs first: the common case pays
// for one decode; only a Bad Request answer (all the typed handlers give for a decode
// failure) is looked at again.
func (u undecodable) Handle(ctx context.Context, req admission.Request) admission.Response {
	resp := u.typed.Handle(ctx, req)
	if resp.Allowed || resp.Result == nil || resp.Result.Code != http.StatusBadRequest || len(req.Object.Raw) == 0 {
		return resp
	}
	err := u.decoder.DecodeRaw(req.Object, u.newObj())
	if err == nil {
		return resp
	}
	if u.mutating {
		return admission.Allowed("")
	}
	errs := decodeerr.FieldErrors(req.Object.Raw, err)
	Denials.WithLabelValues(u.gk.Kind, Reason(errs[0])).Inc()
	status := kerrors.NewInvalid(u.gk, objectName(req), errs).Status()
	return admission.Response{AdmissionResponse: admissionv1.AdmissionResponse{Allowed: false, Result: &status}}
}

// objectName is the object's name for the message: the request's, else metadata.name or
// metadata.generateName read leniently from the raw object.
func objectName(req admission.Request) string {
	if req.Name != "" {
		return req.Name
	}
	var m struct {
		Metadata struct {
			Name         any `json:"name"`
			GenerateName any `json:"generateName"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(req.Object.Raw, &m)
	for _, v := range []any{m.Metadata.Name, m.Metadata.GenerateName} {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return ""
}
