package workflow

import (
	"flag"
	"strings"
	"testing"
)

// TestOptionsFlags: the flag names and defaults the chart passes are unchanged, and parsed
// values reach the reconciler built from the options (not a package variable).
func TestOptionsFlags(t *testing.T) {
	t.Setenv("SKIFF_EXECUTOR_IMAGE", "registry.local/skiff:env")
	o := DefaultOptions()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	o.BindFlags(fs)
	for name, def := range map[string]string{"executor-image": "registry.local/skiff:env", "workflow-workers": "32", "pod-create-qps": "0", "pod-create-burst": "1"} {
		f := fs.Lookup(name)
		if f == nil || f.DefValue != def {
			t.Errorf("--%s: %+v, want default %q", name, f, def)
		}
	}
	if err := fs.Parse([]string{"--executor-image=x/y:z", "--workflow-workers=7", "--pod-create-qps=2.5", "--pod-create-burst=4"}); err != nil {
		t.Fatal(err)
	}
	r, err := o.reconciler()
	if err != nil {
		t.Fatal(err)
	}
	if r.ExecutorImage != "x/y:z" || r.Workers != 7 || r.PodCreates == nil || r.PodCreates.Limit() != 2.5 || r.PodCreates.Burst() != 4 {
		t.Fatalf("reconciler %+v, want the parsed flags", r)
	}
	// A second set of options is independent of the first.
	if d := DefaultOptions(); d.Workers != 32 || d.ExecutorImage != "registry.local/skiff:env" {
		t.Errorf("defaults changed by parsing another set: %+v", d)
	}
}

func TestOptionsRejectBadValues(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Workers: 0, PodCreateBurst: 1}, "--workflow-workers must be at least 1"},
		{Options{Workers: 1, PodCreateQPS: -1, PodCreateBurst: 1}, "--pod-create-qps"},
		{Options{Workers: 1, PodCreateBurst: 0}, "--pod-create-burst"},
	} {
		if _, err := c.o.reconciler(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.o, err, c.want)
		}
	}
}
