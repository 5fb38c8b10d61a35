// Command demo shows, on a cluster where Skiff is deployed, what Skiff does today: each
// scenario acts through the API server as `kubectl apply` would, checks the outcome and prints
// it, and a summary ends the run. `make demo` brings up the local cluster, deploys Skiff and
// runs it. Scenarios create objects as server-side dry runs, or delete what they created, so
// the demo leaves nothing behind and can run again.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// scenario is one thing the demo shows; run returns what it saw, or an error when Skiff did
// not behave as promised.
type scenario struct {
	tool, title string
	run         func(ctx context.Context, c client.Client, ns string) (string, error)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	kubeconfig := os.Getenv("KUBECONFIG")
	if kubeconfig == "" {
		return fmt.Errorf("KUBECONFIG is not set (make demo sets it to the local cluster's)")
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return fmt.Errorf("reading %s: %w", kubeconfig, err)
	}
	s := scheme.Scheme
	if err := v1alpha1.AddToScheme(s); err != nil {
		return err
	}
	c, err := client.New(cfg, client.Options{Scheme: s})
	if err != nil {
		return err
	}
	ns := "default"
	var failed int
	start := time.Now()
	for i, sc := range scenarios {
		fmt.Printf("\n[%d/%d] %s: %s\n", i+1, len(scenarios), sc.tool, sc.title)
		t := time.Now()
		saw, err := sc.run(ctx, c, ns)
		if err != nil {
			failed++
			fmt.Printf("   FAILED (%s): %v\n", time.Since(t).Round(time.Millisecond), err)
			continue
		}
		fmt.Printf("   ok (%s): %s\n", time.Since(t).Round(time.Millisecond), saw)
	}
	fmt.Printf("\nSummary: %d of %d scenarios showed what they promise, in %s.\n", len(scenarios)-failed, len(scenarios), time.Since(start).Round(time.Millisecond))
	fmt.Println("Skiff today: CRDs for the fourteen Argo kinds; admission that validates every kind and")
	fmt.Println("mutates Helm hooks, creator labels and opted-in Deployments; a Workflow engine running")
	fmt.Println("steps as real pods. Each tool's issue adds its scenarios here.")
	if failed > 0 {
		return fmt.Errorf("%d scenario(s) failed", failed)
	}
	return nil
}
