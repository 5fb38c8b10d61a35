package validate

import (
	"context"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// evStreamDurations are the duration settings of a JetStream streamConfig.
var evStreamDurations = []string{"maxAge", "duplicates"}

// EventBus validates an EventBus as Argo Events does: exactly one bus kind; a JetStream bus
// names its NATS version (upstream requires it, no default is applied) and runs 1 or at least
// 3 replicas (RAFT needs a majority); its streamConfig is YAML whose durations parse.
func EventBus(_ context.Context, b *v1alpha1.EventBus, _ Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	var kinds []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"nats", b.Spec.NATS != nil}, {"jetstream", b.Spec.JetStream != nil}, {"kafka", b.Spec.Kafka != nil}, {"jetstreamExotic", b.Spec.JetStreamExotic != nil}} {
		if k.set {
			kinds = append(kinds, k.name)
		}
	}
	switch {
	case len(kinds) == 0:
		add(field.Required(sp.Child("jetstream"), `invalid spec: either "nats", "jetstream", "jetstreamExotic", or "kafka" needs to be specified`))
	case len(kinds) > 1:
		add(field.Invalid(sp, strings.Join(kinds, ", "), "an EventBus sets exactly one of nats, jetstream, jetstreamExotic and kafka"))
	}
	if js := b.Spec.JetStream; js != nil {
		jp := sp.Child("jetstream")
		if js.Version == "" {
			add(field.Required(jp.Child("version"), "invalid spec: a version for jetstream needs to be specified"))
		}
		if r := js.Replicas; r != nil && (*r == 2 || *r <= 0) {
			add(field.Invalid(jp.Child("replicas"), *r, "invalid spec: a jetstream eventbus requires 1 replica or >= 3 replicas"))
		}
		if js.StreamConfig != nil {
			add(evStreamConfig(jp.Child("streamConfig"), *js.StreamConfig)...)
		}
		if p := js.Persistence; p != nil && p.VolumeSize != nil && p.VolumeSize.Sign() <= 0 {
			add(field.Invalid(jp.Child("persistence", "volumeSize"), p.VolumeSize.String(), "must be greater than 0"))
		}
	}
	if x := b.Spec.JetStreamExotic; x != nil {
		xp := sp.Child("jetstreamExotic")
		if x.URL == "" {
			add(field.Required(xp.Child("url"), `"spec.jetstreamExotic.url" is missing`))
		}
		if x.StreamConfig != "" {
			add(evStreamConfig(xp.Child("streamConfig"), x.StreamConfig)...)
		}
	}
	return res
}

func evStreamConfig(p *field.Path, cfg string) field.ErrorList {
	var m map[string]any
	if err := sigsyaml.Unmarshal([]byte(cfg), &m); err != nil {
		return field.ErrorList{field.Invalid(p, cfg, "must be a YAML map of stream settings: "+err.Error())}
	}
	var errs field.ErrorList
	for _, k := range evStreamDurations {
		v, ok := m[k]
		if !ok {
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			errs = append(errs, field.Invalid(p.Key(k), v, "must be a duration such as \"72h\""))
			continue
		}
		errs = append(errs, oDuration(p.Key(k), s)...)
	}
	for _, k := range []string{"maxMsgs", "maxBytes", "replicas"} {
		if v, ok := m[k].(float64); ok && v < -1 {
			errs = append(errs, field.Invalid(p.Key(k), v, "must be -1 (unlimited) or greater"))
		}
	}
	return errs
}
