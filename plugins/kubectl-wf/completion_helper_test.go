package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompletionHelper runs the shipped kubectl_complete-wf as kubectl does, with PATH
// holding the helper and a kubectl-wf (this test binary, which TestMain turns into the
// plugin when it is called by that name), and checks it prints cobra's completions.
func TestCompletionHelper(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh to run the helper: %v", err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(self, filepath.Join(dir, "kubectl-wf")); err != nil {
		t.Fatal(err)
	}
	helper, err := filepath.Abs("kubectl_complete-wf")
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(helper); err != nil || st.Mode()&0o111 == 0 {
		t.Fatalf("helper %s missing or not executable (%v)", helper, err)
	}
	cases := map[string][]string{
		"verbs":         {"su"},
		"lint -o":       {"lint", "-o", ""},
		"manifest file": {"submit", ""},
	}
	want := map[string][]string{
		"verbs":         {"submit\t", "suspend\t", ":4"},
		"lint -o":       {"pretty", "simple", "json", ":4"},
		"manifest file": {"yaml", "yml", "json", ":8"},
	}
	for name, args := range cases {
		cmd := exec.Command(sh, append([]string{helper}, args...)...)
		cmd.Env = append(os.Environ(), "PATH="+dir, "KUBECONFIG="+filepath.Join(dir, "none"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
			continue
		}
		for _, w := range want[name] {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, out)
			}
		}
	}
}
