package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// hostSysctls are the kernel settings pod networking needs: routing between the bridge and
// the host, and bridged pod-to-pod traffic passing iptables so Service NAT applies to it.
var hostSysctls = map[string]string{
	"/proc/sys/net/ipv4/ip_forward":                 "1",
	"/proc/sys/net/bridge/bridge-nf-call-iptables":  "1",
	"/proc/sys/net/bridge/bridge-nf-call-ip6tables": "1",
}

// setupNetwork sets the sysctls and creates the pod bridge with the gateway (node) address,
// plus a route sending Service IPs to the bridge so the host reaches them without a default
// route and nothing for the Service range is ever routed off the machine.
func setupNetwork(ctx context.Context) error {
	if _, err := os.Stat("/proc/sys/net/bridge"); err != nil {
		// br_netfilter may be a module; try to load it (fine if modprobe is absent).
		_ = exec.CommandContext(ctx, "modprobe", "br_netfilter").Run()
	}
	for path, v := range hostSysctls {
		if err := os.WriteFile(path, []byte(v), 0o644); err != nil {
			return fmt.Errorf("setting %s=%s (is br_netfilter available?): %w", strings.TrimPrefix(path, "/proc/sys/"), v, err)
		}
	}
	if err := exec.CommandContext(ctx, "ip", "link", "show", BridgeName).Run(); err != nil {
		if err := ip(ctx, "link", "add", BridgeName, "type", "bridge"); err != nil {
			return err
		}
	}
	steps := [][]string{
		{"addr", "replace", fmt.Sprintf("%s/%d", NodeIP, bridgePrefix), "dev", BridgeName},
		{"link", "set", BridgeName, "up"},
		{"route", "replace", ServiceCIDR, "dev", BridgeName, "src", NodeIP},
	}
	for _, args := range steps {
		if err := ip(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// removeBridge deletes the pod bridge (and with it the Service route); the veths of dead
// pods went with their network namespaces.
func removeBridge(ctx context.Context) error {
	if exec.CommandContext(ctx, "ip", "link", "show", BridgeName).Run() != nil {
		return nil
	}
	return ip(ctx, "link", "del", BridgeName)
}

func ip(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}
