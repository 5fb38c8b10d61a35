package resourceplan

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestParseFlags(t *testing.T) {
	f, err := ParseFlags("delete", []string{"configmap", "cm1", "-n", "other", "--cascade=foreground", "--grace-period=5", "--wait=false"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Type != "configmap" || f.Name != "cm1" || f.Namespace != "other" || f.Propagation != metav1.DeletePropagationForeground ||
		f.GracePeriod == nil || *f.GracePeriod != 5 || !f.NoWait || !f.IgnoreNotFound {
		t.Fatalf("flags = %+v", f)
	}
	f, err = ParseFlags("patch", []string{"deployments.apps/web", "--namespace=ns1"})
	if err != nil || f.Type != "deployments.apps" || f.Name != "web" || f.Namespace != "ns1" {
		t.Fatalf("flags = %+v, %v", f, err)
	}
	f, err = ParseFlags("create", []string{"--validate=false", "--field-manager", "me"})
	if err != nil || f.FieldValidation != metav1.FieldValidationIgnore || f.FieldManager != "me" {
		t.Fatalf("flags = %+v, %v", f, err)
	}
	f, err = ParseFlags("apply", []string{"--validate", "--server-side"})
	if err != nil || f.FieldValidation != metav1.FieldValidationStrict {
		t.Fatalf("flags = %+v, %v", f, err)
	}
	f, err = ParseFlags("get", nil)
	if err != nil || f.IgnoreNotFound || f.FieldManager != DefaultFieldManager {
		t.Fatalf("flags = %+v, %v", f, err)
	}
	f, err = ParseFlags("delete", []string{"configmap", "--selector", "cleanup=true"})
	if err != nil || f.Type != "configmap" || f.Name != "" || f.Selector != "cleanup=true" {
		t.Fatalf("flags = %+v, %v", f, err)
	}
	for _, bad := range [][]string{{"configmap", "x", "-l", "a=b"}, {"cm/x", "-l", "a=b"}, {"cm", "-l", "a in (b"}} {
		if _, err := ParseFlags("delete", bad); err == nil || !strings.Contains(err.Error(), "--selector") {
			t.Errorf("%v: err = %v", bad, err)
		}
	}
	f, err = ParseFlags("delete", []string{"--ignore-not-found=false", "-nfoo"})
	if err != nil || f.IgnoreNotFound || f.Namespace != "foo" {
		t.Fatalf("flags = %+v, %v", f, err)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	cases := map[string][]string{
		`"--overwrite" is not supported by Skiff`: {"--overwrite"},
		`"-o" is not supported by Skiff`:          {"-o", "json"},
		"--selector applies to action delete":     {"--selector=app=x"},
		`"--all" is not supported`:                {"--all"},
		"--cascade applies to action delete":      {"--cascade=orphan"},
		"--namespace needs a value":               {"--namespace"},
		"--server-side=false":                     {"--server-side=false"},
		"takes the object from the manifest":      {"configmap", "x"},
	}
	for want, args := range cases {
		action := "apply"
		if _, err := ParseFlags(action, args); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: err = %v, want %q", args, err, want)
		}
	}
	for _, args := range [][]string{{"a", "b", "c"}, {"a/b/c"}, {"cm/"}} {
		if _, err := ParseFlags("get", args); err == nil || !strings.Contains(err.Error(), "name one object") {
			t.Errorf("%v: err = %v", args, err)
		}
	}
	if _, err := ParseFlags("delete", []string{"--cascade=sideways"}); err == nil {
		t.Error("--cascade=sideways accepted")
	}
	if _, err := ParseFlags("delete", []string{"--grace-period=soon"}); err == nil {
		t.Error("--grace-period=soon accepted")
	}
}
