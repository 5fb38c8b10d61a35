package admit

import (
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/metrics"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Denials counts denied admission requests by kind and by the reason of their first field
// error (Invalid, Required, Forbidden, NotFound, Duplicate, ..., or Unsupported for fields
// Skiff models but does not implement). controller-runtime's own webhook metrics
// (controller_runtime_webhook_latency_seconds, _requests_total, _requests_in_flight) sit
// beside it in the same registry.
var Denials = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "skiff_webhook_denials_total",
	Help: "Admission requests denied by Skiff's validating webhook, by kind and reason.",
}, []string{"kind", "reason"})

var registerOnce sync.Once

func init() {
	registerOnce.Do(func() { metrics.Registry.MustRegister(Denials) })
}

// Reason names a field error for the denial counter; the set is small and fixed.
func Reason(e *field.Error) string {
	if strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) {
		return "Unsupported"
	}
	switch e.Type {
	case field.ErrorTypeInvalid:
		return "Invalid"
	case field.ErrorTypeRequired:
		return "Required"
	case field.ErrorTypeForbidden:
		return "Forbidden"
	case field.ErrorTypeNotFound:
		return "NotFound"
	case field.ErrorTypeDuplicate:
		return "Duplicate"
	case field.ErrorTypeNotSupported:
		return "NotSupported"
	case field.ErrorTypeTooLong, field.ErrorTypeTooMany:
		return "TooLong"
	case field.ErrorTypeInternal:
		return "Internal"
	}
	return "Other"
}

// DenialCount reads the denial counter for a kind, summed over reasons (tests and
// benchmarks use it).
func DenialCount(kind string) float64 {
	ch := make(chan prometheus.Metric, 64)
	go func() { Denials.Collect(ch); close(ch) }()
	var n float64
	for m := range ch {
		var out dto.Metric
		if m.Write(&out) != nil {
			continue
		}
		for _, l := range out.GetLabel() {
			if l.GetName() == "kind" && l.GetValue() == kind {
				n += out.GetCounter().GetValue()
			}
		}
	}
	return n
}
