package cluster

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnvEvaluatedByShell evaluates the printed lines in a real sh, twice, with paths
// holding spaces, quotes and glob characters, and checks KUBECONFIG, which kubectl the
// shell finds, and that PATH gained each dir exactly once.
func TestEnvEvaluatedByShell(t *testing.T) {
	root := filepath.Join(t.TempDir(), `it's a "dir" with *`)
	c := Config{DataDir: filepath.Join(root, "data $HOME"), CacheDir: filepath.Join(root, "cache `x`")}
	repo := filepath.Join(root, "repo")
	for _, d := range []string{c.CacheDir, filepath.Join(repo, "bin")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Env(repo); err == nil {
		t.Fatal("Env succeeded without a built kubectl")
	}
	if err := os.WriteFile(c.Bin("kubectl"), []byte("#!/bin/sh\necho cached-kubectl\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "bin", "kubectl-wf"), []byte("#!/bin/sh\necho plugin\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	lines, err := c.Env(repo)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("printed:\n%s", lines)
	script := `eval "$ENV_LINES"; eval "$ENV_LINES"; printf '%s\n' "$KUBECONFIG"; kubectl; kubectl-wf; printf '%s\n' "$PATH"`
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = []string{"ENV_LINES=" + lines, "PATH=/usr/bin:/bin", "HOME=/nonexistent"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(got) != 4 {
		t.Fatalf("want 4 lines, got %q", got)
	}
	if got[0] != c.Kubeconfig() {
		t.Errorf("KUBECONFIG = %q, want %q", got[0], c.Kubeconfig())
	}
	if got[1] != "cached-kubectl" || got[2] != "plugin" {
		t.Errorf("kubectl, kubectl-wf printed %q, %q", got[1], got[2])
	}
	wantPath := filepath.Join(c.CacheDir, "path") + ":" + filepath.Join(repo, "bin") + ":/usr/bin:/bin"
	if got[3] != wantPath {
		t.Errorf("PATH = %q\nwant   %q", got[3], wantPath)
	}
	entries, _ := os.ReadDir(filepath.Join(c.CacheDir, "path"))
	if len(entries) != 1 || entries[0].Name() != "kubectl" {
		t.Errorf("the PATH dir holds %v, want only kubectl", entries)
	}
}

// TestEnvWithoutRepoBin leaves PATH's repo part out when bin/ does not exist.
func TestEnvWithoutRepoBin(t *testing.T) {
	c := Config{DataDir: t.TempDir(), CacheDir: t.TempDir()}
	if err := os.WriteFile(c.Bin("kubectl"), nil, 0o755); err != nil {
		t.Fatal(err)
	}
	lines, err := c.Env(filepath.Join(t.TempDir(), "no-such-repo"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(lines, "PATH=") != 1 {
		t.Errorf("want one PATH entry, got:\n%s", lines)
	}
}
