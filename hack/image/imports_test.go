package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The image and deploy tools ship to users' machines (make image, make deploy): they must not
// link the test tree (test/cluster and friends), whose shared parts live in internal/.
func TestHackLinksNoTestCode(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "../...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	var linked []string
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/skiff-dev/skiff/test/") {
			linked = append(linked, p)
		}
	}
	if len(linked) > 0 {
		t.Errorf("hack/ links test packages: %v", linked)
	}
	if !strings.Contains(string(out), "github.com/skiff-dev/skiff/internal/containerimage") {
		t.Errorf("go list did not see hack/image's dependencies (internal/containerimage); the check looked at nothing")
	}
}
