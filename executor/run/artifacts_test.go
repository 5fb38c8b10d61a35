package run

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Input artifacts init staged are in place before the command starts; output artifacts
// are packed for wait and listed in the report; a missing output fails a step that
// otherwise succeeded, unless the artifact is optional; without a wait container output
// artifacts cannot be saved.
func TestRunPlacesInputsAndPacksOutputs(t *testing.T) {
	dir, stage, outs := t.TempDir(), t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(stage, "data"), []byte("payload"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in", "data.txt")
	made := filepath.Join(dir, "made.txt")
	tmpl := &v1alpha1.Template{
		Inputs: v1alpha1.Inputs{Artifacts: []v1alpha1.Artifact{{Name: "data", Path: in, Mode: ptr.To[int32](0o600)}}},
		Outputs: v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{
			{Name: "made", Path: made},
			{Name: "maybe", Path: filepath.Join(dir, "absent"), Optional: ptr.To(true)},
		}},
	}
	report := filepath.Join(t.TempDir(), "report.json")
	o := Options{Template: tmpl, InputsDir: stage, OutputsDir: outs, ReportPath: report}
	code, stdout, _, m := runSh(t, o, "cat "+in+"; echo x > "+made)
	if code != 0 || stdout != "payload" {
		t.Fatalf("code %d stdout %q message %q", code, stdout, m.Message)
	}
	if st, err := os.Stat(in); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("placed input: %v, want mode 0600", err)
	}
	r := readReport(t, report)
	if r.Result != "payload" || len(r.Packed) != 1 || r.Packed[0].File != "made.tgz" || !strings.Contains(r.Message.Message, `optional output artifact "maybe"`) {
		t.Errorf("report %+v", r)
	}
	if _, err := os.Stat(filepath.Join(outs, "made.tgz")); err != nil {
		t.Errorf("packed output: %v", err)
	}

	tmpl.Outputs.Artifacts[1].Optional = nil
	code, _, _, m = runSh(t, o, "echo x > "+made)
	if code != 1 || !strings.Contains(m.Message, `output artifact "maybe"`) {
		t.Errorf("required missing output: code %d message %q, want 1 naming the artifact", code, m.Message)
	}
	o.ReportPath = ""
	if code, _, _, m = runSh(t, o, "echo x > "+made); code != 1 || !strings.Contains(m.Message, "wait container") {
		t.Errorf("no wait container: code %d message %q", code, m.Message)
	}

	// An input init did not stage stops the step before the command runs.
	o.InputsDir = t.TempDir()
	code, stdout, _, m = runSh(t, o, "echo ran")
	if code != 1 || stdout != "" || !strings.Contains(m.Message, `input artifact "data" was not fetched`) {
		t.Errorf("unstaged input: code %d stdout %q message %q", code, stdout, m.Message)
	}
}

// TestReportLimits: with a wait container, a result of 200 KiB travels whole in the report
// (far past the termination message), while a result or parameter past 256 KiB, or outputs
// past 1 MiB together, fail the step with a message naming the output, its size and the
// limit.
func TestReportLimits(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	o := Options{ReportPath: report, OutputsDir: dir, InputsDir: dir}
	code, _, _, m := runSh(t, o, `head -c 204800 /dev/zero | tr '\0' 'a'`)
	if r := readReport(t, report); code != 0 || len(r.Result) != 204800 || m.Message != "" {
		t.Fatalf("200 KiB result: code %d, report result %d bytes, message %q", code, len(r.Result), m.Message)
	}
	code, _, _, m = runSh(t, o, `head -c 300000 /dev/zero | tr '\0' 'a'`)
	want := "outputs.result is 300000 bytes, over the limit of 262144 bytes per output value"
	if r := readReport(t, report); code != 1 || r.Result != "" || r.Message.Message != want || m.Message != want {
		t.Errorf("300 KB result: code %d report %q message %q", code, r.Message.Message, m.Message)
	}
	var params []v1alpha1.Parameter
	script := ""
	for i := range 5 {
		name := "p" + string(rune('0'+i))
		params = append(params, v1alpha1.Parameter{Name: name, ValueFrom: &v1alpha1.ValueFrom{Path: filepath.Join(dir, name)}})
		script += `head -c 240000 /dev/zero | tr '\0' 'b' > ` + filepath.Join(dir, name) + "; "
	}
	o.Template = &v1alpha1.Template{Outputs: v1alpha1.Outputs{Parameters: params}}
	code, _, _, m = runSh(t, o, script)
	if code != 1 || !strings.Contains(m.Message, "are 1200000 bytes together, over the limit of 1048576 bytes per step") {
		t.Errorf("1.2 MB of parameters: code %d message %q", code, m.Message)
	}
	o.Template.Outputs.Parameters = params[:1]
	code, _, _, m = runSh(t, o, `head -c 262145 /dev/zero > `+filepath.Join(dir, "p0"))
	if code != 1 || !strings.Contains(m.Message, "outputs.parameters.p0 is 262145 bytes, over the limit of 262144") {
		t.Errorf("one big parameter: code %d message %q", code, m.Message)
	}
}

func readReport(t *testing.T, path string) stepcontract.Report {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r stepcontract.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
