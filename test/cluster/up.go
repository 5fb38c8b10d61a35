package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/internal/localcluster"
	"github.com/skiff-dev/skiff/test/internal/buildcache"
)

// Up brings the cluster up: installs node packages, builds missing binaries, writes PKI and
// configs, starts what is not running and waits until the cluster is usable. Running it
// again on a healthy cluster only re-checks it.
func (c Config) Up(ctx context.Context, out io.Writer, repo string) error {
	p := newProgress(out)
	unlock, err := c.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := p.step("node packages", c.logFile("apt"), func() (string, error) { return c.ensurePackages(ctx) }); err != nil {
		return err
	}
	if err := c.ensureBinaries(ctx, p, repo); err != nil {
		return err
	}
	if err := p.step("host network", "", func() (string, error) {
		return fmt.Sprintf("bridge %s %s/%d, route %s", BridgeName, NodeIP, bridgePrefix, ServiceCIDR), setupNetwork(ctx)
	}); err != nil {
		return err
	}

	comps := c.components()
	alive := c.alive(comps)
	var oldNode string
	if err := p.step("PKI", "", func() (string, error) {
		reason, old, err := c.ensurePKI()
		oldNode = old
		if err != nil || reason == "" {
			return "valid", err
		}
		if len(alive) > 0 { // running processes hold the old certificates
			p.printf("PKI regenerated (%s): restarting %s", reason, strings.Join(alive, " "))
			if err := c.stopAll(ctx, p); err != nil {
				return "", err
			}
			alive = nil
		}
		return "generated: " + reason, nil
	}); err != nil {
		return err
	}
	if len(alive) == 0 {
		if err := p.step("clean up leftovers of earlier runs", "", c.cleanupLeftovers); err != nil {
			return err
		}
	} else {
		p.printf("already running: %s", strings.Join(alive, " "))
	}
	if err := p.step("kubeconfigs and configs", "", func() (string, error) {
		if err := c.writeKubeconfigs(); err != nil {
			return "", err
		}
		old, _ := os.ReadFile(c.componentConf("containerd.toml"))
		if err := c.writeNodeConfigs(); err != nil {
			return "", err
		}
		// containerd reads its config only at start (e.g. the registry mirror settings of a
		// newer skiff-cluster): restart it. Running containers keep running in their shims.
		if now, _ := os.ReadFile(c.componentConf("containerd.toml")); !bytes.Equal(old, now) && slices.Contains(alive, compContainerd) {
			comp := byName(comps, compContainerd)
			did, err := c.stop(ctx, comp.name, comp.binary, comp.grace)
			if err != nil {
				return "", err
			}
			return c.path("config") + "; containerd config changed: " + did + ", starts again below", nil
		}
		return c.path("config"), nil
	}); err != nil {
		return err
	}

	find := func(n string) component { return byName(comps, n) }
	started := map[string]time.Time{} // components this run started, and when
	start := func(names ...string) error {
		for _, n := range names {
			t := time.Now()
			ok, err := c.ensureStarted(p, find(n))
			if err != nil {
				return err
			}
			if ok {
				started[n] = t
			}
		}
		return nil
	}
	wait := func(name string, timeout time.Duration) error {
		return p.step("wait for "+name, c.logFile(name), func() (string, error) {
			return "", c.waitReady(ctx, find(name), timeout)
		})
	}

	if err := p.step("registry binary", "", func() (string, error) { return c.registryBinary(), c.installRegistryBinary() }); err != nil {
		return err
	}
	if err := start(compRegistry, compEtcd, compContainerd); err != nil {
		return err
	}
	if err := wait(compEtcd, time.Minute); err != nil {
		return err
	}
	if err := start(compAPIServer); err != nil {
		return err
	}
	if err := wait(compContainerd, time.Minute); err != nil {
		return err
	}
	if err := wait(compRegistry, 30*time.Second); err != nil {
		return err
	}
	// Imported while the API server starts; the kubelet needs the sandbox image.
	if err := p.step("images", "", func() (string, error) { return c.ensureImages(ctx) }); err != nil {
		return err
	}
	if err := p.step("registry images", c.logFile(compRegistry), func() (string, error) { return c.ensureMirrorImages(ctx) }); err != nil {
		return err
	}
	if err := wait(compAPIServer, 3*time.Minute); err != nil {
		return err
	}
	if err := p.step("cluster objects", c.logFile(compAPIServer), func() (string, error) { return c.bootstrapObjects(ctx, oldNode) }); err != nil {
		return err
	}
	if err := start(compCM, compScheduler, compKubelet, compProxy, compCoreDNS); err != nil {
		return err
	}
	for _, n := range []string{compCM, compScheduler, compKubelet} {
		if err := wait(n, 2*time.Minute); err != nil {
			return err
		}
	}
	kubelet := find(compKubelet)
	if err := p.step("wait for node "+c.NodeName+" Ready", c.logFile(kubelet.name), func() (string, error) {
		return "", c.poll(ctx, kubelet.name, kubelet.binary, 3*time.Minute, c.nodeReadySince(started[compKubelet]))
	}); err != nil {
		return err
	}
	for _, n := range []string{compProxy, compCoreDNS} {
		if err := wait(n, 2*time.Minute); err != nil {
			return err
		}
	}
	cm := find(compCM)
	if err := p.step("wait for ServiceAccount default/default", c.logFile(cm.name), func() (string, error) {
		return "", c.poll(ctx, cm.name, cm.binary, 2*time.Minute, c.defaultServiceAccount)
	}); err != nil {
		return err
	}
	p.printf("cluster is up (%s)", round(time.Since(p.start)))
	fmt.Fprintf(out, "\nkubeconfig: %s\nkubectl:    %s\nregistry:   http://%s (mirror of docker.io: busybox; `skiff-cluster image import FILE` adds images)\nlogs:       %s\n\n    eval \"$(go run ./test/cluster/cmd/skiff-cluster env)\"   # KUBECONFIG, kubectl and bin/ on PATH\n",
		c.Kubeconfig(), c.Bin("kubectl"), localcluster.RegistryAddr, c.path("logs"))
	return nil
}

