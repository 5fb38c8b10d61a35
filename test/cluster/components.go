package cluster

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"time"
)

const containerdBin = "/usr/bin/containerd"

// Component names, in start order.
const (
	compEtcd       = "etcd"
	compAPIServer  = "kube-apiserver"
	compCM         = "kube-controller-manager"
	compScheduler  = "kube-scheduler"
	compContainerd = "containerd"
	compKubelet    = "kubelet"
	compProxy      = "kube-proxy"
	compCoreDNS    = "coredns"
)

// component is a cluster process plus how to tell it is ready.
type component struct {
	proc
	probe func(ctx context.Context) error // one readiness check; nil error = ready
	grace time.Duration                   // how long SIGTERM may take before SIGKILL
}

// components lists the cluster processes in start order.
func (c Config) components() []component {
	pki := c.pki
	grace := 15 * time.Second
	return []component{
		c.registryComponent(),

		{proc{compEtcd, c.Bin("etcd"), []string{
			"--name=skiff", "--data-dir=" + c.path("etcd"), "--log-level=warn",
			url("http", etcdPort, "--listen-client-urls="), url("http", etcdPort, "--advertise-client-urls="),
			url("http", etcdPeerPort, "--listen-peer-urls="), url("http", etcdPeerPort, "--initial-advertise-peer-urls="),
			url("http", etcdPeerPort, "--initial-cluster=skiff="),
			// A throwaway test cluster: speed on slow VM disks matters more than crash safety.
			"--unsafe-no-fsync=true",
		}}, httpProbe(fmt.Sprintf("http://127.0.0.1:%d/health", etcdPort), `"health":"true"`), grace},

		{proc{compAPIServer, c.Bin(compAPIServer), []string{
			url("http", etcdPort, "--etcd-servers="),
			"--advertise-address=" + NodeIP, fmt.Sprintf("--secure-port=%d", APIPort),
			"--service-cluster-ip-range=" + ServiceCIDR,
			"--client-ca-file=" + pki("ca.crt"),
			"--tls-cert-file=" + pki("apiserver.crt"), "--tls-private-key-file=" + pki("apiserver.key"),
			"--kubelet-client-certificate=" + pki("apiserver-kubelet-client.crt"),
			"--kubelet-client-key=" + pki("apiserver-kubelet-client.key"),
			"--kubelet-certificate-authority=" + pki("ca.crt"),
			// The node's host name resolves to loopback here; its InternalIP is the bridge.
			"--kubelet-preferred-address-types=InternalIP,Hostname",
			// Reach webhook and aggregated API Services at their endpoints, not via kube-proxy.
			"--enable-aggregator-routing=true",
			"--requestheader-client-ca-file=" + pki("front-proxy-ca.crt"),
			"--requestheader-allowed-names=front-proxy-client",
			"--requestheader-username-headers=X-Remote-User",
			"--requestheader-group-headers=X-Remote-Group",
			"--requestheader-extra-headers-prefix=X-Remote-Extra-",
			"--proxy-client-cert-file=" + pki("front-proxy-client.crt"),
			"--proxy-client-key-file=" + pki("front-proxy-client.key"),
			"--service-account-issuer=https://kubernetes.default.svc." + ClusterDomain,
			"--service-account-key-file=" + pki("sa.pub"),
			"--service-account-signing-key-file=" + pki("sa.key"),
			"--authorization-mode=Node,RBAC",
			"--enable-admission-plugins=NodeRestriction", // added to the default set
			"--allow-privileged=true", "--profiling=false",
		}}, c.apiProbe, grace},

		{proc{compCM, c.Bin(compCM), append(c.controlPlaneAuth("controller-manager"),
			"--secure-port=10257",
			"--client-ca-file="+pki("ca.crt"),
			"--requestheader-client-ca-file="+pki("front-proxy-ca.crt"),
			"--cluster-signing-cert-file="+pki("ca.crt"), "--cluster-signing-key-file="+pki("ca.key"),
			"--service-account-private-key-file="+pki("sa.key"),
			"--root-ca-file="+pki("ca.crt"),
			"--use-service-account-credentials=true",
			"--service-cluster-ip-range="+ServiceCIDR, "--cluster-cidr="+PodCIDR, "--allocate-node-cidrs=false",
			"--cluster-name=skiff",
		)}, httpProbe("https://127.0.0.1:10257/healthz", "ok"), grace},

		{proc{compScheduler, c.Bin(compScheduler), append(c.controlPlaneAuth("scheduler"),
			"--secure-port=10259",
		)}, httpProbe("https://127.0.0.1:10259/healthz", "ok"), grace},

		{proc{compContainerd, containerdBin, []string{"--config", c.componentConf("containerd.toml")}},
			c.containerdProbe, grace},

		{proc{compKubelet, c.Bin(compKubelet), []string{
			"--config=" + c.componentConf("kubelet.yaml"),
			"--kubeconfig=" + c.kubeconfigPath("kubelet"),
			"--root-dir=" + c.path("kubelet"),
			"--cert-dir=" + c.path("kubelet", "pki"),
			"--hostname-override=" + c.NodeName,
			"--node-ip=" + NodeIP,
		}}, httpProbe("http://127.0.0.1:10248/healthz", "ok"), 20 * time.Second},

		{proc{compProxy, c.Bin(compProxy), []string{
			"--kubeconfig=" + c.kubeconfigPath("kube-proxy"),
			"--hostname-override=" + c.NodeName,
			"--proxy-mode=iptables",
			"--cluster-cidr=" + PodCIDR,
			"--bind-address=" + NodeIP,
			"--healthz-bind-address=127.0.0.1:10256", "--metrics-bind-address=127.0.0.1:10249",
			"--nodeport-addresses=primary", // NodePorts on the node (bridge) address only
			// This VM's root lacks CAP_SYS_RESOURCE (cannot lower its OOM score) and may not
			// write nf_conntrack_max: leave both as they are.
			"--oom-score-adj=0", "--conntrack-max-per-core=0",
		}}, httpProbe("http://127.0.0.1:10256/healthz", ""), grace},

		{proc{compCoreDNS, c.Bin("coredns"), []string{"-conf", c.componentConf("Corefile")}},
			dnsProbe, grace},
	}
}

