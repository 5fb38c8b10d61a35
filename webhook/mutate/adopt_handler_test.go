package mutate

import (
	"context"
	"encoding/json"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
)

// admitDeployment sends an annotated 3-replica Deployment through the Deployment webhook's
// handler and returns the JSON patches it answers with.
func admitDeployment(t *testing.T, d DeploymentDefaulter) []string {
	t.Helper()
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	replicas := int32(3)
	dep := &appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "team", Annotations: map[string]string{AnnotationStrategy: StrategyCanary}},
		Spec:       appsv1.DeploymentSpec{Replicas: &replicas}}
	raw, err := json.Marshal(dep)
	if err != nil {
		t.Fatal(err)
	}
	req := admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		UID: "1", Operation: admissionv1.Create, Object: runtime.RawExtension{Raw: raw},
		Kind: metav1.GroupVersionKind{Group: "apps", Version: "v1", Kind: "Deployment"}}}
	resp := admission.WithDefaulter[*appsv1.Deployment](s, d).Handle(context.Background(), req)
	if !resp.Allowed {
		t.Fatalf("denied: %v", resp.Result)
	}
	var ops []string
	for _, p := range resp.Patches {
		ops = append(ops, p.Operation+" "+p.Path)
	}
	return ops
}

func TestDeploymentAdoptionOffKeepsReplicas(t *testing.T) {
	for _, ns := range []bool{false, true} {
		if ops := admitDeployment(t, DeploymentDefaulter{NamespaceAdopts: ns}); len(ops) != 0 {
			t.Errorf("adoption off (namespace-selected %v): the Deployment was patched: %v", ns, ops)
		}
	}
	ops := admitDeployment(t, DeploymentDefaulter{Enabled: true})
	scaled := false
	for _, op := range ops {
		scaled = scaled || op == "replace /spec/replicas"
	}
	if !scaled {
		t.Errorf("adoption on: want spec.replicas replaced, got patches %v", ops)
	}
}