// byName finds a component by name (the zero component when there is none).
func byName(comps []component, name string) component {
	for _, comp := range comps {
		if comp.name == name {
			return comp
		}
	}
	return component{}
}

// alive names the components whose processes run.
func (c Config) alive(comps []component) []string {
	var names []string
	for _, comp := range comps {
		if _, ok := c.running(comp.name, comp.binary); ok {
			names = append(names, comp.name)
		}
	}
	return names
}

// ensureStarted starts comp unless it already runs (an earlier `up`); it reports whether it
// started it.
func (c Config) ensureStarted(p *progress, comp component) (bool, error) {
	if pid, ok := c.running(comp.name, comp.binary); ok {
		p.printf("%s already running (pid %d)", comp.name, pid)
		return false, nil
	}
	pid, err := c.start(comp.proc)
	if err != nil {
		return false, &StepError{Step: "start " + comp.name, Err: err, Log: c.logFile(comp.name)}
	}
	p.printf("started %s (pid %d, log %s)", comp.name, pid, c.logFile(comp.name))
	return true, nil
}

// bootstrapObjects creates what the cluster needs in the API before the node components
// start: CoreDNS's permissions, and removal of the Node of a previous host name.
func (c Config) bootstrapObjects(ctx context.Context, oldNode string) (string, error) {
	cs, err := c.clientset()
	if err != nil {
		return "", err
	}
	if err := ensureCoreDNSRBAC(ctx, cs); err != nil {
		return "", err
	}
	if oldNode == "" {
		return "CoreDNS RBAC", nil
	}
	err = cs.CoreV1().Nodes().Delete(ctx, oldNode, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return "", fmt.Errorf("deleting the stale node %s: %w", oldNode, err)
	}
	return "CoreDNS RBAC, removed stale node " + oldNode, nil
}

// lock serialises up/down/status runs against the same data dir.
func (c Config) lock(ctx context.Context) (func(), error) {
	if os.Geteuid() != 0 {
		return nil, errors.New("the local cluster must be run as root (containerd, kubelet, iptables and mounts need it)")
	}
	if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
		return nil, err
	}
	return buildcache.Lock(ctx, c.path(".lock"))
}
