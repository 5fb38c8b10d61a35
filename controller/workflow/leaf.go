package workflow

import (
	"errors"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// executePod runs a container, script or resource template as one pod and follows it.
func (o *operation) executePod(nodeName string, tmpl *v1alpha1.Template, boundaryID string) (v1alpha1.NodeStatus, bool) {
	n, ok := o.get(nodeName)
	if !ok {
		if o.stopping || o.suspended || o.atParallelism() {
			return n, false
		}
		n = o.initNode(nodeName, v1alpha1.NodeTypePod, tmpl.Name, boundaryID, v1alpha1.NodePending, "")
		if len(tmpl.Inputs.Parameters) > 0 || len(tmpl.Inputs.Artifacts) > 0 {
			n.Inputs = tmpl.Inputs.DeepCopy()
			o.put(n)
		}
		o.activePods++
	}
	if n.Phase.Fulfilled() {
		return n, true
	}
	pod := o.pods[n.ID]
	if pod == nil {
		switch {
		case o.stopping:
			return o.setPhase(n, v1alpha1.NodeFailed, o.stoppedMessage()), true
		case n.Phase == v1alpha1.NodeRunning:
			return o.setPhase(n, v1alpha1.NodeError, "pod deleted"), true
		}
		if o.r.ExecutorImage == "" {
			return o.setPhase(n, v1alpha1.NodeError, "the controller has no executor image: set --executor-image or SKIFF_EXECUTOR_IMAGE"), true
		}
		build := buildPod
		if tmpl.Resource != nil {
			build = buildResourcePod
		}
		p, err := build(o.wf, tmpl, nodeName, n.ID, o.r.ExecutorImage)
		if err != nil {
			return o.setPhase(n, v1alpha1.NodeError, err.Error()), true
		}
		if err := o.patchPodSpec(p, tmpl.Name, tmpl.PodSpecPatch); err != nil { // podspecpatch.go
			return o.setPhase(n, v1alpha1.NodeError, err.Error()), true
		}
		if !o.mayCreatePod() {
			if n.Message != podRateLimited {
				n.Message = podRateLimited
				o.put(n)
			}
			return n, true
		}
		if err := o.r.Client.Create(o.ctx, p); err != nil && !apierrors.IsAlreadyExists(err) {
			if apierrors.IsForbidden(err) || apierrors.IsInvalid(err) {
				return o.setPhase(n, v1alpha1.NodeError, err.Error()), true
			}
			n.Message = err.Error()
			o.put(n)
			o.requeueAfter(5 * time.Second)
		}
		return n, true
	}
	if o.stopping {
		o.deletePod(pod)
		return o.setPhase(n, v1alpha1.NodeFailed, o.stoppedMessage()), true
	}
	out := assessPod(pod)
	if out.logged != nil && out.outputs != nil {
		m, err := o.readLoggedOutputs(pod, out.logged) // outputs_log.go
		switch {
		case err == nil:
			out.outputs.Result, out.outputs.Parameters, out.artifacts = &m.Result, parameters(m.Parameters), m.Artifacts
		case errors.Is(err, errLogMismatch) || errors.Is(err, stepcontract.ErrOutputTooLarge):
			out.phase, out.message = v1alpha1.NodeFailed, err.Error()
		default: // the API server may answer next time
			n.Message = err.Error()
			o.put(n)
			o.requeueAfter(5 * time.Second)
			return n, true
		}
	}
	if pod.Status.PodIP != "" {
		n.PodIP = pod.Status.PodIP
	}
	n.HostNodeName = pod.Spec.NodeName
	if out.outputs != nil {
		n.Outputs = out.outputs
		o.recordArtifacts(tmpl, n.Outputs, out.artifacts)
	}
	if out.phase != n.Phase || out.message != n.Message {
		n = o.setPhase(n, out.phase, out.message)
		switch {
		case n.Phase.Fulfilled() && o.gcPodNow(n.Phase):
			o.deletePod(pod)
		case n.Phase.Fulfilled():
			o.labelCompleted(pod)
		}
		return n, true
	}
	o.put(n)
	return n, true
}

// labelCompleted marks a finished node's pod workflows.argoproj.io/completed=true, as upstream
// does, so `kubectl get pods -l workflows.argoproj.io/completed=false` lists live steps only.
// The node is final by now and not looked at again, so a failed patch is only logged.
func (o *operation) labelCompleted(pod *corev1.Pod) {
	if pod.Labels[LabelCompleted] == "true" {
		return
	}
	patch := client.MergeFrom(pod.DeepCopy())
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.Labels[LabelCompleted] = "true"
	if err := o.r.Client.Patch(o.ctx, pod, patch); client.IgnoreNotFound(err) != nil {
		log.FromContext(o.ctx).Info("Could not label the finished pod completed", "pod", pod.Name, "error", err.Error())
	}
}

func (o *operation) atParallelism() bool {
	p := o.wf.Spec.Parallelism
	return p != nil && *p > 0 && int64(o.activePods) >= *p
}

// executeSuspend waits for a duration, a resume request (the annotation
// workflows.skiff.dev/resume with an RFC3339 time after the node started), or spec.suspend
// set to false.
func (o *operation) executeSuspend(nodeName string, tmpl *v1alpha1.Template, boundaryID string) (v1alpha1.NodeStatus, bool) {
	n, ok := o.get(nodeName)
	if !ok {
		if o.stopping || o.suspended {
			return n, false
		}
		n = o.initNode(nodeName, v1alpha1.NodeTypeSuspend, tmpl.Name, boundaryID, v1alpha1.NodeRunning, "")
	}
	if n.Phase.Fulfilled() {
		return n, true
	}
	if o.stopping {
		return o.setPhase(n, v1alpha1.NodeFailed, o.stoppedMessage()), true
	}
	if o.resumed(n) {
		return o.setPhase(n, v1alpha1.NodeSucceeded, "Resumed"), true
	}
	if tmpl.Suspend.Duration != "" {
		left := n.StartedAt.Add(parseDuration(tmpl.Suspend.Duration)).Sub(o.now)
		if left <= 0 {
			return o.setPhase(n, v1alpha1.NodeSucceeded, ""), true
		}
		o.requeueAfter(left)
	}
	return n, true
}

func (o *operation) resumed(n v1alpha1.NodeStatus) bool {
	if s := o.wf.Spec.Suspend; s != nil && !*s {
		return true
	}
	v, ok := o.wf.Annotations[AnnotationResume]
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339, v)
	return err == nil && n.StartedAt != nil && t.After(n.StartedAt.Time)
}

