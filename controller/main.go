// Command skiff-controller runs Skiff's reconcilers (GitOps, workflows, rollouts, events) in
// one controller-runtime manager. See controller/manager for what the manager provides.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"

	"github.com/skiff-dev/skiff/controller/cronworkflow"
	"github.com/skiff-dev/skiff/controller/manager"
	"github.com/skiff-dev/skiff/controller/workflow"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("skiff-controller", flag.ContinueOnError)
	opts := manager.Defaults()
	opts.BindFlags(fs)
	wfOpts := workflow.DefaultOptions()
	wfOpts.BindFlags(fs)
	// The tools whose reconcilers this binary runs; each tool's package adds its entry here
	// (gitops, workflow, rollout, events) as it lands. wfOpts is read when the manager
	// registers the reconciler, after fs.Parse.
	setups := []manager.Setup{workflow.NewSetup(&wfOpts), cronworkflow.NewSetup()}
	kubeconfig := fs.String("kubeconfig", "", "Path to a kubeconfig; only needed out of cluster when $KUBECONFIG is unset.")
	zapOpts := zap.Options{}
	zapOpts.BindFlags(fs)
	fs.Usage = func() { usage(fs, setups) }
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "skiff-controller takes no arguments, got %q\n", fs.Args())
		return 2
	}

	logger := zap.New(zap.UseFlagOptions(&zapOpts))
	ctrl.SetLogger(logger)
	klog.SetLogger(logger)
	log := logger.WithName("setup")

	cfg, err := ctrl.GetConfig()
	if *kubeconfig != "" {
		cfg, err = clientcmd.BuildConfigFromFlags("", *kubeconfig)
	}
	if err != nil {
		log.Error(err, "Failed to load the Kubernetes client configuration")
		return 1
	}
	mgr, err := manager.New(cfg, opts, setups...)
	if err != nil {
		log.Error(err, "Failed to create the manager")
		return 1
	}
	scope := "cluster-wide"
	if len(opts.WatchNamespaces) > 0 {
		scope = "namespaces " + strings.Join(opts.WatchNamespaces, ",")
	}
	log.Info("Starting the manager", "reconcilers", setupNames(setups), "scope", scope,
		"leaderElection", opts.LeaderElect, "lease", manager.LeaderElectionID,
		"maxConcurrentReconciles", opts.MaxConcurrentReconciles)
	if err := mgr.Start(ctrl.SetupSignalHandler()); err != nil {
		log.Error(err, "Manager stopped with an error")
		return 1
	}
	log.Info("Manager stopped")
	return 0
}

func setupNames(setups []manager.Setup) []string {
	names := make([]string, 0, len(setups))
	for _, s := range setups {
		names = append(names, s.Name)
	}
	return names
}

func usage(fs *flag.FlagSet, setups []manager.Setup) {
	out := fs.Output()
	fmt.Fprintln(out, "Usage: skiff-controller [flags]")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Runs Skiff's reconcilers in one controller-runtime manager: leader election on the Lease")
	fmt.Fprintln(out, manager.LeaderElectionID+", Prometheus metrics, /healthz and /readyz, a cluster-wide or namespaced")
	fmt.Fprintln(out, "informer cache (managedFields stripped) and a bounded worker pool per reconciler.")
	fmt.Fprintln(out)
	if len(setups) == 0 {
		fmt.Fprintln(out, "This build registers no reconcilers yet: it runs a real manager that becomes Ready,")
		fmt.Fprintln(out, "serves metrics and holds the Lease, and reconciles nothing.")
	} else {
		fmt.Fprintf(out, "Reconcilers in this build: %s.\n", strings.Join(setupNames(setups), ", "))
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "The Kubernetes client configuration comes from --kubeconfig, $KUBECONFIG, the in-cluster")
	fmt.Fprintln(out, "service account, or ~/.kube/config, in that order.")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "Flags:")
	fs.PrintDefaults()
}
