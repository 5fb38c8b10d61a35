package validate

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/schedule"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// EventSource validates an EventSource: at least one event, event names unique across all
// source types (Sensors refer to an event by EventSource and event name), and each source
// with the fields Argo Events' own validation requires.
func EventSource(_ context.Context, es *v1alpha1.EventSource, _ Options) Result {
	var res Result
	sp := field.NewPath("spec")
	add := func(errs ...*field.Error) { res.Errors = append(res.Errors, errs...) }
	add(oNonNegative(sp.Child("replicas"), es.Spec.Replicas)...)

	names := evEventNames(&es.Spec)
	if len(names) == 0 {
		add(field.Required(sp, "an EventSource needs at least one event source"))
	}
	seen := map[string]string{}
	for _, n := range names {
		if first, dup := seen[n.name]; dup {
			add(field.Duplicate(sp.Child(n.kind).Key(n.name), fmt.Sprintf("event name %q is also used in spec.%s: event names must be unique in an EventSource", n.name, first)))
			continue
		}
		seen[n.name] = n.kind
	}

	s := &es.Spec
	for _, k := range oSortedKeys(s.Webhook) {
		w := s.Webhook[k]
		add(evWebhookContext(sp.Child("webhook").Key(k), &w.EventSourceWebhookContext)...)
		add(evFilter(sp.Child("webhook").Key(k).Child("filter"), w.Filter)...)
	}
	for _, k := range oSortedKeys(s.Calendar) {
		add(evCalendar(sp.Child("calendar").Key(k), s.Calendar[k])...)
	}
	for _, k := range oSortedKeys(s.Resource) {
		add(evResource(sp.Child("resource").Key(k), s.Resource[k])...)
	}
	for _, k := range oSortedKeys(s.File) {
		f := s.File[k]
		p := sp.Child("file").Key(k)
		if f.EventType == "" {
			add(field.Required(p.Child("eventType"), "type of file event (CREATE, WRITE, REMOVE, RENAME or CHMOD)"))
		}
		add(evWatchPath(p.Child("watchPathConfig"), f.WatchPathConfig)...)
		add(evFilter(p.Child("filter"), f.Filter)...)
	}
	for _, k := range oSortedKeys(s.Minio) {
		add(evS3(sp.Child("minio").Key(k), s.Minio[k])...)
	}
	for _, k := range oSortedKeys(s.AMQP) {
		a := s.AMQP[k]
		p := sp.Child("amqp").Key(k)
		if (a.URL == "") == (a.URLSecret == nil) {
			add(field.Required(p.Child("url"), "exactly one of url and urlSecret must be set"))
		}
		add(evRequired(p, "exchangeName", a.ExchangeName, "exchangeType", a.ExchangeType, "routingKey", a.RoutingKey)...)
		add(evBackoff(p.Child("connectionBackoff"), a.ConnectionBackoff)...)
		add(evFilter(p.Child("filter"), a.Filter)...)
	}
	for _, k := range oSortedKeys(s.Kafka) {
		kf := s.Kafka[k]
		p := sp.Child("kafka").Key(k)
		add(evRequired(p, "url", kf.URL, "topic", kf.Topic)...)
		if kf.Partition == "" && kf.ConsumerGroup == nil {
			add(field.Required(p.Child("partition"), "a partition is required unless a consumerGroup is set"))
		} else if kf.Partition != "" {
			if _, err := strconv.Atoi(kf.Partition); err != nil {
				add(field.Invalid(p.Child("partition"), kf.Partition, "must be an integer"))
			}
		}
		if kf.ConsumerGroup != nil && kf.ConsumerGroup.GroupName == "" {
			add(field.Required(p.Child("consumerGroup", "groupName"), ""))
		}
		add(evBackoff(p.Child("connectionBackoff"), kf.ConnectionBackoff)...)
		add(evFilter(p.Child("filter"), kf.Filter)...)
	}
	for _, k := range oSortedKeys(s.MQTT) {
		m := s.MQTT[k]
		p := sp.Child("mqtt").Key(k)
		add(evRequired(p, "url", m.URL, "topic", m.Topic, "clientId", m.ClientID)...)
		add(evBackoff(p.Child("connectionBackoff"), m.ConnectionBackoff)...)
		add(evFilter(p.Child("filter"), m.Filter)...)
	}
	for _, k := range oSortedKeys(s.NATS) {
		n := s.NATS[k]
		p := sp.Child("nats").Key(k)
		add(evRequired(p, "url", n.URL, "subject", n.Subject)...)
		add(evBackoff(p.Child("connectionBackoff"), n.ConnectionBackoff)...)
		add(evFilter(p.Child("filter"), n.Filter)...)
	}
	for _, k := range oSortedKeys(s.Redis) {
		r := s.Redis[k]
		p := sp.Child("redis").Key(k)
		add(evRequired(p, "hostAddress", r.HostAddress)...)
		if len(r.Channels) == 0 {
			add(field.Required(p.Child("channels"), "at least one channel"))
		}
		add(evFilter(p.Child("filter"), r.Filter)...)
	}
	for _, k := range oSortedKeys(s.RedisStream) {
		r := s.RedisStream[k]
		p := sp.Child("redisStream").Key(k)
		add(evRequired(p, "hostAddress", r.HostAddress)...)
		if len(r.Streams) == 0 {
			add(field.Required(p.Child("streams"), "at least one stream"))
		}
		add(oNonNegative(p.Child("maxMsgCountPerRead"), r.MaxMsgCountPerRead)...)
		add(evFilter(p.Child("filter"), r.Filter)...)
	}
	return res
}

