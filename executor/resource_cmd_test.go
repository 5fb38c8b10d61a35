package main

import (
	"strings"
	"testing"
)

// The resource command's own checks, before it reaches the API server: each reports through
// the termination message with exit code 1, or is a usage error.
func TestResourceCommandSetupErrors(t *testing.T) {
	cmd, _ := executor(t, nil, "resource", "extra")
	if err := cmd.Run(); exitCode(t, err) != exitUsage {
		t.Fatalf("resource with an argument: exit %d, want %d", exitCode(t, err), exitUsage)
	}
	cases := map[string][]string{
		"SKIFF_TEMPLATE is not set":        {"SKIFF_TEMPLATE="},
		"SKIFF_TEMPLATE is not a template": {"SKIFF_TEMPLATE={nope"},
		"no in-cluster API access":         {`SKIFF_TEMPLATE={"name":"r","resource":{"action":"get","manifest":"kind: ConfigMap"}}`, "KUBERNETES_SERVICE_HOST="},
	}
	for want, env := range cases {
		cmd, log := executor(t, env, "resource")
		if err := cmd.Run(); exitCode(t, err) != 1 {
			t.Errorf("%s: exit %d, want 1", want, exitCode(t, err))
			continue
		}
		if m := readMessage(t, log); m.ExitCode != 1 || !strings.Contains(m.Message, want) {
			t.Errorf("termination message %+v, want %q", m, want)
		}
	}
}
