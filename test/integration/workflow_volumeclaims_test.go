//go:build integration

package integration

import (
	"context"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// testWorkflowVolumeClaims: a claim from volumeClaimTemplates is created on a real API server,
// owned by the workflow and mounted by the step's pod, and volumeClaimGC deletes it when the
// workflow completes (envtest has no provisioner: the claim stays unbound, which the
// controller does not wait for). The same workflow carries workflowMetadata and a
// podSpecPatch, so the API server also accepts the patched pod and the label patch.
func testWorkflowVolumeClaims(t *testing.T) {
	ctx := context.Background()
	ns := workflowNamespace(t, "wf-ctrl-claims")
	createWorkflow(t, ns, `
metadata: {name: claims}
spec:
  entrypoint: main
  arguments: {parameters: [{name: env, value: test}]}
  volumeClaimGC: {strategy: OnWorkflowCompletion}
  workflowMetadata:
    labels: {team: storage}
    labelsFrom: {env: {expression: "workflow.parameters.env"}}
  podSpecPatch: '{"tolerations": [{"key": "disk", "operator": "Exists"}]}'
  volumeClaimTemplates:
  - metadata: {name: workdir}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
  templates:
  - name: main
    podSpecPatch: |
      containers:
      - name: main
        resources: {limits: {memory: 32Mi}}
    container: {image: alpine, command: [sh, -c, "echo hi > /work/f"], volumeMounts: [{name: workdir, mountPath: /work}]}
`)
	wf := &v1alpha1.Workflow{}
	pvc := &corev1.PersistentVolumeClaim{}
	eventually(t, "the claim claims-workdir", func() error {
		if err := ucl.Get(ctx, types.NamespacedName{Namespace: ns, Name: "claims"}, wf); err != nil {
			return err
		}
		return cl.Get(ctx, types.NamespacedName{Namespace: ns, Name: "claims-workdir"}, pvc)
	})
	if !metav1.IsControlledBy(pvc, wf) {
		t.Errorf("claim owners %+v, want the workflow %s", pvc.OwnerReferences, wf.UID)
	}
	pod := nodePod(t, ns, "claims", "claims")
	found := false
	for _, v := range pod.Spec.Volumes {
		found = found || v.Name == "workdir" && v.PersistentVolumeClaim != nil && v.PersistentVolumeClaim.ClaimName == "claims-workdir"
	}
	if !found {
		t.Errorf("pod volumes %+v", pod.Spec.Volumes)
	}
	if len(pod.Spec.Tolerations) == 0 || pod.Spec.Tolerations[0].Key != "disk" {
		t.Errorf("pod tolerations %+v (spec.podSpecPatch)", pod.Spec.Tolerations)
	}
	if m := pod.Spec.Containers[0].Resources.Limits.Memory(); m.String() != "32Mi" {
		t.Errorf("main memory limit %s (template podSpecPatch)", m)
	}
	kubeletFinishes(t, pod, 0, "")
	wf = waitWorkflowPhase(t, ns, "claims", v1alpha1.WorkflowSucceeded)
	if wf.Labels["team"] != "storage" || wf.Labels["env"] != "test" {
		t.Errorf("workflow labels %v (workflowMetadata)", wf.Labels)
	}
	// The API server's pvc-protection admission adds a finalizer nothing removes in envtest:
	// a deletion timestamp is the deletion.
	eventually(t, "the claim deleted by volumeClaimGC", func() error {
		err := cl.Get(ctx, types.NamespacedName{Namespace: ns, Name: "claims-workdir"}, pvc)
		if apierrors.IsNotFound(err) || err == nil && pvc.DeletionTimestamp != nil {
			return nil
		}
		if err != nil {
			return err
		}
		return fmt.Errorf("claim still there, not being deleted")
	})
	eventually(t, "status.persistentVolumeClaims emptied", func() error {
		if err := ucl.Get(ctx, types.NamespacedName{Namespace: ns, Name: "claims"}, wf); err != nil {
			return err
		}
		if n := len(wf.Status.PersistentVolumeClaims); n != 0 {
			return fmt.Errorf("%d claims recorded", n)
		}
		return nil
	})
}