type evName struct{ kind, name string }

// evEventNames lists every event an EventSource defines, by source type (JSON name).
func evEventNames(s *v1alpha1.EventSourceSpec) []evName {
	var out []evName
	add := func(kind string, keys []string) {
		for _, k := range keys {
			out = append(out, evName{kind, k})
		}
	}
	add("minio", oSortedKeys(s.Minio))
	add("calendar", oSortedKeys(s.Calendar))
	add("file", oSortedKeys(s.File))
	add("resource", oSortedKeys(s.Resource))
	add("webhook", oSortedKeys(s.Webhook))
	add("amqp", oSortedKeys(s.AMQP))
	add("kafka", oSortedKeys(s.Kafka))
	add("mqtt", oSortedKeys(s.MQTT))
	add("nats", oSortedKeys(s.NATS))
	add("sns", oSortedKeys(s.SNS))
	add("sqs", oSortedKeys(s.SQS))
	add("pubSub", oSortedKeys(s.PubSub))
	add("github", oSortedKeys(s.Github))
	add("gitlab", oSortedKeys(s.Gitlab))
	add("hdfs", oSortedKeys(s.HDFS))
	add("slack", oSortedKeys(s.Slack))
	add("storageGrid", oSortedKeys(s.StorageGrid))
	add("azureEventsHub", oSortedKeys(s.AzureEventsHub))
	add("stripe", oSortedKeys(s.Stripe))
	add("emitter", oSortedKeys(s.Emitter))
	add("redis", oSortedKeys(s.Redis))
	add("nsq", oSortedKeys(s.NSQ))
	add("pulsar", oSortedKeys(s.Pulsar))
	add("generic", oSortedKeys(s.Generic))
	add("bitbucketserver", oSortedKeys(s.BitbucketServer))
	add("bitbucket", oSortedKeys(s.Bitbucket))
	add("redisStream", oSortedKeys(s.RedisStream))
	add("azureServiceBus", oSortedKeys(s.AzureServiceBus))
	add("azureQueueStorage", oSortedKeys(s.AzureQueueStorage))
	add("sftp", oSortedKeys(s.SFTP))
	add("gerrit", oSortedKeys(s.Gerrit))
	add("mns", oSortedKeys(s.MNS))
	return out
}

// evEventNameList returns the event names an EventSource defines, sorted; Sensors name them.
func evEventNameList(es *v1alpha1.EventSource) []string {
	var out []string
	for _, n := range evEventNames(&es.Spec) {
		out = append(out, n.name)
	}
	sort.Strings(out)
	return out
}

// evRequired reports each empty (name, value) pair as a required field.
func evRequired(p *field.Path, pairs ...string) field.ErrorList {
	var errs field.ErrorList
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			errs = append(errs, field.Required(p.Child(pairs[i]), ""))
		}
	}
	return errs
}

func evWebhookContext(p *field.Path, w *v1alpha1.EventSourceWebhookContext) field.ErrorList {
	var errs field.ErrorList
	switch {
	case w.Endpoint == "":
		errs = append(errs, field.Required(p.Child("endpoint"), "endpoint can't be empty"))
	case !strings.HasPrefix(w.Endpoint, "/"):
		errs = append(errs, field.Invalid(p.Child("endpoint"), w.Endpoint, "endpoint must start with '/'"))
	}
	if w.Port == "" {
		errs = append(errs, field.Required(p.Child("port"), "port can't be empty"))
	} else if n, err := strconv.Atoi(w.Port); err != nil || n < 1 || n > 65535 {
		errs = append(errs, field.Invalid(p.Child("port"), w.Port, "must be a port number between 1 and 65535"))
	}
	if (w.ServerCertSecret == nil) != (w.ServerKeySecret == nil) {
		errs = append(errs, field.Invalid(p.Child("serverCertSecret"), "<secret>", "serverCertSecret and serverKeySecret must be set together"))
	}
	if w.MaxPayloadSize != nil && *w.MaxPayloadSize <= 0 {
		errs = append(errs, field.Invalid(p.Child("maxPayloadSize"), *w.MaxPayloadSize, "must be greater than 0"))
	}
	return errs
}

