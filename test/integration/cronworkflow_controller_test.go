//go:build integration

package integration

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	cronctrl "github.com/skiff-dev/skiff/controller/cronworkflow"
	"github.com/skiff-dev/skiff/controller/manager"
)

// TestCronWorkflowController runs the CronWorkflow reconciler in-process against the real API
// server, with a clock running ahead of the wall clock, and checks that a CronWorkflow
// admitted through the webhook creates its child Workflow and counts it when it ends.
func TestCronWorkflowController(t *testing.T) {
	// The controller's clock runs ahead of the wall clock by offset, which the test moves on
	// to the scheduled times it wants reconciled.
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }

	// The manager watches only this test's namespace: CronWorkflows other tests create
	// (the corpus) are not scheduled here.
	ns := workflowNamespace(t, "cron-controller")
	o := manager.Defaults()
	o.WatchNamespaces = []string{ns}
	o.LeaderElect = false
	o.MetricsBindAddress, o.HealthProbeBindAddress = "0", "0"
	setup := manager.Setup{Name: "cronworkflow", Register: func(mgr ctrl.Manager, opts manager.Options) error {
		return (&cronctrl.Reconciler{Now: clock}).SetupWithManager(mgr, opts)
	}}
	mgr, err := manager.New(cfg, o, setup)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mgr.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("manager: %v", err)
		}
	})

	scheme, err := manager.NewScheme()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := client.New(cfg, client.Options{Scheme: scheme})
	if err != nil {
		t.Fatal(err)
	}
	cw := &v1alpha1.CronWorkflow{}
	if err := yaml.UnmarshalStrict([]byte(`
metadata: {name: nightly}
spec:
  schedules: ["* * * * *"]
  concurrencyPolicy: Forbid
  workflowMetadata: {labels: {app: nightly}}
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: busybox, command: [sleep, "90"]}
`), cw); err != nil {
		t.Fatal(err)
	}
	cw.Namespace = ns
	if err := ucl.Create(context.Background(), cw); err != nil {
		t.Fatalf("creating the cronworkflow through the webhook: %v", err)
	}
	created := cw.CreationTimestamp.Time
	// The first minute boundary after the creation time is the first scheduled time: move the
	// clock to a second past it and have the CronWorkflow reconciled.
	scheduled := created.Truncate(time.Minute).Add(time.Minute)
	want := cronctrl.ChildName("nightly", scheduled)
	offset.Store(int64(time.Until(scheduled) + time.Second))
	poke := func(v string) {
		t.Helper()
		p := client.RawPatch(types.MergePatchType, []byte(`{"metadata":{"annotations":{"poke":"`+v+`"}}}`))
		if err := cl.Patch(context.Background(), cw.DeepCopy(), p); err != nil {
			t.Fatal(err)
		}
	}
	poke("1")

	var child v1alpha1.Workflow
	eventually(t, "the child workflow "+want, func() error {
		err := cl.Get(context.Background(), types.NamespacedName{Namespace: ns, Name: want}, &child)
		if err != nil {
			got := &v1alpha1.CronWorkflow{}
			_ = cl.Get(context.Background(), client.ObjectKeyFromObject(cw), got)
			return fmt.Errorf("%v; cronworkflow status %+v, annotations %v", err, got.Status, got.Annotations)
		}
		return nil
	})
	if child.Labels[cronctrl.LabelCronWorkflow] != "nightly" || child.Labels["app"] != "nightly" {
		t.Errorf("labels %v", child.Labels)
	}
	if got := child.Annotations[cronctrl.AnnotationScheduledTime]; got != scheduled.Local().Format(time.RFC3339) {
		t.Errorf("scheduled-time annotation %q, want %q", got, scheduled.Local().Format(time.RFC3339))
	}
	if !metav1.IsControlledBy(&child, cw) {
		t.Errorf("owner references %+v", child.OwnerReferences)
	}
	if child.Spec.Entrypoint != "main" {
		t.Errorf("spec %+v", child.Spec)
	}
	eventually(t, "status.active and lastScheduledTime", func() error {
		got := &v1alpha1.CronWorkflow{}
		if err := cl.Get(context.Background(), client.ObjectKeyFromObject(cw), got); err != nil {
			return err
		}
		st := got.Status
		if len(st.Active) != 1 || st.Active[0].Name != want || st.Active[0].UID != child.UID {
			return fmt.Errorf("active %+v", st.Active)
		}
		if st.LastScheduledTime == nil || !st.LastScheduledTime.Time.Equal(scheduled) || st.Phase != v1alpha1.CronWorkflowActive {
			return fmt.Errorf("lastScheduledTime %v phase %q", st.LastScheduledTime, st.Phase)
		}
		return nil
	})

	// A minute later on the controller's clock, the child still runs: Forbid skips that time,
	// records it as decided and says why in an Event.
	offset.Add(int64(time.Minute))
	poke("2")
	eventually(t, "the skipped run", func() error {
		got := &v1alpha1.CronWorkflow{}
		if err := cl.Get(context.Background(), client.ObjectKeyFromObject(cw), got); err != nil {
			return err
		}
		st := got.Status
		if st.LastEvaluatedScheduleTime == nil || !st.LastEvaluatedScheduleTime.Time.Equal(scheduled.Add(time.Minute)) || !st.LastScheduledTime.Time.Equal(scheduled) {
			return fmt.Errorf("lastEvaluatedScheduleTime %v lastScheduledTime %v", st.LastEvaluatedScheduleTime, st.LastScheduledTime)
		}
		return nil
	})
	eventually(t, "the WorkflowSkipped event", func() error {
		var evs eventsv1.EventList
		if err := cl.List(context.Background(), &evs, client.InNamespace(ns)); err != nil {
			return err
		}
		var seen []string
		for _, e := range evs.Items {
			if e.Regarding.Name == "nightly" && e.Reason == cronctrl.ReasonSkipped &&
				strings.Contains(e.Note, "concurrencyPolicy Forbid and 1 workflow(s) active ("+want+")") {
				return nil
			}
			seen = append(seen, e.Reason+": "+e.Note)
		}
		return fmt.Errorf("events %q", seen)
	})

	// The workflow controller (not running here) would finish the child; the Owns watch
	// brings its end to the CronWorkflow, which counts it.
	child.Status.Phase = v1alpha1.WorkflowSucceeded
	now := metav1.Now()
	child.Status.FinishedAt = &now
	if err := cl.Status().Update(context.Background(), &child); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the succeeded counter", func() error {
		got := &v1alpha1.CronWorkflow{}
		if err := cl.Get(context.Background(), client.ObjectKeyFromObject(cw), got); err != nil {
			return err
		}
		if got.Status.Succeeded != 1 || len(got.Status.Active) != 0 {
			return fmt.Errorf("succeeded %d active %v", got.Status.Succeeded, got.Status.Active)
		}
		return nil
	})
	var list v1alpha1.WorkflowList
	if err := cl.List(context.Background(), &list, client.InNamespace(ns)); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 {
		t.Errorf("%d workflows, want exactly the one run", len(list.Items))
	}
}
