package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Figure is one measured number of one run.
type Figure struct {
	Name   string // e.g. "workflows/min"
	Value  float64
	Digits int // decimals to print
}

// Scenario is one workload the controller process is measured on.
type Scenario struct {
	Name string
	// Simulates says, beside its figures, what the scenario runs and what it leaves out.
	Simulates string
	// ControllerArgs are flags added to BaseControllerArgs (nil: the controller's defaults).
	ControllerArgs []string
	Run            func(ctx context.Context, e *Env) ([]Figure, error)
}

// Env is what a scenario runs against: a fresh cluster, the controller process (ready) and
// the simulated kubelet.
type Env struct {
	Cluster    *Cluster
	Controller *Controller
	Kubelet    *Kubelet
	Client     client.Client // envtest's admin at the harness's rate limit; bypasses nothing the controller does
	Log        io.Writer     // the raw output
}

// RunOnce runs one scenario on a fresh cluster and controller process; the controller's
// log goes to dir/<name>-run<i>.log.
func RunOnce(ctx context.Context, repo, dir, controllerBin string, s Scenario, i int, log io.Writer) ([]Figure, error) {
	runDir, err := os.MkdirTemp(dir, s.Name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(runDir)
	cl, err := StartCluster(repo, runDir)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err := cl.Stop(); err != nil {
			fmt.Fprintf(log, "stopping the control plane: %v\n", err)
		}
	}()
	c, err := client.New(harnessConfig(cl), client.Options{Scheme: scheme()})
	if err != nil {
		return nil, err
	}
	ctl, err := StartController(controllerBin, cl.Kubeconfig, filepath.Join(dir, fmt.Sprintf("%s-run%d.log", s.Name, i)), s.ControllerArgs...)
	if err != nil {
		return nil, err
	}
	defer ctl.Stop()
	if err := ctl.WaitReady(2 * time.Minute); err != nil {
		return nil, err
	}
	kctx, cancel := context.WithCancel(ctx)
	k, stopKubelet, err := StartKubelet(kctx, harnessConfig(cl), "")
	if err != nil {
		cancel()
		return nil, err
	}
	defer func() { cancel(); stopKubelet() }()
	fmt.Fprintf(log, "run %d %s: controller pid %d (harness pid %d): %s %v\n", i, s.Name, ctl.Pid, os.Getpid(), controllerBin, ctl.Args)
	return s.Run(ctx, &Env{Cluster: cl, Controller: ctl, Kubelet: k, Client: c, Log: log})
}

// Alive reports the controller's exit or the kubelet's first failure.
func (e *Env) Alive() error {
	if err := e.Controller.Alive(); err != nil {
		return err
	}
	return e.Kubelet.Err()
}

func (e *Env) createNamespace(ctx context.Context, name string) error {
	return e.Client.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})
}

// snapshot is the controller process's CPU time and memory at one moment.
type snapshot struct {
	at  time.Time
	cpu time.Duration
	mem ProcMem
}

func (e *Env) snapshot() (snapshot, error) {
	cpu, err := ProcCPU(e.Controller.Pid)
	if err != nil {
		return snapshot{}, err
	}
	mem, err := ReadProcMem(e.Controller.Pid)
	if err != nil {
		return snapshot{}, err
	}
	return snapshot{at: time.Now(), cpu: cpu, mem: mem}, nil
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// scheme holds Kubernetes' kinds and Skiff's.
func scheme() *runtime.Scheme {
	s := runtime.NewScheme()
	if err := clientgoscheme.AddToScheme(s); err != nil {
		panic(err) // static registrations; cannot fail
	}
	if err := v1alpha1.AddToScheme(s); err != nil {
		panic(err)
	}
	return s
}
