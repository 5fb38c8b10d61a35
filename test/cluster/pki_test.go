package cluster

import (
	"os"
	"strings"
	"testing"
)

func TestPKIGeneratedValidAndRegeneratedWhenBroken(t *testing.T) {
	c := Config{DataDir: t.TempDir(), NodeName: "node-a"}
	reason, _, err := c.ensurePKI()
	if err != nil || reason == "" {
		t.Fatalf("first ensurePKI: reason %q, err %v; want a fresh PKI", reason, err)
	}
	if err := c.validatePKI(); err != nil {
		t.Fatalf("fresh PKI does not validate: %v", err)
	}
	if reason, _, err := c.ensurePKI(); err != nil || reason != "" {
		t.Fatalf("valid PKI regenerated: reason %q, err %v", reason, err)
	}

	// A half-written file (as a killed run leaves) forces regeneration.
	if err := os.WriteFile(c.pki("kubelet.key"), []byte("-----BEGIN"), 0o600); err != nil {
		t.Fatal(err)
	}
	if reason, _, err := c.ensurePKI(); err != nil || !strings.Contains(reason, "kubelet.key") {
		t.Fatalf("broken key: reason %q, err %v; want regeneration naming kubelet.key", reason, err)
	}

	// A renamed host gets certificates for its new name, and learns the old node's name.
	c.NodeName = "node-b"
	reason, old, err := c.ensurePKI()
	if err != nil || old != "node-a" || !strings.Contains(reason, "node-a") {
		t.Fatalf("renamed host: reason %q, old %q, err %v", reason, old, err)
	}
	cert, _, err := c.loadPair("kubelet-client")
	if err != nil || cert.Subject.CommonName != "system:node:node-b" {
		t.Fatalf("kubelet client cert after rename: %v %v", cert.Subject, err)
	}
}

func TestKubeconfigsAndNodeConfigsRender(t *testing.T) {
	c := Config{DataDir: t.TempDir(), NodeName: "node-a"}
	if _, _, err := c.ensurePKI(); err != nil {
		t.Fatal(err)
	}
	if err := c.writeKubeconfigs(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.restConfig(); err != nil {
		t.Fatalf("admin kubeconfig does not load: %v", err)
	}
	if err := c.writeNodeConfigs(); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"containerd.toml":       "restrict_oom_score_adj = true",
		"kubelet.yaml":          "failCgroupV1: false",
		"cni/10-skiff.conflist": `"bridge": "skiff0"`,
		"Corefile":              "bind " + NodeIP,
	} {
		b, err := os.ReadFile(c.componentConf(file))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q (err %v):\n%s", file, want, err, b)
		}
	}
}
