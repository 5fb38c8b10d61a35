package cluster

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

// writeNodeConfigs (re)writes the config files of containerd, the CNI network, the kubelet
// and CoreDNS. They derive from Config alone, so rewriting them each run repairs any
// half-written file a killed run left.
func (c Config) writeNodeConfigs() error {
	kubelet, err := c.kubeletConfig()
	if err != nil {
		return err
	}
	cni, err := c.cniConfig()
	if err != nil {
		return err
	}
	files := map[string][]byte{
		c.componentConf("containerd.toml"):       []byte(c.containerdConfig()),
		c.componentConf("cni/10-skiff.conflist"): cni,
		c.componentConf("kubelet.yaml"):          kubelet,
		c.componentConf("Corefile"):              []byte(c.corefile()),
	}
	for path, data := range files {
		if err := writeAtomic(path, data, 0o644); err != nil {
			return err
		}
	}
	return c.writeMirrorConfig("docker.io")
}

// containerdConfig keeps containerd's root, state, runc state and sockets under the data dir
// so `down` can find and remove everything a run leaves.
func (c Config) containerdConfig() string {
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	lines := []string{
		"version = 2",
		"root = " + q(c.path("containerd", "root")),
		"state = " + q(c.path("containerd", "state")),
		`disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]`,
		"[grpc]",
		"  address = " + q(c.containerdSocket()),
		`[plugins."io.containerd.internal.v1.opt"]`,
		"  path = " + q(c.path("containerd", "opt")),
		`[plugins."io.containerd.grpc.v1.cri"]`,
		// Imported locally under this tag: the sandbox never needs a pull.
		"  sandbox_image = " + q(PauseImage),
		// This VM's root lacks CAP_SYS_RESOURCE: runc must not try to lower oom_score_adj,
		// or every sandbox fails with "can't get final child's PID from pipe: EOF".
		"  restrict_oom_score_adj = true",
		`[plugins."io.containerd.grpc.v1.cri".containerd]`,
		`  snapshotter = "overlayfs"`,
		`  default_runtime_name = "runc"`,
		`[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]`,
		`  runtime_type = "io.containerd.runc.v2"`,
		`[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]`,
		"  SystemdCgroup = false", // cgroupfs: there is no systemd on these machines
		"  Root = " + q(c.path("containerd", "state", "runc")),
		`[plugins."io.containerd.grpc.v1.cri".cni]`,
		"  bin_dir = " + q(cniBinDir),
		"  conf_dir = " + q(c.componentConf("cni")),
		"  max_conf_num = 1",
		// Registry hosts: the local registry mirrors docker.io (and each host an image was
		// imported for), one hosts.toml per host, read at each pull.
		`[plugins."io.containerd.grpc.v1.cri".registry]`,
		"  config_path = " + q(localcluster.HostsDir(c.DataDir)),
	}
	return strings.Join(lines, "\n") + "\n"
}

// cniConfig is a bridge network with host-local IPAM. We create the bridge ourselves (see
// network.go) with the gateway address, so the node, CoreDNS and the API server can use that
// address before the first pod exists; the plugin adopts it. No IP masquerade: pods only
// talk to each other, Services and the node.
func (c Config) cniConfig() ([]byte, error) {
	conf := map[string]any{
		"cniVersion": "0.4.0",
		"name":       "skiff",
		"plugins": []any{map[string]any{
			"type":        "bridge",
			"bridge":      BridgeName,
			"isGateway":   true,
			"ipMasq":      false,
			"hairpinMode": true, // a pod can reach itself through its own Service
			"ipam": map[string]any{
				"type":    "host-local",
				"ranges":  [][]map[string]string{{{"subnet": PodCIDR, "gateway": NodeIP}}},
				"routes":  []map[string]string{{"dst": "0.0.0.0/0"}},
				"dataDir": c.path("cni", "networks"),
			},
		}},
	}
	return json.MarshalIndent(conf, "", "  ")
}

func (c Config) kubeletConfig() ([]byte, error) {
	kc := kubeletv1beta1.KubeletConfiguration{
		TypeMeta: metav1.TypeMeta{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration"},
		Authentication: kubeletv1beta1.KubeletAuthentication{
			X509:      kubeletv1beta1.KubeletX509Authentication{ClientCAFile: c.pki("ca.crt")},
			Webhook:   kubeletv1beta1.KubeletWebhookAuthentication{Enabled: ptr.To(true)},
			Anonymous: kubeletv1beta1.KubeletAnonymousAuthentication{Enabled: ptr.To(false)},
		},
		Authorization:            kubeletv1beta1.KubeletAuthorization{Mode: kubeletv1beta1.KubeletAuthorizationModeWebhook},
		TLSCertFile:              c.pki("kubelet.crt"),
		TLSPrivateKeyFile:        c.pki("kubelet.key"),
		ContainerRuntimeEndpoint: "unix://" + c.containerdSocket(),
		CgroupDriver:             "cgroupfs",
		FailCgroupV1:             ptr.To(false), // these machines run cgroup v1
		FailSwapOn:               ptr.To(false),
		ClusterDNS:               []string{NodeIP},
		ClusterDomain:            ClusterDomain,
		// Pods get only cluster DNS, never the host's resolvers: traffic stays on the machine.
		ResolverConfig:     ptr.To(""),
		HealthzBindAddress: "127.0.0.1",
		HealthzPort:        ptr.To[int32](10248),
		ReadOnlyPort:       0,
		PodLogsDir:         c.path("pod-logs"),
		VolumePluginDir:    c.path("kubelet", "volume-plugins"),
		// Images cannot be pulled again (no registry): never garbage-collect them.
		ImageGCHighThresholdPercent: ptr.To[int32](100),
		ImageGCLowThresholdPercent:  ptr.To[int32](99),
		// Test machines often run with fuller disks than the defaults (10-15% free) allow;
		// evicting pods for that would make tests flaky, not safer.
		EvictionHard: map[string]string{
			"memory.available": "100Mi", "nodefs.available": "1%", "nodefs.inodesFree": "1%",
			"imagefs.available": "1%", "imagefs.inodesFree": "1%",
		},
		// Fixed settings for a 2-core test machine: report status quickly, talk to the API
		// without client-side throttling becoming the bottleneck, bound pod count.
		MaxPods:                   110,
		KubeAPIQPS:                ptr.To[int32](50),
		KubeAPIBurst:              100,
		NodeStatusReportFrequency: metav1.Duration{Duration: 10 * time.Second},
		SyncFrequency:             metav1.Duration{Duration: 10 * time.Second},
		RotateCertificates:        false,
		ServerTLSBootstrap:        false,
		RegisterNode:              ptr.To(true),
	}
	return yaml.Marshal(kc)
}

// corefile serves only the cluster's zones, bound to the bridge gateway address: pods reach
// it directly over the bridge (no dependency on kube-proxy), nothing off the machine sees it,
// and no host resolver on 127.0.0.x port 53 is disturbed. There is deliberately no
// `forward`: names outside the cluster get REFUSED instead of leaving the machine.
func (c Config) corefile() string {
	return fmt.Sprintf(`%[1]s:53 in-addr.arpa:53 ip6.arpa:53 {
    bind %[2]s
    errors
    kubernetes %[1]s in-addr.arpa ip6.arpa {
        kubeconfig %[3]s %[4]s
        pods insecure
        ttl 30
    }
    cache 30
}
`, ClusterDomain, NodeIP, c.kubeconfigPath("coredns"), contextName)
}
