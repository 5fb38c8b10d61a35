package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Kubelet plays the kubelet for every workflow pod (pods labelled
// workflows.argoproj.io/workflow) in a namespace, or all namespaces for "": as soon as a
// pod is created it is completed by CompletePod. There is no scheduler, image pull or
// container start, so the controller is what limits throughput.
type Kubelet struct {
	created, completed atomic.Int64
	lastCreated        atomic.Int64 // unix nanos of the last pod seen
	errMu              sync.Mutex
	err                error
}

// Created and Completed count the pods seen and completed.
func (k *Kubelet) Created() int64   { return k.created.Load() }
func (k *Kubelet) Completed() int64 { return k.completed.Load() }

// LastCreated is when the last pod was seen (zero before the first).
func (k *Kubelet) LastCreated() time.Time {
	if n := k.lastCreated.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// Err is the first pod the kubelet failed to complete.
func (k *Kubelet) Err() error {
	k.errMu.Lock()
	defer k.errMu.Unlock()
	return k.err
}

// StartKubelet runs the kubelet until ctx is done; the returned wait function blocks until
// it has stopped. Its informer keeps only what CompletePod reads, so the harness stays small
// next to the API server it shares the machine with.
func StartKubelet(ctx context.Context, cfg *rest.Config, ns string) (*Kubelet, func(), error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	k := &Kubelet{}
	queue := make(chan *corev1.Pod, 1<<16)
	f := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithNamespace(ns),
		informers.WithTweakListOptions(func(o *metav1.ListOptions) { o.LabelSelector = v1alpha1.LabelWorkflow }),
		informers.WithTransform(trimPodForKubelet))
	inf := f.Core().V1().Pods().Informer()
	if _, err := inf.AddEventHandler(toolscache.ResourceEventHandlerFuncs{AddFunc: func(obj any) {
		if p, ok := obj.(*corev1.Pod); ok {
			k.created.Add(1)
			k.lastCreated.Store(time.Now().UnixNano())
			queue <- p
		}
	}}); err != nil {
		return nil, nil, err
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case pod := <-queue:
					if err := CompletePod(ctx, cs, pod); err != nil && ctx.Err() == nil {
						k.fail(fmt.Errorf("completing pod %s/%s: %w", pod.Namespace, pod.Name, err))
						continue
					}
					k.completed.Add(1)
				}
			}
		})
	}
	f.Start(ctx.Done())
	return k, func() { f.Shutdown(); wg.Wait() }, nil
}

func (k *Kubelet) fail(err error) {
	k.errMu.Lock()
	defer k.errMu.Unlock()
	if k.err == nil {
		k.err = err
	}
}

func trimPodForKubelet(obj any) (any, error) {
	p, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	keep := func(cs []corev1.Container) []corev1.Container {
		out := make([]corev1.Container, len(cs))
		for i, c := range cs {
			out[i] = corev1.Container{Name: c.Name, Image: c.Image}
			if c.Name == stepcontract.MainContainer {
				out[i].Command, out[i].Args = c.Command, c.Args
			}
		}
		return out
	}
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: p.Namespace, ResourceVersion: p.ResourceVersion},
		Spec: corev1.PodSpec{InitContainers: keep(p.Spec.InitContainers), Containers: keep(p.Spec.Containers)}}, nil
}
