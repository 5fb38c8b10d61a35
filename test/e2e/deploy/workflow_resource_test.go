//go:build e2e

package deploy

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// checkResourceScenario runs resource templates on the deployed Skiff: the action runs in a
// pod under the namespace's default service account, so the scenario first grants it
// configmaps through a Role. A create with setOwnerReference, a successCondition on the
// object and an output parameter by jsonPath feeds a following step; a failureCondition
// fails its step; an unsupported flag errors its node before any pod.
func checkResourceScenario(t *testing.T, c wfCLI) {
	ctx := context.Background()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), nil).ClientConfig()
	if err != nil {
		t.Fatalf("KUBECONFIG: %v", err)
	}
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "skiff-resource-e2e", Namespace: c.ns}, Rules: []rbacv1.PolicyRule{{
		APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"create", "get", "patch", "update", "delete"},
	}}}
	if _, err := kc.RbacV1().Roles(c.ns).Create(ctx, role, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "skiff-resource-e2e", Namespace: c.ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "default", Namespace: c.ns}}}
	if _, err := kc.RbacV1().RoleBindings(c.ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}

	s := c.run(t, "resource-create", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: resource-create}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: make
        template: make
        arguments: {parameters: [{name: colour, value: teal}]}
    - - name: show
        template: show
        arguments: {parameters: [{name: made, value: "{{steps.make.outputs.parameters.name}}"}, {name: colour, value: "{{steps.make.outputs.parameters.colour}}"}]}
  - name: make
    inputs: {parameters: [{name: colour}]}
    resource:
      action: create
      setOwnerReference: true
      successCondition: data.colour == {{inputs.parameters.colour}},metadata.name
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata:
          generateName: resource-e2e-
          labels: {skiff-e2e: resource}
        data:
          colour: "{{inputs.parameters.colour}}"
    outputs:
      parameters:
      - name: name
        valueFrom: {jsonPath: "{.metadata.name}"}
      - name: colour
        valueFrom: {jqFilter: ".data.colour"}
  - name: show
    inputs: {parameters: [{name: made}, {name: colour}]}
    container: {image: BUSYBOX, command: [sh, -c, 'echo "made {{inputs.parameters.made}} {{inputs.parameters.colour}}"']}
`, "Succeeded")
	show := s.one(t, "show")
	if show.Outputs == nil || show.Outputs.Result == nil || !strings.HasPrefix(*show.Outputs.Result, "made resource-e2e-") || !strings.HasSuffix(*show.Outputs.Result, " teal") {
		t.Fatalf("show printed %+v, want the made ConfigMap's name and colour", show.Outputs)
	}
	name := strings.Fields(*show.Outputs.Result)[1]
	cm, err := kc.CoreV1().ConfigMaps(c.ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the ConfigMap the workflow made: %v", err)
	}
	out, err := c.cmd("get", "-n", c.ns, "resource-create", "-o", "json")
	var meta struct {
		Metadata struct {
			UID string `json:"uid"`
		} `json:"metadata"`
	}
	if err != nil || json.Unmarshal(out, &meta) != nil || meta.Metadata.UID == "" {
		t.Fatalf("kubectl wf get resource-create -o json: %v\n%s", err, out)
	}
	wfUID := meta.Metadata.UID
	refs := cm.OwnerReferences
	if len(refs) != 1 || refs[0].Kind != "Workflow" || refs[0].Name != "resource-create" || string(refs[0].UID) != wfUID {
		t.Fatalf("ownerReferences = %+v, want the workflow resource-create (uid %s)", refs, wfUID)
	}

	s = c.run(t, "resource-failure", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: resource-failure}
spec:
  entrypoint: trip
  templates:
  - name: trip
    resource:
      action: apply
      setOwnerReference: true
      successCondition: data.state == done
      failureCondition: data.state in (broken, lost)
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: resource-e2e-broken}
        data: {state: broken}
`, "Failed")
	if n := s.one(t, "resource-failure"); !strings.Contains(n.Message, "failureCondition") {
		t.Errorf("node message %q, want the failureCondition named", n.Message)
	}

	s = c.run(t, "resource-badflag", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: resource-badflag}
spec:
  entrypoint: r
  templates:
  - name: r
    resource:
      action: delete
      flags: [--selector=app=x]
      manifest: |
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: whatever}
`, "Error")
	if n := s.one(t, "resource-badflag"); !strings.Contains(n.Message, "--selector=app=x") {
		t.Errorf("node message %q, want the flag named", n.Message)
	}

	// Deleting the workflow lets the garbage collector take what it owns.
	if out, err := c.cmd("delete", "-n", c.ns, "resource-create"); err != nil {
		t.Fatalf("kubectl wf delete: %v\n%s", err, out)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, err := kc.CoreV1().ConfigMaps(c.ns).Get(ctx, name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ConfigMap %s still there 60s after its workflow was deleted (err %v)", name, err)
		}
		time.Sleep(time.Second)
	}
}
