package workflow

import (
	"strings"
	"testing"
	"time"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// paramWorkflow runs template t from one step with the parameter v, so the duration under
// test is known only after substitution (admission skips "{{...}}" values).
func paramWorkflow(v, tmpl string) string {
	return `
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: s, template: t, arguments: {parameters: [{name: v, value: "` + v + `"}]}}]]
  - name: t
    inputs: {parameters: [{name: v}]}
` + tmpl
}

// TestSuspendDurationFromAParameter: a suspend whose duration substitutes to "1.5" errors its
// node naming the field and the value (it used to read as 0 and end at once); "5" waits.
func TestSuspendDurationFromAParameter(t *testing.T) {
	const tmpl = `    suspend: {duration: "{{inputs.parameters.v}}"}`
	h := newHarness(t, paramWorkflow("1.5", tmpl))
	h.reconcile()
	n := h.node("wf[0].s")
	if n.Phase != v1alpha1.NodeError || n.Type != v1alpha1.NodeTypeSuspend ||
		!strings.Contains(n.Message, `suspend.duration: invalid duration "1.5"`) {
		t.Fatalf("node %s %s %q, want a Suspend node in Error naming suspend.duration and \"1.5\"", n.Type, n.Phase, n.Message)
	}
	h.wantPhase(v1alpha1.WorkflowFailed) // the steps parent fails with an errored child, as upstream

	h = newHarness(t, paramWorkflow("5", tmpl))
	res := h.reconcile()
	if n := h.node("wf[0].s"); n.Phase != v1alpha1.NodeRunning || res.RequeueAfter != 5*time.Second {
		t.Fatalf("node %s, requeue %v; want Running for 5s", n.Phase, res.RequeueAfter)
	}
}

// TestRetryBackoffMaxDurationFromAParameter: a maxDuration of "1.5" used to read as 0, so the
// first failure already exceeded it and retrying stopped; now the retry node errors.
func TestRetryBackoffMaxDurationFromAParameter(t *testing.T) {
	h := newHarness(t, paramWorkflow("1.5", `    retryStrategy: {limit: 3, backoff: {duration: "1", maxDuration: "{{inputs.parameters.v}}"}}
    container: {image: a, command: [x]}`))
	h.reconcile()
	n := h.node("wf[0].s")
	if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, `retryStrategy.backoff.maxDuration: invalid duration "1.5"`) {
		t.Fatalf("retry node %s %q, want Error naming retryStrategy.backoff.maxDuration", n.Phase, n.Message)
	}
	if len(h.pods()) != 0 {
		t.Errorf("%d pods created for a template whose backoff cannot be read", len(h.pods()))
	}
}

// TestTimeoutFromAParameter: an unreadable timeout used to be silently off (the pod ran with
// no deadline); now the node errors before any pod exists. A good one bounds the pod.
func TestTimeoutFromAParameter(t *testing.T) {
	const tmpl = `    timeout: "{{inputs.parameters.v}}"
    container: {image: a, command: [x]}`
	for _, bad := range []string{"soon", "30", "1.5"} {
		h := newHarness(t, paramWorkflow(bad, tmpl))
		h.reconcile()
		n := h.node("wf[0].s")
		if n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, `timeout: invalid duration "`+bad+`"`) {
			t.Errorf("timeout %q: node %s %q, want Error naming timeout", bad, n.Phase, n.Message)
		}
		if len(h.pods()) != 0 {
			t.Errorf("timeout %q: a pod was created", bad)
		}
	}
	h := newHarness(t, paramWorkflow("90s", tmpl))
	h.reconcile()
	pod := h.pods()["wf[0].s"]
	if pod == nil || pod.Spec.ActiveDeadlineSeconds == nil || *pod.Spec.ActiveDeadlineSeconds != 90 {
		t.Fatalf("pod %v, want activeDeadlineSeconds 90", pod)
	}
}

// TestActiveDeadlineSecondsFromAParameter: a template activeDeadlineSeconds that substitutes to
// a non-integer used to read as 0 (no deadline).
func TestActiveDeadlineSecondsFromAParameter(t *testing.T) {
	h := newHarness(t, paramWorkflow("ten", `    activeDeadlineSeconds: "{{inputs.parameters.v}}"
    container: {image: a, command: [x]}`))
	h.reconcile()
	if n := h.node("wf[0].s"); n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, `activeDeadlineSeconds: invalid value "ten"`) {
		t.Fatalf("node %s %q, want Error naming activeDeadlineSeconds", n.Phase, n.Message)
	}
}

// TestMemoizeMaxAgeFromAParameter: memoize.maxAge takes a Go duration as upstream does.
func TestMemoizeMaxAgeFromAParameter(t *testing.T) {
	h := newHarness(t, paramWorkflow("1.5", `    memoize: {key: k, maxAge: "{{inputs.parameters.v}}", cache: {configMap: {name: memo}}}
    container: {image: a, command: [x]}`))
	h.reconcile()
	if n := h.node("wf[0].s"); n.Phase != v1alpha1.NodeError || !strings.Contains(n.Message, `memoize.maxAge: invalid duration "1.5"`) {
		t.Fatalf("node %s %q, want Error naming memoize.maxAge", n.Phase, n.Message)
	}
}

// TestPodGCDelayUnreadable: a deleteDelayDuration admission never saw (changed after the
// start) deletes nothing and says why, instead of reading as 0 and deleting at once.
func TestPodGCDelayUnreadable(t *testing.T) {
	h := newHarness(t, gcWorkflow(`{strategy: OnPodCompletion, deleteDelayDuration: 30s}`))
	h.reconcile()
	h.update(func(wf *v1alpha1.Workflow) { wf.Spec.PodGC.DeleteDelayDuration = "1.5" })
	h.finish("gc[0].keep", 0, "")
	h.reconcile()
	h.reconcile()
	if h.pods()["gc[0].keep"] == nil {
		t.Fatal("the pod was deleted at once: the unreadable delay read as 0")
	}
	for {
		select {
		case e := <-h.rec.Events:
			if strings.Contains(e, "PodGCFailed") && strings.Contains(e, `spec.podGC.deleteDelayDuration: invalid duration "1.5"`) {
				return
			}
		default:
			t.Fatal("no PodGCFailed event naming spec.podGC.deleteDelayDuration")
		}
	}
}
