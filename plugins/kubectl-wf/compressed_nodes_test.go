package main

import (
	"strings"
	"testing"
)

// A workflow whose nodes the controller stored compressed draws the same tree as with
// plain nodes.
func TestGetCompressedNodes(t *testing.T) {
	plain := stepsWorkflow()
	env := newEnv(plain)
	if code := run(env, "get", plain.Name, "--no-color"); code != 0 {
		t.Fatalf("plain: exit %d: %s", code, env.ErrOut)
	}
	want := env.Out.String()

	packed := stepsWorkflow()
	js, err := packed.Status.NodesJSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := packed.Status.CompressNodes(js); err != nil {
		t.Fatal(err)
	}
	env = newEnv(packed)
	if code := run(env, "get", packed.Name, "--no-color"); code != 0 {
		t.Fatalf("compressed: exit %d: %s", code, env.ErrOut)
	}
	if got := env.Out.String(); got != want || !strings.Contains(got, "✖") {
		t.Errorf("compressed nodes drew\n%s\nwant\n%s", got, want)
	}

	broken := stepsWorkflow()
	broken.Status.Nodes, broken.Status.CompressedNodes = nil, "not base64!"
	env = newEnv(broken)
	if code := run(env, "get", broken.Name); code == 0 || !strings.Contains(env.ErrOut.String(), "status.compressedNodes: not base64") {
		t.Errorf("broken: exit %d: %s", code, env.ErrOut)
	}
}