func evCalendar(p *field.Path, c v1alpha1.EventSourceCalendar) field.ErrorList {
	var errs field.ErrorList
	if c.Schedule == "" && c.Interval == "" {
		errs = append(errs, field.Required(p, "must have either schedule or interval"))
	}
	if c.Schedule != "" {
		if _, err := schedule.OneWithSeconds(c.Schedule); overLimit(err) {
			errs = append(errs, invalidText(p.Child("schedule"), c.Schedule, "schedule "+err.Error(), err))
		} else if err != nil {
			errs = append(errs, field.Invalid(p.Child("schedule"), c.Schedule, "failed to parse schedule: "+err.Error()))
		}
	}
	if c.Interval != "" {
		if d, err := time.ParseDuration(c.Interval); err != nil || d <= 0 {
			errs = append(errs, field.Invalid(p.Child("interval"), c.Interval, "must be a positive duration such as \"10s\""))
		}
	}
	if c.Timezone != "" {
		if _, err := time.LoadLocation(c.Timezone); err != nil {
			errs = append(errs, field.Invalid(p.Child("timezone"), c.Timezone, "unknown time zone"))
		}
	}
	for i, d := range c.ExclusionDates {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			errs = append(errs, field.Invalid(p.Child("exclusionDates").Index(i), d, "must be a date such as 2024-12-25"))
		}
	}
	if ps := c.Persistence; ps != nil && ps.Catchup != nil {
		errs = append(errs, oDuration(p.Child("persistence", "catchup", "maxDuration"), ps.Catchup.MaxDuration)...)
	}
	errs = append(errs, evFilter(p.Child("filter"), c.Filter)...)
	return errs
}

var evResourceEventTypes = []string{"ADD", "UPDATE", "DELETE"}

func evResource(p *field.Path, r v1alpha1.EventSourceResource) field.ErrorList {
	errs := evRequired(p, "version", r.Version, "resource", r.Resource)
	if len(r.EventTypes) == 0 {
		errs = append(errs, field.Required(p.Child("eventTypes"), "event types must be specified (ADD, UPDATE, DELETE)"))
	}
	for i, t := range r.EventTypes {
		if !oContains(evResourceEventTypes, t) {
			errs = append(errs, field.NotSupported(p.Child("eventTypes").Index(i), t, evResourceEventTypes))
		}
	}
	if f := r.Filter; f != nil {
		for i, l := range f.Labels {
			if l.Key == "" {
				errs = append(errs, field.Required(p.Child("filter", "labels").Index(i).Child("key"), ""))
			}
		}
		for i, l := range f.Fields {
			if l.Key == "" {
				errs = append(errs, field.Required(p.Child("filter", "fields").Index(i).Child("key"), ""))
			}
		}
	}
	return errs
}

func evWatchPath(p *field.Path, w *v1alpha1.EventSourceWatchPathConfig) field.ErrorList {
	if w == nil {
		return field.ErrorList{field.Required(p, "")}
	}
	var errs field.ErrorList
	if w.Directory == "" {
		errs = append(errs, field.Required(p.Child("directory"), "directory to watch"))
	}
	if (w.Path == "") == (w.PathRegexp == "") {
		errs = append(errs, field.Required(p.Child("path"), "exactly one of path and pathRegexp must be set"))
	}
	return errs
}

func evS3(p *field.Path, s v1alpha1.EventsS3Artifact) field.ErrorList {
	errs := evRequired(p, "endpoint", s.Endpoint)
	if s.Bucket == nil || s.Bucket.Name == "" {
		errs = append(errs, field.Required(p.Child("bucket", "name"), "bucket name can't be empty"))
	}
	if len(s.Events) == 0 {
		errs = append(errs, field.Required(p.Child("events"), "event types can't be empty"))
	}
	for _, sec := range []struct {
		name string
		s    *corev1.SecretKeySelector
	}{{"accessKey", s.AccessKey}, {"secretKey", s.SecretKey}} {
		if sec.s != nil && (sec.s.Name == "" || sec.s.Key == "") {
			errs = append(errs, field.Required(p.Child(sec.name), "a secret selector needs name and key"))
		}
	}
	return errs
}

// evBackoff: a backoff's duration is nanoseconds or a Go duration; steps are not negative.
func evBackoff(p *field.Path, b *v1alpha1.EventsBackoff) field.ErrorList {
	if b == nil {
		return nil
	}
	var errs field.ErrorList
	if d := b.Duration; d != nil && d.Type == v1alpha1.EventsString {
		errs = append(errs, oDuration(p.Child("duration"), d.StrVal)...)
	}
	if d := b.Duration; d != nil && d.Type == v1alpha1.EventsInt64 && d.Int64Val < 0 {
		errs = append(errs, field.Invalid(p.Child("duration"), d.Int64Val, "must be greater than or equal to 0"))
	}
	errs = append(errs, oNonNegative(p.Child("steps"), b.Steps)...)
	return errs
}

// evFilter: an EventSource filter expression must parse.
func evFilter(p *field.Path, f *v1alpha1.EventSourceFilter) field.ErrorList {
	if f == nil || f.Expression == "" {
		return nil
	}
	if err := oExprCheck(f.Expression, nil); err != nil {
		return field.ErrorList{invalidText(p.Child("expression"), f.Expression, err.Error(), err)}
	}
	return nil
}
