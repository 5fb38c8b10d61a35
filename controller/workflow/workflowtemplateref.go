package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// A workflow with spec.workflowTemplateRef runs the referenced template's spec merged with its
// own, as upstream does: fields the workflow sets win, arguments merge by parameter name. The
// merged spec is kept in status.storedWorkflowTemplateSpec when the run starts, so editing the
// template later does not change a running workflow.

// cacheGrace is how long after a workflow's creation a missing referenced template is
// retried rather than final: long enough for the informer to catch up with a template
// created just before.
const cacheGrace = 5 * time.Second

func (r *Reconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// workflowTemplateSpec swaps wf.Spec for the spec the run executes, before the reconcile takes
// its copy for the status patch (so the swap itself is never patched). It returns the merged
// spec to store, or fail: why the workflow cannot run (the template is missing). err is a
// transient read error, retried.
func (r *Reconciler) workflowTemplateSpec(ctx context.Context, wf *v1alpha1.Workflow) (merged *v1alpha1.WorkflowSpec, fail string, err error) {
	ref := wf.Spec.WorkflowTemplateRef
	if ref == nil || wf.Status.Phase.Completed() || !wf.DeletionTimestamp.IsZero() {
		return nil, "", nil
	}
	base := wf.Status.StoredWorkflowSpec
	if base == nil {
		if ref.Name == "" {
			return nil, "spec.workflowTemplateRef.name is required", nil
		}
		tctx := &tmplContext{cluster: ref.ClusterScope != nil && *ref.ClusterScope, name: ref.Name}
		spec, err := fetchTemplateSpec(ctx, r.Client, wf.Namespace, tctx)
		var missing notFoundError
		switch {
		case errors.As(err, &missing) && r.now().Sub(wf.CreationTimestamp.Time) < cacheGrace:
			// Created together with the template, the workflow may be seen before the informer
			// has the template: retried (with backoff) before it counts as missing.
			return nil, "", fmt.Errorf("workflow %s/%s: %w (yet)", wf.Namespace, wf.Name, err)
		case errors.As(err, &missing):
			return nil, "spec.workflowTemplateRef: " + err.Error(), nil
		case err != nil:
			return nil, "", err
		}
		base = spec
	}
	merged, err = mergeWorkflowSpec(&wf.Spec, base)
	if err != nil {
		return nil, "spec.workflowTemplateRef: " + err.Error(), nil
	}
	exec := merged.DeepCopy()
	exec.WorkflowTemplateRef = nil // the templates are now the run's own
	wf.Spec = *exec
	return merged, "", nil
}

// storeWorkflowTemplateSpec records the merged spec, or errors the workflow when the template
// could not be resolved. It says whether the walk goes on.
func (o *operation) storeWorkflowTemplateSpec(merged *v1alpha1.WorkflowSpec, fail string) bool {
	if fail != "" {
		o.finishWorkflow(v1alpha1.WorkflowError, fail)
		return false
	}
	if merged != nil && !equality.Semantic.DeepEqual(o.wf.Status.StoredWorkflowSpec, merged) {
		o.wf.Status.StoredWorkflowSpec = merged
	}
	return true
}

// mergeWorkflowSpec lays the workflow's spec over the template's: objects merge key by key,
// lists of named entries (templates, parameters, volumes, tasks, env...) merge by name as
// upstream's strategic merge does, any other value set on the workflow replaces the
// template's.
func mergeWorkflowSpec(wfSpec, tmplSpec *v1alpha1.WorkflowSpec) (*v1alpha1.WorkflowSpec, error) {
	var base, over any
	if err := roundTrip(tmplSpec, &base); err != nil {
		return nil, err
	}
	if err := roundTrip(wfSpec, &over); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(mergeJSON(base, over))
	if err != nil {
		return nil, err
	}
	out := &v1alpha1.WorkflowSpec{}
	if err := json.Unmarshal(doc, out); err != nil {
		return nil, fmt.Errorf("merging the template's spec: %w", err)
	}
	// Upstream: a template's suspend does not carry over; only the workflow suspends itself.
	if wfSpec.Suspend == nil {
		out.Suspend = nil
	}
	return out, nil
}

func roundTrip(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}

func mergeJSON(base, over any) any {
	switch o := over.(type) {
	case map[string]any:
		b, ok := base.(map[string]any)
		if !ok {
			return o
		}
		out := make(map[string]any, len(b)+len(o))
		for k, v := range b {
			out[k] = v
		}
		for k, v := range o {
			out[k] = mergeJSON(b[k], v)
		}
		return out
	case []any:
		b, ok := base.([]any)
		if !ok || !named(b) || !named(o) {
			return o
		}
		out := make([]any, 0, len(b)+len(o))
		at := map[string]int{}
		for _, e := range b {
			at[e.(map[string]any)["name"].(string)] = len(out)
			out = append(out, e)
		}
		for _, e := range o {
			n := e.(map[string]any)["name"].(string)
			if i, ok := at[n]; ok {
				out[i] = mergeJSON(out[i], e)
				continue
			}
			out = append(out, e)
		}
		return out
	}
	return over
}

// named says whether every entry of a list is an object with a string name.
func named(l []any) bool {
	for _, e := range l {
		m, ok := e.(map[string]any)
		if !ok {
			return false
		}
		if _, ok := m["name"].(string); !ok {
			return false
		}
	}
	return true
}
