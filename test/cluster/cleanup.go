package cluster

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// cleanupLeftovers removes what dead cluster processes leave behind: pod processes and their
// cgroups, containerd shims, mounts under the data dir, CRI network namespaces, runtime
// state, stale sockets and pid files. It must only run when containerd and kubelet are
// down. It returns a summary of what it found.
func (c Config) cleanupLeftovers() (string, error) {
	var did []string
	if n := killPodProcesses(); n > 0 {
		did = append(did, fmt.Sprintf("killed %d pod processes", n))
	}
	if n := c.killShims(); n > 0 {
		did = append(did, fmt.Sprintf("killed %d containerd shims", n))
	}
	if n := removePodCgroups(); n > 0 {
		did = append(did, fmt.Sprintf("removed %d pod cgroups", n))
	}
	n, err := c.unmountLeftovers()
	if err != nil {
		return "", err
	}
	if n > 0 {
		did = append(did, fmt.Sprintf("unmounted %d mounts", n))
	}
	if n := removeCNINetns(); n > 0 {
		did = append(did, fmt.Sprintf("removed %d network namespaces", n))
	}
	// Runtime state describes containers that no longer exist. The content store and
	// snapshots under containerd/root stay, so imported images survive a restart.
	stale := []string{c.path("containerd", "state"), c.path("cni", "networks"), c.containerdSocket(), c.containerdSocket() + ".ttrpc"}
	for _, p := range stale {
		if err := os.RemoveAll(p); err != nil {
			return "", fmt.Errorf("removing %s: %w", p, err)
		}
	}
	for _, comp := range c.components() {
		if _, alive := c.running(comp.name, comp.binary); !alive {
			_ = os.Remove(c.pidFile(comp.name))
		}
	}
	// libcni caches results per container (network name "skiff", plus containerd's loopback).
	for _, pattern := range []string{"/var/lib/cni/results/skiff-*", "/var/lib/cni/results/cni-loopback-*"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			_ = os.Remove(f)
		}
	}
	// Shim sockets live in /run/containerd/s whatever the config says; only safe to remove
	// when no containerd at all runs on the host.
	if len(processesRunning("/usr/bin/containerd")) == 0 {
		_ = os.RemoveAll("/run/containerd")
	}
	if len(did) == 0 {
		return "nothing left behind", nil
	}
	return strings.Join(did, ", "), nil
}

// podCgroupRoots returns the kubelet's pod cgroup trees (cgroupfs driver): kubepods under
// each v1 hierarchy, or under the v2 root.
func podCgroupRoots() []string {
	var roots []string
	if _, err := os.Stat("/sys/fs/cgroup/kubepods"); err == nil {
		roots = append(roots, "/sys/fs/cgroup/kubepods")
	}
	hier, _ := os.ReadDir("/sys/fs/cgroup")
	for _, h := range hier {
		p := filepath.Join("/sys/fs/cgroup", h.Name(), "kubepods")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			roots = append(roots, p)
		}
	}
	return roots
}

// killPodProcesses SIGKILLs every process in the pod cgroups, repeating until none are left
// (a process may fork while we kill). It returns how many distinct pids it killed.
func killPodProcesses() int {
	killed := map[int]bool{}
	for round := 0; round < 20; round++ {
		pids := podPids()
		if len(pids) == 0 {
			break
		}
		for _, pid := range pids {
			if pid > 1 && pid != os.Getpid() {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				killed[pid] = true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return len(killed)
}

func podPids() []int {
	var pids []int
	for _, root := range podCgroupRoots() {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			b, _ := os.ReadFile(filepath.Join(p, "cgroup.procs"))
			for _, f := range strings.Fields(string(b)) {
				if pid, err := strconv.Atoi(f); err == nil && !slices.Contains(pids, pid) {
					pids = append(pids, pid)
				}
			}
			return nil
		})
	}
	return pids
}

// removePodCgroups removes the (now empty) pod cgroups, deepest first.
func removePodCgroups() int {
	n := 0
	for _, root := range podCgroupRoots() {
		var dirs []string
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
		slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
		for _, d := range dirs {
			if syscall.Rmdir(d) == nil {
				n++
			}
		}
	}
	return n
}

// killShims kills the runc shims of our containerd, recognised by the socket address on
// their command line, so shims of any other containerd are left alone.
func (c Config) killShims() int {
	n := 0
	for _, pid := range processesWithArgs("-address", c.containerdSocket()) {
		if syscall.Kill(pid, syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// unmountLeftovers lazily unmounts everything mounted under the data dir (container root
// filesystems, sandbox shm, pod volumes, the kubelet's own bind mount) and the CRI network
// namespaces, deepest first.
func (c Config) unmountLeftovers() (int, error) {
	n := 0
	for round := 0; round < 10; round++ { // stacked mounts need several passes
		mps, err := c.leftoverMounts()
		if err != nil {
			return n, err
		}
		if len(mps) == 0 {
			return n, nil
		}
		for _, mp := range mps {
			if err := unix.Unmount(mp, unix.MNT_DETACH); err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOENT) {
				return n, fmt.Errorf("unmounting %s: %w", mp, err)
			}
			n++
		}
	}
	return n, fmt.Errorf("mounts under %s keep coming back", c.DataDir)
}

func (c Config) leftoverMounts() ([]string, error) {
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	prefix := filepath.Clean(c.DataDir) + "/"
	var mps []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		mp := unescapeMount(fields[4])
		if strings.HasPrefix(mp, prefix) || isCNINetns(mp) {
			mps = append(mps, mp)
		}
	}
	slices.SortFunc(mps, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	return slices.Compact(mps), nil
}

// isCNINetns matches the network namespaces containerd's CRI plugin pins for pods.
func isCNINetns(p string) bool {
	return strings.HasPrefix(p, "/run/netns/cni-") || strings.HasPrefix(p, "/var/run/netns/cni-")
}

func removeCNINetns() int {
	files, _ := filepath.Glob("/run/netns/cni-*")
	n := 0
	for _, f := range files {
		if os.Remove(f) == nil {
			n++
		}
	}
	return n
}

// unescapeMount decodes the octal escapes (\040 for space...) of /proc/self/mountinfo.
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				out.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		out.WriteByte(s[i])
	}
	return out.String()
}

// processesWithArgs returns live pids whose command line has flag immediately followed by
// value.
func processesWithArgs(flag, value string) []int {
	var pids []int
	forEachProcess(func(pid int, args []string) {
		for i := 0; i+1 < len(args); i++ {
			if args[i] == flag && args[i+1] == value {
				pids = append(pids, pid)
				return
			}
		}
	})
	return pids
}

// processesRunning returns live pids executing binary.
func processesRunning(binary string) []int {
	var pids []int
	forEachProcess(func(pid int, _ []string) {
		if pidRuns(pid, binary) {
			pids = append(pids, pid)
		}
	})
	return pids
}

func forEachProcess(fn func(pid int, args []string)) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || len(b) == 0 {
			continue
		}
		fn(pid, strings.Split(strings.TrimRight(string(b), "\x00"), "\x00"))
	}
}
