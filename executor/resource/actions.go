package resource

import (
	"context"
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
)

// act carries out the action and returns the resulting object (nil after a delete) and a
// line saying what was done.
func (x *executor) act(ctx context.Context, p *plan) (*unstructured.Unstructured, string, error) {
	t, err := x.resolve(ctx, p)
	if err != nil {
		return nil, "", err
	}
	f := p.Flags
	fail := func(err error) (*unstructured.Unstructured, string, error) {
		return nil, "", fmt.Errorf("%s %s: %w", p.Action, t, err)
	}
	var obj *unstructured.Unstructured
	switch p.Action {
	case "get":
		obj, err = t.res.Get(ctx, t.name, metav1.GetOptions{})
		if notFound(err) && f.IgnoreNotFound {
			return nil, fmt.Sprintf("%s not found (ignored)", t), nil
		}
	case "create":
		obj, err = t.res.Create(ctx, p.Object, metav1.CreateOptions{FieldManager: f.FieldManager, FieldValidation: f.FieldValidation})
		if err == nil {
			t.name = obj.GetName() // generateName
		}
	case "apply":
		// Server-side apply, forcing conflicts: the workflow's manifest is the desired state,
		// as `kubectl apply` makes it.
		obj, err = x.apply(ctx, p, t)
	case "replace":
		obj, err = x.replace(ctx, p, t)
	case "patch":
		obj, err = t.res.Patch(ctx, t.name, patchType(p.Strategy), p.Body, metav1.PatchOptions{FieldManager: f.FieldManager, FieldValidation: f.FieldValidation})
	case "delete":
		return x.delete(ctx, p, t)
	}
	if err != nil {
		return fail(err)
	}
	return obj, fmt.Sprintf("%s %s", t, pastTense(p.Action)), nil
}

// apply applies the manifest server-side (an apply patch: ApplyOptions has no field
// validation to carry --validate).
func (x *executor) apply(ctx context.Context, p *plan, t target) (*unstructured.Unstructured, error) {
	body, err := p.Object.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return t.res.Patch(ctx, t.name, types.ApplyPatchType, body, metav1.PatchOptions{
		FieldManager: p.Flags.FieldManager, Force: new(true), FieldValidation: p.Flags.FieldValidation,
	})
}

// replace updates the whole object. Without a resourceVersion in the manifest it replaces
// whatever is there, as `kubectl replace` does, by taking the current one.
func (x *executor) replace(ctx context.Context, p *plan, t target) (*unstructured.Unstructured, error) {
	obj := p.Object.DeepCopy()
	if obj.GetResourceVersion() == "" {
		cur, err := t.res.Get(ctx, t.name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		obj.SetResourceVersion(cur.GetResourceVersion())
	}
	return t.res.Update(ctx, obj, metav1.UpdateOptions{FieldManager: p.Flags.FieldManager, FieldValidation: p.Flags.FieldValidation})
}

// delete deletes the object (a missing one is fine unless --ignore-not-found=false) and, as
// `kubectl delete` does, waits until it is gone unless --wait=false.
func (x *executor) delete(ctx context.Context, p *plan, t target) (*unstructured.Unstructured, string, error) {
	f := p.Flags
	if f.Selector != "" {
		return x.deleteSelected(ctx, p, t)
	}
	err := t.res.Delete(ctx, t.name, metav1.DeleteOptions{PropagationPolicy: &f.Propagation, GracePeriodSeconds: f.GracePeriod})
	switch {
	case notFound(err) && f.IgnoreNotFound:
		return nil, fmt.Sprintf("%s not found (nothing to delete)", t), nil
	case err != nil:
		return nil, "", fmt.Errorf("delete %s: %w", t, err)
	case f.NoWait:
		return nil, fmt.Sprintf("%s deleted", t), nil
	}
	if err := x.waitGone(ctx, t); err != nil {
		return nil, "", err
	}
	return nil, fmt.Sprintf("%s deleted", t), nil
}

// deleteSelected deletes every object of the type whose labels match --selector, one by one
// as kubectl does (so the delete verb suffices), and waits for them to be gone.
func (x *executor) deleteSelected(ctx context.Context, p *plan, t target) (*unstructured.Unstructured, string, error) {
	f := p.Flags
	list, err := t.res.List(ctx, metav1.ListOptions{LabelSelector: f.Selector})
	if err != nil {
		return nil, "", fmt.Errorf("delete %s -l %s: listing: %w", t.gvk.Kind, f.Selector, err)
	}
	var names []string
	for _, item := range list.Items {
		it := t
		it.name = item.GetName()
		err := t.res.Delete(ctx, it.name, metav1.DeleteOptions{PropagationPolicy: &f.Propagation, GracePeriodSeconds: f.GracePeriod})
		if err != nil && !notFound(err) {
			return nil, "", fmt.Errorf("delete %s: %w", it, err)
		}
		names = append(names, it.name)
	}
	if !f.NoWait {
		for _, n := range names {
			it := t
			it.name = n
			if err := x.waitGone(ctx, it); err != nil {
				return nil, "", err
			}
		}
	}
	return nil, fmt.Sprintf("%d %s deleted with labels %s: %s", len(names), t.gvk.Kind, f.Selector, strings.Join(names, ", ")), nil
}

// waitGone waits until the object is gone, as `kubectl delete` does by default.
func (x *executor) waitGone(ctx context.Context, t target) error {
	for {
		cur, err := t.res.Get(ctx, t.name, metav1.GetOptions{})
		switch {
		case notFound(err):
			return nil
		case err == nil && cur.GetDeletionTimestamp() != nil:
			fmt.Fprintf(x.o.Log, "waiting for %s to be gone (finalizers: %s)\n", t, strings.Join(cur.GetFinalizers(), ", "))
		case err != nil:
			fmt.Fprintf(x.o.Log, "reading %s: %v (retrying)\n", t, err)
		default:
			// Deleted and created again by someone else meanwhile: it is a new object.
			fmt.Fprintf(x.o.Log, "%s was created again since it was deleted\n", t)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("delete %s: stopped while waiting for it to be gone: %w", t, ctx.Err())
		case <-time.After(x.interval()):
		}
	}
}

func (x *executor) interval() time.Duration {
	if x.o.Interval > 0 {
		return x.o.Interval
	}
	return DefaultInterval
}

func patchType(strategy string) types.PatchType {
	switch strategy {
	case "merge":
		return types.MergePatchType
	case "json":
		return types.JSONPatchType
	}
	return types.StrategicMergePatchType
}

func pastTense(action string) string {
	switch action {
	case "get":
		return "read"
	case "apply":
		return "applied"
	case "patch":
		return "patched"
	}
	return action + "d" // created, replaced, deleted
}
