package bench

import (
	"strings"
	"testing"
)

func TestFlagDefault(t *testing.T) {
	help := "Flags:\n  -kube-api-burst int\n    \tBurst of requests to the API server. (default 100)\n  -kube-api-qps float\n    \tSustained requests per second to the API server. (default 50)\n  -leader-elect\n    \tElect a leader. (default true)\n  -watch-namespace value\n    \tWatch only these.\n  -zap-devel\n    \tDevelopment mode.\n"
	for name, want := range map[string]string{"kube-api-burst": "100", "kube-api-qps": "50", "leader-elect": "true", "watch-namespace": "", "zap-devel": ""} {
		if got, err := flagDefault(help, name); err != nil || got != want {
			t.Errorf("flagDefault(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"missing", "kube-api"} {
		if got, err := flagDefault(help, name); err == nil {
			t.Errorf("flagDefault(%s) = %q, want an error", name, got)
		}
	}
}

func TestSumCounter(t *testing.T) {
	metrics := `# HELP controller_runtime_reconcile_total Total number of reconciliations per controller
# TYPE controller_runtime_reconcile_total counter
controller_runtime_reconcile_total{controller="cronworkflow",result="success"} 7
controller_runtime_reconcile_total{controller="workflow",result="error"} 2
controller_runtime_reconcile_total{controller="workflow",result="requeue"} 0
controller_runtime_reconcile_total{controller="workflow",result="success"} 3021
controller_runtime_reconcile_errors_total{controller="workflow"} 2
`
	got, err := sumCounter(strings.NewReader(metrics), "controller_runtime_reconcile_total", `controller="workflow"`)
	if err != nil || got != 3023 {
		t.Errorf("sumCounter = %d, %v; want 3023", got, err)
	}
	if _, err := sumCounter(strings.NewReader(`controller_runtime_reconcile_total{controller="workflow"} x`), "controller_runtime_reconcile_total", `controller="workflow"`); err == nil {
		t.Error("a bad sample parsed without error")
	}
}
