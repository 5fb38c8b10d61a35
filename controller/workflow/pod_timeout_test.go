package workflow

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// A leaf template's timeout becomes the pod's deadline, the smaller of it and
// activeDeadlineSeconds winning.
func TestPodDeadlineFromTimeout(t *testing.T) {
	wf := &v1alpha1.Workflow{}
	wf.Name, wf.Namespace = "wf", "ns"
	for _, c := range []struct {
		timeout string
		ads     *intstr.IntOrString
		want    int64
	}{
		{"30s", nil, 30},
		{"2m", &intstr.IntOrString{IntVal: 60}, 60},
		{"45", &intstr.IntOrString{IntVal: 600}, 45},
		{"", &intstr.IntOrString{IntVal: 20}, 20},
		{"", nil, 0},
	} {
		tmpl := &v1alpha1.Template{Name: "t", Timeout: c.timeout, ActiveDeadlineSeconds: c.ads,
			Container: &v1alpha1.ContainerTemplate{ContainerSpec: v1alpha1.ContainerSpec{Image: "a", Command: []string{"x"}}}}
		pod, err := buildPod(wf, tmpl, "wf", "wf", "skiff:test")
		if err != nil {
			t.Fatal(err)
		}
		got := int64(0)
		if pod.Spec.ActiveDeadlineSeconds != nil {
			got = *pod.Spec.ActiveDeadlineSeconds
		}
		if got != c.want {
			t.Errorf("timeout %q, activeDeadlineSeconds %v: pod deadline %d, want %d", c.timeout, c.ads, got, c.want)
		}
	}
}
