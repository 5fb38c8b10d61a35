package mutate

import (
	"reflect"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
)

func TestTranslateHelmHooks(t *testing.T) {
	cases := []struct {
		name string
		in   map[string]string
		want map[string]string
	}{
		{"pre-install with weight and policy",
			map[string]string{HelmHook: "pre-install", HelmHookWeight: "-5", HelmHookDeletePolicy: "hook-succeeded,before-hook-creation"},
			map[string]string{ArgoHook: "PreSync", ArgoSyncWave: "-5", ArgoHookDeletePolicy: "HookSucceeded,BeforeHookCreation"}},
		{"several types, default policy written",
			map[string]string{HelmHook: "pre-install,pre-upgrade,post-upgrade"},
			map[string]string{ArgoHook: "PreSync,PostSync", ArgoHookDeletePolicy: DefaultDeletePolicy}},
		{"test hooks are skipped", map[string]string{HelmHook: "test"}, map[string]string{ArgoHook: "Skip"}},
		{"unmapped beside mapped are dropped", map[string]string{HelmHook: "post-install, test-success"},
			map[string]string{ArgoHook: "PostSync", ArgoHookDeletePolicy: DefaultDeletePolicy}},
		{"crd-install is an ordinary resource", map[string]string{HelmHook: "crd-install"}, map[string]string{}},
		{"user values are kept",
			map[string]string{HelmHook: "post-install", ArgoHook: "Sync", HelmHookWeight: "3", ArgoSyncWave: "9", HelmHookDeletePolicy: "hook-failed", ArgoHookDeletePolicy: "HookSucceeded"},
			map[string]string{ArgoHook: "Sync", ArgoSyncWave: "9", ArgoHookDeletePolicy: "HookSucceeded"}},
		{"a weight that is no integer is not copied", map[string]string{HelmHook: "pre-upgrade", HelmHookWeight: "x"},
			map[string]string{ArgoHook: "PreSync", ArgoHookDeletePolicy: DefaultDeletePolicy}},
		{"no helm hook, nothing", map[string]string{"a": "b"}, map[string]string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ann := map[string]string{}
			for k, v := range c.in {
				ann[k] = v
			}
			TranslateHelmHooks(ann)
			got := map[string]string{}
			for k, v := range ann {
				if strings.HasPrefix(k, "argocd.argoproj.io/") {
					got[k] = v
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestCreatorLabels(t *testing.T) {
	long := strings.Repeat("x", 70) + "@example.com"
	cases := []struct {
		user authenticationv1.UserInfo
		want map[string]string
	}{
		{authenticationv1.UserInfo{Username: "alice@example.com"}, map[string]string{
			LabelCreator: "alice-example.com", LabelCreatorEmail: "alice.at.example.com", LabelCreatorPreferredUsername: "alice-example.com"}},
		{authenticationv1.UserInfo{Username: "system:serviceaccount:ci:deployer"}, map[string]string{
			LabelCreator: "system-serviceaccount-ci-deployer", LabelCreatorEmail: "", LabelCreatorPreferredUsername: "deployer"}},
		{authenticationv1.UserInfo{Username: "oidc:1234", Extra: map[string]authenticationv1.ExtraValue{
			"email": {"bob@corp.io"}, "example.com/preferred_username": {"bob"}}}, map[string]string{
			LabelCreator: "oidc-1234", LabelCreatorEmail: "bob.at.corp.io", LabelCreatorPreferredUsername: "bob"}},
		{authenticationv1.UserInfo{Username: long}, map[string]string{
			LabelCreator: DNSFriendly(long), LabelCreatorEmail: DNSFriendly(strings.Replace(long, "@", ".at.", 1)), LabelCreatorPreferredUsername: DNSFriendly(long)}},
	}
	for _, c := range cases {
		if got := CreatorLabels(c.user); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.user.Username, got, c.want)
		}
	}
	if v := DNSFriendly(long); len(v) > 63 || !strings.HasSuffix(v, "example.com") {
		t.Errorf("DNSFriendly keeps the last 63 characters: %q", v)
	}
	if v := DNSFriendly("--a b_"); v != "a-b" {
		t.Errorf("DNSFriendly(%q) = %q", "--a b_", v)
	}
}

func TestAdopt(t *testing.T) {
	dep := func(replicas int32, ann map[string]string) *appsv1.Deployment {
		d := &appsv1.Deployment{}
		d.Spec.Replicas = &replicas
		d.Annotations = ann
		return d
	}
	d := dep(3, map[string]string{AnnotationStrategy: StrategyCanary})
	if !Adopt(d, false) || *d.Spec.Replicas != 0 || d.Annotations[AnnotationReplicas] != "3" {
		t.Fatalf("create: %v %v", *d.Spec.Replicas, d.Annotations)
	}
	// Re-admitting the adopted object changes nothing.
	if Adopt(d, false) {
		t.Fatal("an adopted Deployment at 0 replicas must be left alone")
	}
	// The user applies a new replica count: it moves to the annotation.
	five := int32(5)
	d.Spec.Replicas = &five
	if !Adopt(d, false) || *d.Spec.Replicas != 0 || d.Annotations[AnnotationReplicas] != "5" {
		t.Fatalf("update: %v %v", *d.Spec.Replicas, d.Annotations)
	}
	if d := dep(2, map[string]string{AnnotationStrategy: "rolling"}); Adopt(d, false) || *d.Spec.Replicas != 2 {
		t.Fatal("an unknown strategy must not be adopted")
	}
	if d := dep(2, nil); Adopt(d, false) {
		t.Fatal("a plain Deployment must not be adopted")
	}
	d = dep(4, nil)
	if !Adopt(d, true) || d.Annotations[AnnotationStrategy] != StrategyCanary || d.Annotations[AnnotationReplicas] != "4" {
		t.Fatalf("namespace adoption: %v", d.Annotations)
	}
	d = dep(4, map[string]string{AnnotationStrategy: StrategyBlueGreen})
	if !Adopt(d, true) || d.Annotations[AnnotationStrategy] != StrategyBlueGreen {
		t.Fatalf("namespace adoption keeps the strategy: %v", d.Annotations)
	}
}
