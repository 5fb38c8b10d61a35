package validate

import "testing"

// TestWorkflowDurations: every Workflow-family duration is read by api/duration, so what the
// webhook admits is what the controller can run (a "1.5" suspend used to be admitted and then
// read as 0, ending the suspend at once).
func TestWorkflowDurations(t *testing.T) {
	leaf := func(extra string) string {
		return "  entrypoint: main\n  templates:\n  - name: main\n" + extra
	}
	ctr := "    container: {image: a, command: [x]}"
	runCases(t, []wfCase{
		{name: "suspend fractional seconds", bad: leaf("    suspend: {duration: \"1.5\"}"),
			good: leaf("    suspend: {duration: \"1.5s\"}"),
			want: `spec.templates[0].suspend.duration: Invalid value: "1.5": not an integer number of seconds or a duration`},
		{name: "suspend days", bad: leaf("    suspend: {duration: 1d}"), good: leaf("    suspend: {duration: 24h}"),
			want: `spec.templates[0].suspend.duration: Invalid value: "1d"`},
		{name: "suspend negative", bad: leaf("    suspend: {duration: \"-20\"}"), good: leaf("    suspend: {duration: \"20\"}"),
			want: `spec.templates[0].suspend.duration: Invalid value: "-20": must not be negative`},
		{name: "suspend too long", bad: leaf("    suspend: {duration: \"" + longDigits + "s\"}"), good: leaf("    suspend: {duration: \"{{workflow.parameters.d}}\"}\n  arguments: {parameters: [{name: d, value: '5'}]}"),
			want: "longer than 64 characters"},
		{name: "backoff maxDuration fractional", bad: leaf("    retryStrategy: {backoff: {duration: \"1\", maxDuration: \"1.5\"}}\n" + ctr),
			good: leaf("    retryStrategy: {backoff: {duration: \"1\", maxDuration: \"90\"}}\n" + ctr),
			want: `spec.templates[0].retryStrategy.backoff.maxDuration: Invalid value: "1.5"`},
		{name: "backoff cap overflow", bad: leaf("    retryStrategy: {backoff: {duration: \"1\", cap: \"99999999999\"}}\n" + ctr),
			good: leaf("    retryStrategy: {backoff: {duration: \"1\", cap: \"9999\"}}\n" + ctr),
			want: `spec.templates[0].retryStrategy.backoff.cap: Invalid value: "99999999999": more than`},
		{name: "timeout needs a unit", bad: leaf("    timeout: \"30\"\n" + ctr), good: leaf("    timeout: 30s\n" + ctr),
			want: `spec.templates[0].timeout: Invalid value: "30": needs a unit, e.g. 30s`},
		{name: "memoize maxAge fractional", bad: leaf("    memoize: {key: k, maxAge: \"1.5\", cache: {configMap: {name: c}}}\n" + ctr),
			good: leaf("    memoize: {key: k, maxAge: 90s, cache: {configMap: {name: c}}}\n" + ctr),
			want: `spec.templates[0].memoize.maxAge: Invalid value: "1.5"`},
		{name: "podGC delay seconds", bad: "  entrypoint: main\n  podGC: {strategy: OnPodSuccess, deleteDelayDuration: \"1.5\"}\n  templates:\n  - name: main\n" + ctr,
			good: "  entrypoint: main\n  podGC: {strategy: OnPodSuccess, deleteDelayDuration: \"30\"}\n  templates:\n  - name: main\n" + ctr,
			want: `spec.podGC.deleteDelayDuration: Invalid value: "1.5"`},
	})
}

const longDigits = "1000000000000000000000000000000000000000000000000000000000000000000"
