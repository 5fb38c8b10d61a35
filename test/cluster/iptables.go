package cluster

import (
	"context"
	"fmt"
	"os/exec"
	"strings"

	"github.com/skiff-dev/skiff/test/internal/buildcache"
)

// cleanIptables removes Kubernetes' netfilter state: first kube-proxy's own --cleanup, then
// any KUBE-* chain left (the kubelet's canary chains, rules of older runs) together with the
// rules in other chains that jump to them. Chains that are not KUBE-* are never touched.
func (c Config) cleanIptables(ctx context.Context) (string, error) {
	if buildcache.IsExecutable(c.Bin(compProxy)) {
		// Best effort: the sweep below catches what it leaves.
		_ = runLogged(ctx, c.logFile("kube-proxy-cleanup"), nil, "", c.Bin(compProxy), "--cleanup")
	}
	removed := 0
	for _, tool := range []string{"iptables", "ip6tables"} {
		if _, err := exec.LookPath(tool); err != nil {
			continue
		}
		for _, table := range []string{"filter", "nat", "mangle", "raw"} {
			n, err := sweepTable(ctx, tool, table)
			if err != nil {
				return "", err
			}
			removed += n
		}
	}
	if removed == 0 {
		return "no KUBE-* chains left", nil
	}
	return fmt.Sprintf("removed %d leftover KUBE-* chains", removed), nil
}

func sweepTable(ctx context.Context, tool, table string) (int, error) {
	out, err := exec.CommandContext(ctx, tool, "-w", "-t", table, "-S").Output()
	if err != nil {
		return 0, nil // table or family unavailable here: nothing of ours in it
	}
	var chains []string
	for _, line := range strings.Split(string(out), "\n") {
		args := splitRule(line)
		switch {
		case len(args) >= 2 && args[0] == "-N" && strings.HasPrefix(args[1], "KUBE-"):
			chains = append(chains, args[1])
		case len(args) >= 2 && args[0] == "-A" && !strings.HasPrefix(args[1], "KUBE-") && jumpsToKube(args):
			del := append([]string{"-w", "-t", table, "-D"}, args[1:]...)
			if b, err := exec.CommandContext(ctx, tool, del...).CombinedOutput(); err != nil {
				return 0, fmt.Errorf("%s %s: %w: %s", tool, strings.Join(del, " "), err, strings.TrimSpace(string(b)))
			}
		}
	}
	for _, op := range []string{"-F", "-X"} { // flush all first: KUBE chains reference each other
		for _, ch := range chains {
			if b, err := exec.CommandContext(ctx, tool, "-w", "-t", table, op, ch).CombinedOutput(); err != nil {
				return 0, fmt.Errorf("%s -t %s %s %s: %w: %s", tool, table, op, ch, err, strings.TrimSpace(string(b)))
			}
		}
	}
	return len(chains), nil
}

func jumpsToKube(args []string) bool {
	for i := 0; i+1 < len(args); i++ {
		if (args[i] == "-j" || args[i] == "-g") && strings.HasPrefix(args[i+1], "KUBE-") {
			return true
		}
	}
	return false
}

// splitRule splits an `iptables -S` line into arguments, honouring the double quotes (and
// backslash escapes inside them) iptables uses around comments.
func splitRule(line string) []string {
	var args []string
	var cur strings.Builder
	inQuote, have := false, false
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case inQuote && ch == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case ch == '"':
			inQuote, have = !inQuote, true
		case ch == ' ' && !inQuote:
			if have {
				args = append(args, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteByte(ch)
			have = true
		}
	}
	if have {
		args = append(args, cur.String())
	}
	return args
}