func (c Config) controlPlaneAuth(kubeconfig string) []string {
	kc := c.kubeconfigPath(kubeconfig)
	return []string{
		"--kubeconfig=" + kc, "--authentication-kubeconfig=" + kc, "--authorization-kubeconfig=" + kc,
		"--bind-address=127.0.0.1",
		// One instance by construction: skip leader election and its start-up wait.
		"--leader-elect=false",
	}
}

func url(scheme string, port int, prefix string) string {
	return fmt.Sprintf("%s%s://127.0.0.1:%d", prefix, scheme, port)
}

// probeClient talks to components on loopback only. It never uses a proxy, and skips TLS
// verification because controller-manager and scheduler serve self-signed certificates
// generated in memory; only readiness is checked with it.
var probeClient = &http.Client{
	Timeout: 3 * time.Second,
	Transport: &http.Transport{
		Proxy:           nil,
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	},
}

func httpProbe(u, want string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		resp, err := probeClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			return fmt.Errorf("GET %s: %s: %s", u, resp.Status, strings.TrimSpace(string(body)))
		}
		return nil
	}
}

// apiProbe asks the API server's /readyz as the admin.
func (c Config) apiProbe(ctx context.Context) error {
	cs, err := c.clientset()
	if err != nil {
		return err
	}
	body, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").Timeout(5 * time.Second).DoRaw(ctx)
	if err != nil {
		return fmt.Errorf("GET /readyz: %w: %s", err, strings.TrimSpace(string(body)))
	}
	return nil
}

func (c Config) containerdProbe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ctr", "--address", c.containerdSocket(), "version").CombinedOutput()
	if err != nil {
		return fmt.Errorf("ctr version: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// dnsProbe resolves the API Service's name through CoreDNS on the bridge address: it proves
// CoreDNS runs, reads the API, and is reachable where pods send their queries.
func dnsProbe(ctx context.Context) error {
	r := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", net.JoinHostPort(NodeIP, "53"))
	}}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	name := "kubernetes.default.svc." + ClusterDomain + "."
	addrs, err := r.LookupHost(ctx, name)
	if err != nil {
		return fmt.Errorf("resolving %s at %s:53: %w", name, NodeIP, err)
	}
	if !slices.Contains(addrs, APIServiceIP) {
		return fmt.Errorf("%s resolved to %v, want %s", name, addrs, APIServiceIP)
	}
	return nil
}