func (o *operation) deletePod(pod *corev1.Pod) {
	if err := o.r.Client.Delete(o.ctx, pod, client.PropagationPolicy("Background")); client.IgnoreNotFound(err) != nil {
		o.requeueAfter(5 * time.Second)
	}
}

// gcPodNow says whether spec.podGC deletes a pod as soon as its node finishes.
func (o *operation) gcPodNow(p v1alpha1.NodePhase) bool {
	gc := o.wf.Spec.PodGC
	if gc == nil || gc.Strategy == nil || gc.LabelSelector != nil || gc.DeleteDelayDuration != "" {
		return false
	}
	switch *gc.Strategy {
	case v1alpha1.PodGCOnPodCompletion:
		return true
	case v1alpha1.PodGCOnPodSuccess:
		return p == v1alpha1.NodeSucceeded
	}
	return false
}

// gcPodsAtEnd deletes the workflow's pods when spec.podGC says so once it has finished.
func (o *operation) gcPodsAtEnd(p v1alpha1.WorkflowPhase) {
	gc := o.wf.Spec.PodGC
	if gc == nil || gc.Strategy == nil || gc.LabelSelector != nil || gc.DeleteDelayDuration != "" {
		return
	}
	switch *gc.Strategy {
	case v1alpha1.PodGCOnWorkflowCompletion:
	case v1alpha1.PodGCOnWorkflowSuccess:
		if p != v1alpha1.WorkflowSucceeded {
			return
		}
	default:
		return
	}
	for _, pod := range o.pods {
		o.deletePod(pod)
	}
}
