package run

import (
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Input artifacts are in place before the command starts; a missing output fails a step
// that otherwise succeeded, unless the artifact is optional.
func TestRunLoadsInputsAndChecksOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "data.txt")
	tmpl := &v1alpha1.Template{
		Inputs: v1alpha1.Inputs{Artifacts: []v1alpha1.Artifact{{Name: "data", Path: in,
			ArtifactLocation: v1alpha1.ArtifactLocation{Raw: &v1alpha1.RawArtifact{Data: "payload"}}}}},
		Outputs: v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{
			{Name: "maybe", Path: filepath.Join(dir, "absent"), Optional: ptr.To(true)},
		}},
	}
	code, stdout, _, m := runSh(t, Options{Template: tmpl}, "cat "+in)
	if code != 0 || stdout != "payload" {
		t.Fatalf("code %d stdout %q message %q", code, stdout, m.Message)
	}
	if !strings.Contains(m.Message, `optional output artifact "maybe"`) {
		t.Errorf("message %q does not note the skipped optional output", m.Message)
	}

	tmpl.Outputs.Artifacts[0].Optional = nil
	code, _, _, m = runSh(t, Options{Template: tmpl}, "true")
	if code != 1 || !strings.Contains(m.Message, `output artifact "maybe"`) {
		t.Errorf("required missing output: code %d message %q, want 1 naming the artifact", code, m.Message)
	}

	// An input that cannot be loaded stops the step before the command runs.
	tmpl.Inputs.Artifacts[0].Raw = nil
	code, stdout, _, m = runSh(t, Options{Template: tmpl}, "echo ran")
	if code != 1 || stdout != "" || !strings.Contains(m.Message, `input artifact "data" has no location`) {
		t.Errorf("unbound input: code %d stdout %q message %q", code, stdout, m.Message)
	}
}
