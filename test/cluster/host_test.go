package cluster

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitRule(t *testing.T) {
	line := `-A INPUT -m comment --comment "kubernetes health \"check\" ports" -j KUBE-NODEPORTS`
	got := splitRule(line)
	want := []string{"-A", "INPUT", "-m", "comment", "--comment", `kubernetes health "check" ports`, "-j", "KUBE-NODEPORTS"}
	if !slices.Equal(got, want) {
		t.Fatalf("splitRule:\n got %q\nwant %q", got, want)
	}
	if !jumpsToKube(got) || jumpsToKube(splitRule("-A INPUT -j ACCEPT")) {
		t.Fatal("jumpsToKube misjudged a rule")
	}
}

func TestUnescapeMount(t *testing.T) {
	if got := unescapeMount(`/var/lib/a\040b/c`); got != "/var/lib/a b/c" {
		t.Fatalf("got %q", got)
	}
}

func TestVersionLDFlags(t *testing.T) {
	f := versionLDFlags()
	for _, want := range []string{
		"k8s.io/component-base/version.gitVersion=" + KubeVersion,
		"k8s.io/component-base/version.gitMajor=1 ",
		"k8s.io/client-go/pkg/version.gitMinor=37",
	} {
		if !strings.Contains(f+" ", want) {
			t.Errorf("ldflags %q lack %q", f, want)
		}
	}
}
