package workflow

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestTrimPodKeepsWhatTheControllerReads(t *testing.T) {
	cpu := corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")}}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Labels: map[string]string{LabelWorkflow: "wf"},
			Annotations:   map[string]string{AnnotationNodeID: "wf-1", lastApplied: "{...}"},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "skiff"}}},
		Spec: corev1.PodSpec{NodeName: "node-1", Volumes: []corev1.Volume{{Name: "v"}},
			InitContainers: []corev1.Container{{Name: "skiff-init", Image: "i", Command: []string{"cp"}}},
			Containers:     []corev1.Container{{Name: "main", Image: "alpine", Command: []string{"echo"}, Env: []corev1.EnvVar{{Name: "A"}}, Resources: cpu}}},
		Status: corev1.PodStatus{Phase: corev1.PodSucceeded, PodIP: "10.0.0.1", ContainerStatuses: []corev1.ContainerStatus{{Name: "main",
			State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Message: `{"exitCode":0}`}}}}},
	}
	out, err := trimPod(pod)
	if err != nil {
		t.Fatal(err)
	}
	p := out.(*corev1.Pod)
	if p.ManagedFields != nil || p.Annotations[lastApplied] != "" || len(p.Spec.Volumes) != 0 {
		t.Errorf("kept managedFields, last-applied or volumes: %+v", p)
	}
	if p.Annotations[AnnotationNodeID] != "wf-1" || p.Labels[LabelWorkflow] != "wf" || p.Spec.NodeName != "node-1" {
		t.Errorf("lost metadata or nodeName: %+v", p.ObjectMeta)
	}
	c := p.Spec.Containers[0]
	if c.Name != "main" || c.Command != nil || c.Env != nil || c.Image != "" || !c.Resources.Requests.Cpu().Equal(resource.MustParse("100m")) {
		t.Errorf("main container %+v", c)
	}
	if p.Spec.InitContainers[0].Name != "skiff-init" {
		t.Errorf("init containers %+v", p.Spec.InitContainers)
	}
	if got := assessPod(p); got.phase != "Succeeded" || got.outputs == nil || *got.outputs.ExitCode != "0" {
		t.Errorf("assessPod on the trimmed pod: %+v", got)
	}
	if p.Status.PodIP != "10.0.0.1" {
		t.Errorf("status trimmed")
	}
}
