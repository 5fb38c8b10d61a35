// Command image builds Skiff's container image without Docker: static (CGO_ENABLED=0) Linux
// binaries of every in-cluster command, in one layer, written as a docker-archive tarball
// tagged skiff.local/skiff:<version>. It also loads that tarball into the local cluster.
//
//	go run ./hack/image build [-version v] [-out bin/skiff-image.tar]
//	go run ./hack/image load  [-in bin/skiff-image.tar]
//	go run ./hack/image version
//
// The Dockerfile at the repository root builds the same layout for users with Docker.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

const usage = `usage: go run ./hack/image <command> [flags]

commands:
  build     build the binaries and write the image tarball
  load      import the image tarball into the local cluster's containerd (make cluster-up first)
  version   print the version the image is tagged with (VERSION file, else git describe)
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(os.Stderr, usage)
		if len(args) == 0 {
			return fmt.Errorf("no command given")
		}
		return nil
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	file := fs.String("out", DefaultTarball, "image tarball to write")
	fs.StringVar(file, "in", DefaultTarball, "image tarball to load (alias of -out)")
	version := fs.String("version", "", "image tag (default: VERSION file, else git describe)")
	repository := fs.String("repository", DefaultRepository, "image repository")
	arch := fs.String("arch", "", "GOARCH of the image (default: this machine's)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "version":
		v, err := Version(*version)
		if err != nil {
			return err
		}
		fmt.Println(v)
		return nil
	case "build":
		v, err := Version(*version)
		if err != nil {
			return err
		}
		start := time.Now()
		res, err := Build(ctx, BuildOptions{Repository: *repository, Version: v, Arch: *arch, Out: *file, Log: os.Stderr})
		if err != nil {
			return err
		}
		fmt.Printf("built %s (%d binaries: %v; %.1f MiB) -> %s in %s\n", res.Ref, len(res.Binaries), res.Binaries,
			float64(res.Size)/(1<<20), *file, time.Since(start).Round(100*time.Millisecond))
		return nil
	case "load":
		start := time.Now()
		if err := localcluster.ImportImage(ctx, *file); err != nil {
			return err
		}
		fmt.Printf("imported %s into the local cluster's containerd in %s\n", *file, time.Since(start).Round(100*time.Millisecond))
		return nil
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
