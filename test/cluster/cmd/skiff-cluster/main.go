// Command skiff-cluster runs the project's local single-node Kubernetes as plain processes
// (no Docker): `up`, `down [--clean]`, `status`, `kubeconfig`, `env`, `image import`, and
// the cluster's own registry. See test/cluster.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/skiff-dev/skiff/internal/localcluster"
	"github.com/skiff-dev/skiff/test/cluster"
	"github.com/skiff-dev/skiff/test/cluster/registry"
)

const usage = `usage: skiff-cluster <command> [flags]

commands:
  up           start the cluster (installs packages and builds binaries when missing)
  down         stop it and clean the host; --clean also deletes its data (etcd, images, PKI)
  status       show each process and the node; exits non-zero unless all are ready
  kubeconfig   print the admin kubeconfig path (export KUBECONFIG=$(skiff-cluster kubeconfig))
  env          print shell lines setting KUBECONFIG and putting the cached kubectl and the
               repository's bin/ on PATH: eval "$(skiff-cluster env)"
  image import FILE [--name REF]
               put the images of a 'docker save' or OCI layout tarball into the running
               cluster (its registry and containerd); --name names the archive's only image
  binaries     build the pinned binaries that are missing (progress on stderr) and print their
               directory, e.g. KUBEBUILDER_ASSETS=$(skiff-cluster binaries) for envtest
  registry     serve the cluster's registry (started by up): --addr HOST:PORT --dir DIR

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
	cmd, args := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	clean := fs.Bool("clean", false, "down: also delete the data dir")
	addr := fs.String("addr", localcluster.RegistryAddr, "registry: listen address (loopback only)")
	dir := fs.String("dir", "", "registry: storage directory")
	imageName := fs.String("name", "", "image import: reference for the archive's only image")
	var operands []string
	if cmd == "image" { // image import FILE: operands and flags in any order
		for len(args) > 0 {
			if err := fs.Parse(args); err != nil {
				return err
			}
			if fs.NArg() == 0 {
				break
			}
			operands, args = append(operands, fs.Arg(0)), fs.Args()[1:]
		}
	} else if err := fs.Parse(args); err != nil {
		return err
	} else if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if err := checkFlags(fs, cmd); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cmd == "registry" {
		if *dir == "" {
			return errors.New("registry: --dir is required")
		}
		return registry.Serve(ctx, *addr, *dir, log.New(os.Stderr, "", log.LstdFlags))
	}
	cfg, err := cluster.Default()
	if err != nil {
		return err
	}
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
	case "env":
		return printEnv(cfg)
	case "image":
		if len(operands) != 2 || operands[0] != "import" {
			return errors.New("usage: skiff-cluster image import FILE [--name REF]")
		}
		return cfg.ImportArchive(ctx, os.Stdout, operands[1], *imageName)
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// checkFlags refuses flags given to a command they do not apply to.
func checkFlags(fs *flag.FlagSet, cmd string) error {
	applies := map[string]string{"clean": "down", "addr": "registry", "dir": "registry", "name": "image"}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if applies[f.Name] != cmd && err == nil {
			err = fmt.Errorf("--%s only applies to %s", f.Name, applies[f.Name])
		}
	})
	return err
}

// printEnv prints the shell lines of `env`; a missing kubeconfig is only a warning on
// stderr, since the lines stay right once the cluster is up.
func printEnv(cfg cluster.Config) error {
	repo, _ := cluster.FindRepo() // outside a checkout: no bin/ to add
	lines, err := cfg.Env(repo)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.Kubeconfig()); err != nil {
		fmt.Fprintf(os.Stderr, "skiff-cluster env: the cluster has no kubeconfig yet (%s): run `make cluster-up`\n", cfg.Kubeconfig())
	}
	fmt.Print(lines)
	return nil
}
