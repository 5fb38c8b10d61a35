package cluster

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Down stops every cluster process and removes what they leave on the host (pod processes,
// shims, mounts, network namespaces, iptables chains, the bridge). With clean it also
// deletes the data dir (etcd, images, PKI, logs); the binary cache stays.
func (c Config) Down(ctx context.Context, out io.Writer, clean bool) error {
	p := newProgress(out)
	unlock, err := c.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := c.stopAll(ctx, p); err != nil {
		return err
	}
	if err := p.step("clean up runtime leftovers", "", c.cleanupLeftovers); err != nil {
		return err
	}
	if err := p.step("iptables", c.logFile("kube-proxy-cleanup"), func() (string, error) { return c.cleanIptables(ctx) }); err != nil {
		return err
	}
	if err := p.step("remove bridge "+BridgeName, "", func() (string, error) { return "", removeBridge(ctx) }); err != nil {
		return err
	}
	if clean {
		if err := p.step("remove data", "", c.removeData); err != nil {
			return err
		}
	}
	p.printf("cluster is down (%s)", round(time.Since(p.start)))
	return nil
}

// stopAll stops the components in reverse start order. Pods die right after the kubelet
// stops (so nothing restarts them) and before containerd does (so it sees them exit).
func (c Config) stopAll(ctx context.Context, p *progress) error {
	comps := c.components()
	slices.Reverse(comps)
	for _, comp := range comps {
		if comp.name == compContainerd {
			if err := p.step("stop pods", "", func() (string, error) {
				return fmt.Sprintf("killed %d processes", killPodProcesses()), nil
			}); err != nil {
				return err
			}
		}
		if err := p.step("stop "+comp.name, c.logFile(comp.name), func() (string, error) {
			return c.stop(ctx, comp.name, comp.binary, comp.grace)
		}); err != nil {
			return err
		}
	}
	return nil
}

// removeData deletes the data dir and the fixed host paths the kubelet writes outside it.
func (c Config) removeData() (string, error) {
	if _, err := c.unmountLeftovers(); err != nil {
		return "", err
	}
	if err := os.RemoveAll(c.DataDir); err != nil {
		return "", fmt.Errorf("removing %s: %w", c.DataDir, err)
	}
	// The kubelet links container logs here and keeps device-plugin sockets at a fixed path,
	// whatever its root dir; on a machine without another kubelet they are all ours.
	links, _ := filepath.Glob("/var/log/containers/*.log")
	for _, l := range links {
		_ = os.Remove(l)
	}
	_ = os.RemoveAll("/var/lib/kubelet/device-plugins")
	_ = os.Remove("/var/lib/kubelet") // only if now empty
	return "removed " + c.DataDir, nil
}
