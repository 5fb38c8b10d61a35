//go:build e2e

package deploy

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"
)

// checkVolumeClaimScenario runs volumeClaimTemplates, workflowMetadata and podSpecPatch on
// the deployed Skiff. The local cluster has no storage provisioner, so the scenario makes a
// hostPath PersistentVolume pinned to one node and the claim template asks for it by
// volumeName: one step writes a file on the claim, the next reads it. volumeClaimGC
// OnWorkflowCompletion then deletes the claim. podSpecPatch sets an environment variable the
// step prints; workflowMetadata labels the Workflow.
func checkVolumeClaimScenario(t *testing.T, c wfCLI) {
	ctx := context.Background()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), nil).ClientConfig()
	if err != nil {
		t.Fatalf("KUBECONFIG: %v", err)
	}
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	nodes, err := kc.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil || len(nodes.Items) == 0 {
		t.Fatalf("listing nodes: %v (%d)", err, len(nodes.Items))
	}
	pvName := "skiff-e2e-claims-" + c.ns
	pv := &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: pvName},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			StorageClassName:              "",
			PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{
				Path: "/tmp/" + pvName, Type: ptr.To(corev1.HostPathDirectoryOrCreate)}},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{NodeSelectorTerms: []corev1.NodeSelectorTerm{{
				MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "kubernetes.io/hostname", Operator: corev1.NodeSelectorOpIn,
					Values: []string{nodes.Items[0].Labels["kubernetes.io/hostname"]}}}}}}},
		},
	}
	if _, err := kc.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kc.CoreV1().PersistentVolumes().Delete(context.Background(), pvName, metav1.DeleteOptions{})
	})

	doc := `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: sc-claims}
spec:
  entrypoint: main
  arguments: {parameters: [{name: stage, value: e2e}]}
  volumeClaimGC: {strategy: OnWorkflowCompletion}
  workflowMetadata:
    labels: {skiff-e2e: claims}
    labelsFrom: {stage: {expression: "workflow.parameters.stage"}}
  podSpecPatch: '{"containers": [{"name": "main", "env": [{"name": "GREETING", "value": "patched-{{workflow.parameters.stage}}"}]}]}'
  volumeClaimTemplates:
  - metadata: {name: workdir}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: ""
      volumeName: PVNAME
      resources: {requests: {storage: 1Gi}}
  templates:
  - name: main
    steps:
    - - {name: write, template: write}
    - - {name: read, template: read}
  - name: write
    container: {image: BUSYBOX, command: [sh, -c, "echo shared-$GREETING > /work/f"], volumeMounts: [{name: workdir, mountPath: /work}]}
  - name: read
    container: {image: BUSYBOX, command: [sh, -c, "echo read $(cat /work/f)"], volumeMounts: [{name: workdir, mountPath: /work}]}
`
	c.run(t, "sc-claims", strings.ReplaceAll(doc, "PVNAME", pvName), "Succeeded")
	if logs := c.logs(t, "sc-claims"); !strings.Contains(logs, "read shared-patched-e2e") {
		t.Errorf("logs do not show the shared, patched value:\n%s", logs)
	}
	out, err := c.cmd("get", "-n", c.ns, "sc-claims", "-o", "json")
	if err != nil {
		t.Fatalf("kubectl wf get: %v\n%s", err, out)
	}
	var wf struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	if err := json.Unmarshal(out, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Metadata.Labels["skiff-e2e"] != "claims" || wf.Metadata.Labels["stage"] != "e2e" {
		t.Errorf("workflow labels %v (workflowMetadata)", wf.Metadata.Labels)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		pvc, err := kc.CoreV1().PersistentVolumeClaims(c.ns).Get(ctx, "sc-claims-workdir", metav1.GetOptions{})
		// Deleted, or being deleted: Kubernetes' pvc-protection finalizer may hold the claim
		// a while after the controller's delete.
		if apierrors.IsNotFound(err) || err == nil && pvc.DeletionTimestamp != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("claim sc-claims-workdir not deleted by volumeClaimGC: %v %+v", err, pvc.ObjectMeta)
			break
		}
		time.Sleep(time.Second)
	}
}
