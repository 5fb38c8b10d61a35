package workflow

import (
	"flag"
	"fmt"
	"os"
)

// Options are the workflow controller's flags. They live in a value bound to the flag set
// and handed to NewSetup, not in package variables, so two controllers in one process (the
// integration tests) never share or race on them.
type Options struct {
	// ExecutorImage is --executor-image: the image holding skiff-exec (the controller's own
	// image), defaulting to $SKIFF_EXECUTOR_IMAGE.
	ExecutorImage string
	// Workers is --workflow-workers. Upstream sets it through --workflow-workers (default 32).
	Workers int
	// PodCreateQPS and PodCreateBurst are --pod-create-qps and --pod-create-burst, upstream's
	// workflow-controller-configmap resourceRateLimit {limit, burst} (default: no limit).
	PodCreateQPS   float64
	PodCreateBurst int
}

// DefaultOptions are the flags' defaults.
func DefaultOptions() Options {
	return Options{ExecutorImage: os.Getenv("SKIFF_EXECUTOR_IMAGE"), Workers: 32, PodCreateQPS: 0, PodCreateBurst: 1}
}

// BindFlags adds the workflow controller's flags, with o's values as defaults.
func (o *Options) BindFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.ExecutorImage, "executor-image", o.ExecutorImage,
		"Image holding skiff-exec, copied into every workflow pod by its init container (default $SKIFF_EXECUTOR_IMAGE).")
	fs.IntVar(&o.Workers, "workflow-workers", o.Workers,
		"Workflows reconciled at once (overrides --max-concurrent-reconciles for workflows).")
	fs.Float64Var(&o.PodCreateQPS, "pod-create-qps", o.PodCreateQPS,
		"Workflow pods created per second, shared by all workers (0: no limit, as upstream's default resourceRateLimit).")
	fs.IntVar(&o.PodCreateBurst, "pod-create-burst", o.PodCreateBurst,
		"Workflow pods created at once before --pod-create-qps applies.")
}

// reconciler checks the options and builds the Reconciler they describe.
func (o Options) reconciler() (*Reconciler, error) {
	lim, err := NewPodCreateLimiter(o.PodCreateQPS, o.PodCreateBurst)
	if err != nil {
		return nil, err
	}
	if o.Workers < 1 {
		return nil, fmt.Errorf("--workflow-workers must be at least 1, got %d", o.Workers)
	}
	return &Reconciler{ExecutorImage: o.ExecutorImage, PodCreates: lim, Workers: o.Workers}, nil
}
