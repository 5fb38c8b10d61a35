package installer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

// FieldManager owns what the installer applies server-side (the CRDs).
const FieldManager = "skiff-deploy"

// Kubeconfig resolves the kubeconfig to use: explicit, else $KUBECONFIG, else the local
// cluster's (make cluster-up) when it has one, else "" (client-go's defaults: ~/.kube/config).
func Kubeconfig(explicit string) string {
	if explicit != "" {
		return explicit
	}
	if env := os.Getenv("KUBECONFIG"); env != "" {
		return env
	}
	return localcluster.ExistingKubeconfig()
}

// Kube holds the clients the installer uses.
type Kube struct {
	Kubeconfig string
	Namespace  string
	Getter     genericclioptions.RESTClientGetter
	Config     *rest.Config
	Client     kubernetes.Interface
	Dynamic    dynamic.Interface
	Mapper     meta.ResettableRESTMapper
}

// NewKube connects to the cluster in kubeconfig (see Kubeconfig) for work in namespace.
func NewKube(kubeconfig, namespace string) (*Kube, error) {
	kubeconfig = Kubeconfig(kubeconfig)
	flags := genericclioptions.NewConfigFlags(true)
	flags.KubeConfig, flags.Namespace = &kubeconfig, &namespace
	cfg, err := flags.ToRESTConfig()
	if err != nil {
		return nil, fmt.Errorf("loading the kubeconfig %q: %w", kubeconfig, err)
	}
	cfg.QPS, cfg.Burst = 50, 100
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(cs.Discovery()))
	return &Kube{Kubeconfig: kubeconfig, Namespace: namespace, Getter: flags, Config: cfg, Client: cs, Dynamic: dyn, Mapper: mapper}, nil
}

// Server describes the cluster, for messages.
func (k *Kube) Server() string {
	v, err := k.Client.Discovery().ServerVersion()
	if err != nil {
		return k.Config.Host
	}
	return fmt.Sprintf("%s (Kubernetes %s)", k.Config.Host, v.GitVersion)
}

// resource maps obj to its REST resource, refreshing discovery once on a miss (new CRDs).
func (k *Kube) resource(obj *unstructured.Unstructured) (dynamic.ResourceInterface, error) {
	gvk := obj.GroupVersionKind()
	m, err := k.Mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		k.Mapper.Reset()
		m, err = k.Mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, err
	}
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		ns := obj.GetNamespace()
		if ns == "" {
			ns = k.Namespace
		}
		return k.Dynamic.Resource(m.Resource).Namespace(ns), nil
	}
	return k.Dynamic.Resource(m.Resource), nil
}

// Apply server-side applies obj (force, as FieldManager); dryRun only validates it on the
// server (admission, schema, defaulting) without persisting.
func (k *Kube) Apply(ctx context.Context, obj *unstructured.Unstructured, fieldManager string, dryRun bool) error {
	ri, err := k.resource(obj)
	if err != nil {
		return err
	}
	opts := metav1.ApplyOptions{FieldManager: fieldManager, Force: true}
	if dryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	_, err = ri.Apply(ctx, obj.GetName(), obj, opts)
	return err
}

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// WaitEstablished waits until every named CRD is Established.
func (k *Kube) WaitEstablished(ctx context.Context, names []string, timeout time.Duration) error {
	return wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, timeout, true, func(ctx context.Context) (bool, error) {
		for _, n := range names {
			u, err := k.Dynamic.Resource(crdGVR).Get(ctx, n, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
			ok := false
			for _, c := range conds {
				cm, _ := c.(map[string]any)
				if cm["type"] == "Established" && cm["status"] == "True" {
					ok = true
				}
			}
			if !ok {
				return false, nil
			}
		}
		return true, nil
	})
}

// NamespaceExists reports whether ns exists.
func (k *Kube) NamespaceExists(ctx context.Context, ns string) (bool, error) {
	_, err := k.Client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

func describe(obj *unstructured.Unstructured) string {
	s := strings.ToLower(obj.GetKind()) + "/" + obj.GetName()
	if ns := obj.GetNamespace(); ns != "" {
		s = ns + "/" + s
	}
	return s
}
