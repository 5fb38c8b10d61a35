package resource

import (
	"context"
	"fmt"
	"io"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	"github.com/skiff-dev/skiff/api/stepcontract/resourceplan"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/run"
)

// plan is a checked resource template (api/stepcontract/resourceplan).
type plan = resourceplan.Plan

// DefaultInterval is how often the object is read while waiting for its conditions.
const DefaultInterval = 5 * time.Second

// Workflow identifies the workflow a resource template runs in.
type Workflow struct {
	Name, Namespace string
	UID             types.UID
}

// Options say what to do and against which cluster.
type Options struct {
	// Template is the resource template, inputs substituted.
	Template *v1alpha1.Template
	// Workflow is the owner for setOwnerReference; its namespace is the default one.
	Workflow Workflow
	// Config reaches the API server (in a pod: the service account's in-cluster config).
	Config *rest.Config
	// Interval between reads while waiting for a condition (default DefaultInterval).
	Interval time.Duration
	// Log receives progress lines (default: discarded).
	Log io.Writer
}

// Outcome is what a resource template produced.
type Outcome struct {
	// Object is the object after the action (and the wait); nil after a delete or a get of
	// a missing object with --ignore-not-found.
	Object *unstructured.Unstructured
	// Parameters are the output parameters, in template order.
	Parameters []run.OutputParameter
	// Message describes the outcome ("configmap/x created").
	Message string
}

// Execute carries out the resource template: the action, then the wait for successCondition
// or failureCondition, then the output parameters. An error fails the step; its text says
// why.
func Execute(ctx context.Context, o Options) (*Outcome, error) {
	p, err := resourceplan.New(o.Template)
	if err != nil {
		return nil, err
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	x, err := newExecutor(o)
	if err != nil {
		return nil, err
	}
	if p.Owner {
		setOwner(p, o.Workflow)
	}
	obj, msg, err := x.act(ctx, p)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(o.Log, msg)
	if obj != nil && (p.Success != nil || p.Failure != nil) {
		if obj, err = x.wait(ctx, p, obj); err != nil {
			return nil, err
		}
	}
	out := &Outcome{Object: obj, Message: msg}
	var content map[string]any
	if obj != nil {
		content = obj.Object
	}
	out.Parameters, err = collect(ctx, p, content)
	return out, err
}

// executor holds the clients.
type executor struct {
	o      Options
	dyn    dynamic.Interface
	mapper meta.RESTMapperWithContext
}

func newExecutor(o Options) (*executor, error) {
	dyn, err := dynamic.NewForConfig(o.Config)
	if err != nil {
		return nil, fmt.Errorf("creating the API client: %w", err)
	}
	disc, err := discovery.NewDiscoveryClientForConfig(o.Config)
	if err != nil {
		return nil, fmt.Errorf("creating the discovery client: %w", err)
	}
	cached := memory.NewMemCacheClientWithContext(disc)
	mapper := restmapper.NewShortcutExpanderWithContext(restmapper.NewDeferredDiscoveryRESTMapperWithContext(cached), disc, func(string) {})
	return &executor{o: o, dyn: dyn, mapper: mapper}, nil
}

// setOwner adds the workflow as owner of the manifest's object. It is the controller of the
// object (as upstream) unless the manifest already names one.
func setOwner(p *plan, wf Workflow) {
	refs := p.Object.GetOwnerReferences()
	ref := metav1.OwnerReference{
		APIVersion:         v1alpha1.GroupVersion.String(),
		Kind:               "Workflow",
		Name:               wf.Name,
		UID:                wf.UID,
		BlockOwnerDeletion: new(true),
	}
	if metav1.GetControllerOfNoCopy(p.Object) == nil {
		ref.Controller = new(true)
	}
	p.Object.SetOwnerReferences(append(refs, ref))
	if b, err := p.Object.MarshalJSON(); err == nil {
		p.Body = b // a patch carries the reference too
	}
}

// target is the object an action works on.
type target struct {
	res  dynamic.ResourceInterface
	gvk  schema.GroupVersionKind
	name string
	ns   string
}

func (t target) String() string {
	s := t.gvk.Kind + "/" + t.name
	if t.ns != "" {
		s = t.ns + "/" + s
	}
	return s
}

// resolve finds the resource and namespace of the object, from the flags (TYPE NAME) or the
// manifest.
func (x *executor) resolve(ctx context.Context, p *plan) (target, error) {
	var (
		mapping *meta.RESTMapping
		t       target
		err     error
	)
	if p.Flags.Type != "" {
		mapping, err = x.mappingFor(ctx, p.Flags.Type)
		t.name = p.Flags.Name
	} else {
		gvk := p.Object.GroupVersionKind()
		mapping, err = x.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
		if err != nil {
			err = fmt.Errorf("resource.manifest: %s %s: %w", gvk.GroupVersion(), gvk.Kind, err)
		}
		t.name = p.Object.GetName()
	}
	if err != nil {
		return t, err
	}
	t.gvk = mapping.GroupVersionKind
	if mapping.Scope.Name() == meta.RESTScopeNameRoot {
		if p.Object != nil && p.Object.GetNamespace() != "" && p.Flags.Type == "" {
			p.Object.SetNamespace("") // as kubectl: a namespace on a cluster-scoped object is dropped
		}
		t.res = x.dyn.Resource(mapping.Resource)
		return t, nil
	}
	t.ns = x.o.Workflow.Namespace
	if p.Object != nil && p.Object.GetNamespace() != "" {
		t.ns = p.Object.GetNamespace()
	}
	if n := p.Flags.Namespace; n != "" {
		if p.Object != nil && p.Object.GetNamespace() != "" && p.Object.GetNamespace() != n && p.Flags.Type == "" {
			return t, fmt.Errorf("resource.flags: the namespace from the flags (%s) does not match the manifest's (%s)", n, p.Object.GetNamespace())
		}
		t.ns = n
	}
	if t.ns == "" {
		return t, fmt.Errorf("no namespace for %s %s: the workflow's namespace is not known", t.gvk.Kind, t.name)
	}
	if p.Object != nil && p.Flags.Type == "" {
		p.Object.SetNamespace(t.ns)
	}
	t.res = x.dyn.Resource(mapping.Resource).Namespace(t.ns)
	return t, nil
}

// mappingFor maps a kubectl resource argument (configmap, cm, deployments.apps, ...).
func (x *executor) mappingFor(ctx context.Context, arg string) (*meta.RESTMapping, error) {
	fq, gr := schema.ParseResourceArg(arg)
	var gvr schema.GroupVersionResource
	var err error
	if fq != nil {
		gvr, err = x.mapper.ResourceForWithContext(ctx, *fq)
	}
	if fq == nil || err != nil {
		gvr, err = x.mapper.ResourceForWithContext(ctx, gr.WithVersion(""))
	}
	if err != nil {
		return nil, fmt.Errorf("resource.flags: the server does not have a resource type %q", arg)
	}
	gvk, err := x.mapper.KindForWithContext(ctx, gvr)
	if err != nil {
		return nil, fmt.Errorf("resource.flags: %q: %w", arg, err)
	}
	return x.mapper.RESTMappingWithContext(ctx, gvk.GroupKind(), gvk.Version)
}

// notFound tells a missing object from a missing resource type (both are 404s).
func notFound(err error) bool {
	return apierrors.IsNotFound(err)
}
