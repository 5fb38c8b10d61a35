package mutate

import (
	"context"
	"reflect"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const controllerUser = "system:serviceaccount:skiff-system:skiff-controller"

// cronLabels are the creator labels the controller copies from the CronWorkflow.
var cronLabels = map[string]string{
	LabelCreator: "alice", LabelCreatorEmail: "alice.at.example.com", LabelCreatorPreferredUsername: "alice"}

// defaultCronChild runs the Workflow defaulter on a create of a Workflow owned by the
// CronWorkflow "nightly" with ownerUID, carrying cronLabels, requested by username; the
// cluster holds "nightly" with UID "real-uid".
func defaultCronChild(t *testing.T, username string, ownerUID types.UID) map[string]string {
	t.Helper()
	s := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	cw := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "nightly", Namespace: "team", UID: "real-uid"}}
	reader := fake.NewClientBuilder().WithScheme(s).WithObjects(cw).Build()
	d := WorkflowDefaulter[*v1alpha1.Workflow]{Hooks: true, CronChildren: &CronChildren{ControllerUsername: controllerUser, Reader: reader}}

	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "nightly-1", Namespace: "team", Labels: map[string]string{}}}
	for k, v := range cronLabels {
		wf.Labels[k] = v
	}
	wf.OwnerReferences = []metav1.OwnerReference{{APIVersion: v1alpha1.GroupVersion.String(), Kind: "CronWorkflow", Name: "nightly", UID: ownerUID}}
	req := admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		Operation: admissionv1.Create, UserInfo: authenticationv1.UserInfo{Username: username}}}
	if err := d.Default(admission.NewContextWithRequest(context.Background(), req), wf); err != nil {
		t.Fatal(err)
	}
	return wf.Labels
}

func TestCreatorLabelsOfCronChildren(t *testing.T) {
	mallory := "system:serviceaccount:team:mallory"
	cases := []struct {
		name, user string
		owner      types.UID
		want       map[string]string
	}{
		{"another service account forging a cron child", mallory, "real-uid", CreatorLabels(authenticationv1.UserInfo{Username: mallory})},
		{"the controller with a wrong owner UID", controllerUser, "old-uid", CreatorLabels(authenticationv1.UserInfo{Username: controllerUser})},
		{"the genuine cron child", controllerUser, "real-uid", cronLabels},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := defaultCronChild(t, c.user, c.owner)
			want := map[string]string{}
			for k, v := range c.want {
				if v != "" {
					want[k] = v
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("labels %v, want %v", got, want)
			}
		})
	}
}

func TestCreatorLabelsOwnerMissing(t *testing.T) {
	s := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	c := &CronChildren{ControllerUsername: controllerUser, Reader: fake.NewClientBuilder().WithScheme(s).Build()}
	wf := &v1alpha1.Workflow{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "team", OwnerReferences: []metav1.OwnerReference{
		{APIVersion: v1alpha1.GroupVersion.String(), Kind: "CronWorkflow", Name: "gone", UID: "u"}}}}
	ok, err := c.Genuine(context.Background(), authenticationv1.UserInfo{Username: controllerUser}, wf)
	if err != nil || ok {
		t.Errorf("an owner CronWorkflow that does not exist: genuine %v, err %v; want false, nil", ok, err)
	}
	var nobody *CronChildren
	if ok, err := nobody.Genuine(context.Background(), authenticationv1.UserInfo{Username: controllerUser}, wf); ok || err != nil {
		t.Errorf("no configuration trusts nobody: %v %v", ok, err)
	}
}

func TestServiceAccountUsername(t *testing.T) {
	p := field.NewPath("--controller-service-account")
	if u, err := ServiceAccountUsername(p, "skiff-system:skiff-controller"); err != nil || u != controllerUser {
		t.Errorf("got %q, %v", u, err)
	}
	for _, bad := range []string{"", "skiff-controller", "Skiff:x", "ns:", ":name", "ns:Bad_Name"} {
		_, err := ServiceAccountUsername(p, bad)
		if err == nil || !strings.Contains(err.Error(), "--controller-service-account: Invalid value") {
			t.Errorf("%q: got %v, want a field error naming the flag", bad, err)
		}
	}
}
