// Command skiff-cluster runs the project's local single-node Kubernetes as plain processes
// (no Docker): `up`, `down [--clean]`, `status`, `kubeconfig`. See test/cluster.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/skiff-dev/skiff/test/cluster"
)

const usage = `usage: skiff-cluster <command> [flags]

commands:
  up           start the cluster (installs packages and builds binaries when missing)
  down         stop it and clean the host; --clean also deletes its data (etcd, images, PKI)
  status       show each process and the node; exits non-zero unless all are ready
  kubeconfig   print the admin kubeconfig path (export KUBECONFIG=$(skiff-cluster kubeconfig))
  binaries     build the pinned binaries that are missing (progress on stderr) and print their
               directory, e.g. KUBEBUILDER_ASSETS=$(skiff-cluster binaries) for envtest

environment:
  SKIFF_CLUSTER_DIR   data dir (default /var/lib/skiff-cluster)
  XDG_CACHE_HOME      binaries are cached in $XDG_CACHE_HOME/skiff (default ~/.cache/skiff)
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		cluster.Report(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Print(usage)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	cmd := args[0]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	clean := fs.Bool("clean", false, "down: also delete the data dir")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if *clean && cmd != "down" {
		return errors.New("--clean only applies to down")
	}
	cfg, err := cluster.Default()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "up":
		repo, err := cluster.FindRepo()
		if err != nil {
			return err
		}
		return cfg.Up(ctx, os.Stdout, repo)
	case "down":
		return cfg.Down(ctx, os.Stdout, *clean)
	case "status":
		return cfg.Status(ctx, os.Stdout)
	case "binaries":
		repo, err := cluster.FindRepo()
		if err != nil {
			return err
		}
		dir, err := cfg.Binaries(ctx, os.Stderr, repo)
		if err != nil {
			return err
		}
		fmt.Println(dir)
		return nil
	case "kubeconfig":
		if _, err := os.Stat(cfg.Kubeconfig()); err != nil {
			return fmt.Errorf("no kubeconfig yet (run `up` first): %w", err)
		}
		fmt.Println(cfg.Kubeconfig())
		return nil
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
