package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Env returns POSIX shell lines (sh, bash, zsh) that point KUBECONFIG at the local
// cluster and put the cached kubectl, and the repository's bin/ with the kubectl plugins
// when it exists, first on PATH: `eval "$(skiff-cluster env)"`. Evaluating them again adds
// nothing twice.
func (c Config) Env(repo string) (string, error) {
	kubectl := c.Bin("kubectl")
	if _, err := os.Stat(kubectl); err != nil {
		return "", fmt.Errorf("kubectl is not built yet (%w): run `make cluster-up` or `go run ./test/cluster/cmd/skiff-cluster binaries` first", err)
	}
	// A directory holding only kubectl: the cache dir itself would also put kube-apiserver,
	// etcd and the rest on the user's PATH.
	dir := filepath.Join(c.CacheDir, "path")
	if err := ensureSymlink(kubectl, filepath.Join(dir, "kubectl")); err != nil {
		return "", err
	}
	dirs := []string{dir}
	if repo != "" {
		if st, err := os.Stat(filepath.Join(repo, "bin")); err == nil && st.IsDir() {
			dirs = append(dirs, filepath.Join(repo, "bin"))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "export KUBECONFIG=%s\n", shellQuote(c.Kubeconfig()))
	// Prepend in reverse so the first dir ends up first.
	for i := len(dirs) - 1; i >= 0; i-- {
		q := shellQuote(dirs[i])
		fmt.Fprintf(&b, "case \":${PATH}:\" in *:%s:*) ;; *) PATH=%s\"${PATH:+:${PATH}}\" ;; esac\n", q, q)
	}
	b.WriteString("export PATH\n")
	return b.String(), nil
}

// shellQuote quotes s for a POSIX shell: single quotes, each ' written as '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ensureSymlink makes link point at target, replacing whatever link was.
func ensureSymlink(target, link string) error {
	if cur, err := os.Readlink(link); err == nil && cur == target {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		return err
	}
	tmp := link + ".tmp"
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, link)
}
