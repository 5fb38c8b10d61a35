//go:build integration

package integration

import (
	"context"
	"strings"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/webhook/mutate"
)

// serviceAccountClient acts as the service account NAMESPACE:NAME (impersonated, with the
// groups the API server gives service accounts), allowed to edit webhookNS.
func serviceAccountClient(t *testing.T, nsName string) client.Client {
	t.Helper()
	ns, name, _ := strings.Cut(nsName, ":")
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "edit-" + ns + "-" + name, Namespace: webhookNS},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Namespace: ns, Name: name}}}
	if err := cl.Create(context.Background(), rb); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	c := rest.CopyConfig(ucfg)
	c.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:" + ns + ":" + name}
	sc, err := client.New(c, client.Options{Scheme: skiffScheme})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestWebhookCreatorLabelsOfCronRuns: a Workflow owned by a CronWorkflow keeps the creator
// labels it carries only when the controller's service account creates it and the owner
// exists with that UID; anyone else forging such a Workflow gets their own labels.
func TestWebhookCreatorLabelsOfCronRuns(t *testing.T) {
	ctx := context.Background()
	ensureNamespace(t, webhookNS, nil)
	cron := &v1alpha1.CronWorkflow{ObjectMeta: metav1.ObjectMeta{Name: "creator-owner", Namespace: webhookNS}}
	cron.Spec.Schedules = []string{"0 3 * * *"}
	cron.Spec.WorkflowSpec = workflow("").Spec
	if err := ucl.Create(ctx, cron); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cl.Delete(context.Background(), cron) })

	forged := map[string]string{mutate.LabelCreator: "alice", mutate.LabelCreatorEmail: "alice.at.example.com",
		mutate.LabelCreatorPreferredUsername: "alice"}
	run := func(sc client.Client, uid types.UID) map[string]string {
		t.Helper()
		wf := workflow("creator-owner-")
		wf.Labels = map[string]string{}
		for k, v := range forged {
			wf.Labels[k] = v
		}
		wf.OwnerReferences = []metav1.OwnerReference{{APIVersion: v1alpha1.GroupVersion.String(), Kind: "CronWorkflow",
			Name: cron.Name, UID: uid}}
		if err := sc.Create(ctx, wf, client.DryRunAll); err != nil {
			t.Fatal(err)
		}
		return wf.Labels
	}
	controller := serviceAccountClient(t, controllerServiceAccount)
	mallory := serviceAccountClient(t, webhookNS+":mallory")

	if got := run(mallory, cron.UID); got[mutate.LabelCreator] != "system-serviceaccount-webhook-tests-mallory" ||
		got[mutate.LabelCreatorEmail] != "" || got[mutate.LabelCreatorPreferredUsername] != "mallory" {
		t.Errorf("another service account forging a cron run: labels %v, want mallory's", got)
	}
	if got := run(controller, "00000000-0000-0000-0000-000000000000"); got[mutate.LabelCreator] != "system-serviceaccount-skiff-system-skiff-controller" {
		t.Errorf("the controller's account with a wrong owner UID: labels %v, want the controller's own", got)
	}
	if got := run(controller, cron.UID); got[mutate.LabelCreator] != "alice" || got[mutate.LabelCreatorEmail] != "alice.at.example.com" {
		t.Errorf("the controller's genuine cron run: labels %v, want the CronWorkflow's kept", got)
	}
}
