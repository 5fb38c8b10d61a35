package workflow

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const claimsWorkflow = `
metadata: {name: wf}
spec:
  entrypoint: main
  volumeClaimTemplates:
  - metadata: {name: workdir, labels: {team: a}}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
      storageClassName: "{{workflow.name}}-class"
  templates:
  - name: main
    steps:
    - - {name: write, template: write}
    - - {name: other, template: other}
  - name: write
    container: {image: a, command: [x], volumeMounts: [{name: workdir, mountPath: /work}]}
  - name: other
    container: {image: a, command: [z]}
`

func (h *harness) claims() map[string]*corev1.PersistentVolumeClaim {
	h.t.Helper()
	var list corev1.PersistentVolumeClaimList
	if err := h.c.List(context.Background(), &list); err != nil {
		h.t.Fatal(err)
	}
	out := map[string]*corev1.PersistentVolumeClaim{}
	for i := range list.Items {
		out[list.Items[i].Name] = &list.Items[i]
	}
	return out
}

func TestVolumeClaimTemplates(t *testing.T) {
	for _, tc := range []struct {
		gc          string
		exit        int
		wantDeleted bool
	}{
		{gc: "", exit: 0, wantDeleted: true},
		{gc: "", exit: 1, wantDeleted: false}, // upstream's default OnWorkflowSuccess keeps them
		{gc: "OnWorkflowCompletion", exit: 1, wantDeleted: true},
		{gc: "OnWorkflowSuccess", exit: 0, wantDeleted: true},
	} {
		doc := claimsWorkflow
		if tc.gc != "" {
			doc = strings.Replace(doc, "  entrypoint: main\n", "  entrypoint: main\n  volumeClaimGC: {strategy: "+tc.gc+"}\n", 1)
		}
		h := newHarness(t, doc)
		h.reconcile()
		pvc := h.claims()["wf-workdir"]
		if pvc == nil {
			t.Fatalf("no claim wf-workdir; claims %v, workflow %s %s", keys(h.claims()), h.wf().Status.Phase, h.wf().Status.Message)
		}
		if !metav1.IsControlledBy(pvc, h.wf()) || pvc.Labels["team"] != "a" || pvc.Labels[LabelWorkflow] != "wf" {
			t.Errorf("claim metadata %+v", pvc.ObjectMeta)
		}
		if sc := pvc.Spec.StorageClassName; sc == nil || *sc != "wf-class" {
			t.Errorf("storage class %v, want wf-class", sc)
		}
		st := h.wf().Status.PersistentVolumeClaims
		if len(st) != 1 || st[0].Name != "workdir" || st[0].PersistentVolumeClaim == nil || st[0].PersistentVolumeClaim.ClaimName != "wf-workdir" {
			t.Fatalf("status.persistentVolumeClaims %+v", st)
		}
		pod := h.pods()["wf[0].write"]
		if pod == nil {
			t.Fatalf("no pod; pods %v", keys(h.pods()))
		}
		if !hasClaimVolume(pod, "workdir", "wf-workdir") {
			t.Errorf("pod volumes %+v", pod.Spec.Volumes)
		}
		h.reconcile() // a second reconcile does not create again
		h.finish("wf[0].write", 0, "")
		h.reconcile()
		if other := h.pods()["wf[1].other"]; other == nil || hasClaimVolume(other, "workdir", "wf-workdir") {
			t.Errorf("the pod that mounts no claim: %v", other)
		}
		h.finish("wf[1].other", tc.exit, "")
		h.reconcile()
		h.reconcile() // the completed workflow's reconcile runs volumeClaimGC
		_, exists := h.claims()["wf-workdir"]
		if exists == tc.wantDeleted {
			t.Errorf("gc %q exit %d: claim exists %v, want deleted %v", tc.gc, tc.exit, exists, tc.wantDeleted)
		}
		if got := len(h.wf().Status.PersistentVolumeClaims); got != map[bool]int{true: 0, false: 1}[tc.wantDeleted] {
			t.Errorf("gc %q exit %d: status keeps %d claims", tc.gc, tc.exit, got)
		}
	}
}

func hasClaimVolume(pod *corev1.Pod, name, claim string) bool {
	for _, v := range pod.Spec.Volumes {
		if v.Name == name && v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == claim {
			return true
		}
	}
	return false
}

func TestVolumeClaimTakenByOthers(t *testing.T) {
	h := newHarness(t, claimsWorkflow)
	other := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "wf-workdir", Namespace: "default"}}
	if err := h.c.Create(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	h.reconcile()
	wf := h.wantPhase(v1alpha1.WorkflowError)
	if !strings.Contains(wf.Status.Message, "persistentVolumeClaim wf-workdir already exists and is not owned by this workflow") {
		t.Errorf("message %q", wf.Status.Message)
	}
	if len(h.pods()) != 0 {
		t.Errorf("pods created: %v", keys(h.pods()))
	}
}
