package v1alpha1

import (
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// UnsupportedMessage is the reason given for every field Skiff models but does not implement.
const UnsupportedMessage = "not supported by Skiff"

// A path pattern addresses a field by its JSON names: "." between fields, "[]" after a list
// and "{}" after a map, e.g. "spec.templates[].containerSet" or "spec.sqs{}". The types model
// these fields so that Argo YAML decodes and nothing is dropped; validation then rejects them
// with "not supported by Skiff: <path>" instead of ignoring them. When a feature lands, its
// pattern leaves this list (the registry test checks every pattern still names a field).
var unsupportedByKind = map[string][]string{
	"Workflow":                prefixed("spec.", workflowSpecUnsupported),
	"WorkflowTemplate":        prefixed("spec.", workflowSpecUnsupported),
	"ClusterWorkflowTemplate": prefixed("spec.", workflowSpecUnsupported),
	"CronWorkflow":            prefixed("spec.workflowSpec.", workflowSpecUnsupported),
	"Rollout":                 rolloutUnsupported,
	"AnalysisTemplate":        prefixed("spec.", analysisSpecUnsupported),
	"ClusterAnalysisTemplate": prefixed("spec.", analysisSpecUnsupported),
	"AnalysisRun":             prefixed("spec.", analysisSpecUnsupported),
	"Experiment":              nil,
	"EventSource":             eventSourceUnsupported,
	"Sensor":                  sensorUnsupported,
	"EventBus":                eventBusUnsupported,
	"Application":             applicationUnsupported,
	"AppProject":              appProjectUnsupported,
}

// ignoredByKind lists legacy fields that upstream accepts and ignores, which its own examples
// still carry. Skiff accepts them too, so that such YAML applies unchanged, but validation warns
// that they have no effect rather than ignoring them silently.
var ignoredByKind = map[string][]string{
	"EventSource": {"spec.type", "spec.replica"},
	"Sensor": crossJoin([]string{"spec.triggers[].template", "spec.triggers[].dlqTrigger.template"}, []string{
		"atLeastOnce", "policy",
		"k8s.group", "k8s.version", "k8s.resource",
		"k8s.source.git.sshKeyPath", "k8s.source.git.namespace", "k8s.source.configmap.namespace",
		"argoWorkflow.source.git.sshKeyPath", "argoWorkflow.source.git.namespace", "argoWorkflow.source.configmap.namespace",
	}),
}

// IgnoredMessage is the warning given for a legacy field that has no effect.
const IgnoredMessage = "ignored, as by upstream: the field has no effect"

// FindIgnored returns the paths of legacy no-effect fields that obj sets, sorted.
func FindIgnored(kind string, obj map[string]any) []*field.Path {
	return findAll(ignoredByKind[kind], obj)
}

// UnsupportedPatterns returns the path patterns of kind that Skiff rejects.
func UnsupportedPatterns(kind string) []string {
	return append([]string(nil), unsupportedByKind[kind]...)
}

// FindUnsupported returns the paths of the unsupported fields that obj (a decoded JSON
// object of the given kind) sets, sorted. Fields set to null count as unset.
func FindUnsupported(kind string, obj map[string]any) []*field.Path {
	return findAll(unsupportedByKind[kind], obj)
}

func findAll(patterns []string, obj map[string]any) []*field.Path {
	var found []*field.Path
	for _, pattern := range patterns {
		found = append(found, match(obj, splitPattern(pattern), nil)...)
	}
	sort.Slice(found, func(i, j int) bool { return found[i].String() < found[j].String() })
	return found
}

func prefixed(prefix string, patterns []string) []string {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		out[i] = prefix + p
	}
	return out
}

// splitPattern turns "a.b[].c{}" into the steps a, b, [], c, {}.
func splitPattern(pattern string) []string {
	var steps []string
	for _, part := range strings.Split(pattern, ".") {
		var suffixes []string
		for strings.HasSuffix(part, "[]") || strings.HasSuffix(part, "{}") {
			suffixes = append([]string{part[len(part)-2:]}, suffixes...)
			part = part[:len(part)-2]
		}
		steps = append(append(steps, part), suffixes...)
	}
	return steps
}

// match walks v along steps and returns the paths where the last step holds a value.
func match(v any, steps []string, path *field.Path) []*field.Path {
	if len(steps) == 0 {
		if isUnset(v) {
			return nil
		}
		return []*field.Path{path}
	}
	var out []*field.Path
	switch step := steps[0]; step {
	case "[]":
		list, _ := v.([]any)
		for i, e := range list {
			out = append(out, match(e, steps[1:], path.Index(i))...)
		}
	case "{}":
		m, _ := v.(map[string]any)
		for k, e := range m {
			out = append(out, match(e, steps[1:], path.Key(k))...)
		}
	default:
		m, _ := v.(map[string]any)
		if e, ok := m[step]; ok {
			next := field.NewPath(step)
			if path != nil {
				next = path.Child(step)
			}
			out = match(e, steps[1:], next)
		}
	}
	return out
}

// isUnset: only an absent or null field is unset; an empty object such as `suspend: {}` or
// `plugin: {}` is a value that asks for the feature.
func isUnset(v any) bool { return v == nil }
