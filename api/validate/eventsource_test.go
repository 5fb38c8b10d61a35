package validate

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func baseEventSource() *v1alpha1.EventSource {
	return &v1alpha1.EventSource{
		ObjectMeta: metav1.ObjectMeta{Name: "es", Namespace: "ns"},
		Spec: v1alpha1.EventSourceSpec{
			Webhook:  map[string]v1alpha1.EventSourceWebhook{"example": {EventSourceWebhookContext: v1alpha1.EventSourceWebhookContext{Endpoint: "/example", Port: "12000", Method: "POST"}}},
			Calendar: map[string]v1alpha1.EventSourceCalendar{"tick": {Interval: "10s"}},
		},
	}
}

func TestEventSourceRules(t *testing.T) {
	wh := func(e *v1alpha1.EventSource, f func(*v1alpha1.EventSourceWebhookContext)) {
		w := e.Spec.Webhook["example"]
		f(&w.EventSourceWebhookContext)
		e.Spec.Webhook["example"] = w
	}
	oRun(t, baseEventSource, EventSource, []oCase[*v1alpha1.EventSource]{
		{name: "valid"},
		{name: "endpoint without slash", mutate: func(e *v1alpha1.EventSource) {
			wh(e, func(w *v1alpha1.EventSourceWebhookContext) { w.Endpoint = "example" })
		},
			want: "spec.webhook[example].endpoint: Invalid value: \"example\": endpoint must start with '/'"},
		{name: "port not numeric", mutate: func(e *v1alpha1.EventSource) { wh(e, func(w *v1alpha1.EventSourceWebhookContext) { w.Port = "http" }) }, want: "spec.webhook[example].port"},
		{name: "port missing", mutate: func(e *v1alpha1.EventSource) { wh(e, func(w *v1alpha1.EventSourceWebhookContext) { w.Port = "" }) }, want: "port can't be empty"},
		{name: "calendar neither", mutate: func(e *v1alpha1.EventSource) { e.Spec.Calendar["tick"] = v1alpha1.EventSourceCalendar{} }, want: "must have either schedule or interval"},
		{name: "calendar schedule bad", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Calendar["tick"] = v1alpha1.EventSourceCalendar{Schedule: "every minute"}
		}, want: "spec.calendar[tick].schedule"},
		{name: "calendar schedule ok", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Calendar["tick"] = v1alpha1.EventSourceCalendar{Schedule: "30 * * * *"}
		}},
		{name: "calendar interval bad", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Calendar["tick"] = v1alpha1.EventSourceCalendar{Interval: "often"}
		}, want: "spec.calendar[tick].interval"},
		{name: "duplicate event name", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Calendar["example"] = v1alpha1.EventSourceCalendar{Interval: "1m"}
		}, want: "event names must be unique"},
		{name: "no events", mutate: func(e *v1alpha1.EventSource) { e.Spec.Webhook, e.Spec.Calendar = nil, nil }, want: "spec: Required value"},
		{name: "resource without event types", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Resource = map[string]v1alpha1.EventSourceResource{"pods": {Version: "v1", Resource: "pods"}}
		}, want: "spec.resource[pods].eventTypes: Required value"},
		{name: "kafka without topic", mutate: func(e *v1alpha1.EventSource) {
			e.Spec.Kafka = map[string]v1alpha1.EventSourceKafka{"k": {URL: "kafka:9092", Partition: "0"}}
		}, want: "spec.kafka[k].topic: Required value"},
	})
}

func TestEventBusRules(t *testing.T) {
	base := func() *v1alpha1.EventBus {
		cfg := "maxAge: 72h\nduplicates: 300s\n"
		return &v1alpha1.EventBus{Spec: v1alpha1.EventBusSpec{JetStream: &v1alpha1.EventBusJetStreamBus{Version: "latest", Replicas: oI32(3), StreamConfig: &cfg}}}
	}
	oRun(t, base, EventBus, []oCase[*v1alpha1.EventBus]{
		{name: "valid"},
		{name: "no version", mutate: func(b *v1alpha1.EventBus) { b.Spec.JetStream.Version = "" }, want: "a version for jetstream needs to be specified"},
		{name: "two replicas", mutate: func(b *v1alpha1.EventBus) { b.Spec.JetStream.Replicas = oI32(2) }, want: "requires 1 replica or >= 3 replicas"},
		{name: "one replica", mutate: func(b *v1alpha1.EventBus) { b.Spec.JetStream.Replicas = oI32(1) }},
		{name: "maxAge bad", mutate: func(b *v1alpha1.EventBus) { cfg := "maxAge: 3 days"; b.Spec.JetStream.StreamConfig = &cfg }, want: "spec.jetstream.streamConfig[maxAge]"},
		{name: "no bus", mutate: func(b *v1alpha1.EventBus) { b.Spec.JetStream = nil }, want: "needs to be specified"},
	})
}
