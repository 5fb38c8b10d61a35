package cluster

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-containerregistry/pkg/name"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

// TestContainerdUsesHostsDir decodes the containerd config as containerd does (TOML) and
// checks the CRI plugin reads registry hosts from the dir writeNodeConfigs fills.
func TestContainerdUsesHostsDir(t *testing.T) {
	c := Config{DataDir: filepath.Join(t.TempDir(), "data dir"), CacheDir: t.TempDir(), NodeName: "node"}
	var conf struct {
		Plugins map[string]struct {
			Registry struct {
				ConfigPath string `toml:"config_path"`
				Mirrors    map[string]any
			}
		}
	}
	if _, err := toml.Decode(c.containerdConfig(), &conf); err != nil {
		t.Fatalf("containerd.toml does not parse: %v\n%s", err, c.containerdConfig())
	}
	cri := conf.Plugins["io.containerd.grpc.v1.cri"]
	if cri.Registry.ConfigPath != localcluster.HostsDir(c.DataDir) {
		t.Errorf("config_path = %q, want %q", cri.Registry.ConfigPath, localcluster.HostsDir(c.DataDir))
	}
	if cri.Registry.Mirrors != nil {
		t.Error("registry.mirrors set: containerd refuses it together with config_path")
	}
	if err := c.writeNodeConfigs(); err != nil {
		t.Fatal(err)
	}
	hosts := filepath.Join(localcluster.HostsDir(c.DataDir), "docker.io", "hosts.toml")
	var ht struct {
		Server string
		Host   map[string]struct{ Capabilities []string }
	}
	if _, err := toml.DecodeFile(hosts, &ht); err != nil {
		t.Fatalf("%s: %v", hosts, err)
	}
	mirror, ok := ht.Host["http://"+localcluster.RegistryAddr]
	if ht.Server != "https://registry-1.docker.io" || !ok || len(mirror.Capabilities) != 2 {
		t.Errorf("%s: server %q, hosts %+v", hosts, ht.Server, ht.Host)
	}
	b, _ := os.ReadFile(hosts)
	t.Logf("%s:\n%s", hosts, b)
}

func TestMirrorConfigRefusesBadHosts(t *testing.T) {
	c := Config{DataDir: t.TempDir()}
	for _, h := range []string{"", "..", "a/b", `a\b`} {
		if err := c.writeMirrorConfig(h); err == nil {
			t.Errorf("host %q accepted", h)
		}
	}
	if err := c.writeMirrorConfig("ghcr.io"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(localcluster.HostsDir(c.DataDir), "ghcr.io", "hosts.toml")); err != nil {
		t.Error(err)
	}
}

// TestMirrorTag maps image names to their place in the local registry, host first, as the
// registry maps containerd's ?ns= requests.
func TestMirrorTag(t *testing.T) {
	for in, want := range map[string]string{
		"busybox":                          "127.0.0.1:5000/docker.io/library/busybox:latest",
		"docker.io/library/busybox:1.35.0": "127.0.0.1:5000/docker.io/library/busybox:1.35.0",
		"me/app:v1":                        "127.0.0.1:5000/docker.io/me/app:v1",
		"ghcr.io/org/app:2":                "127.0.0.1:5000/ghcr.io/org/app:2",
	} {
		ref, err := name.NewTag(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mirrorTag(ref)
		if err != nil || got.String() != want {
			t.Errorf("%s -> %v (%v), want %s", in, got, err, want)
		}
	}
}
