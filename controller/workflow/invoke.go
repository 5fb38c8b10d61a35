package workflow

import (
	"fmt"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// invokeOne starts or advances one step or task (one loop item of it): when first, then
// the arguments in the caller's scope, then the template.
func (o *operation) invokeOne(name string, inv *v1alpha1.TemplateInvocation, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	n, ok := o.invokeMain(name, inv, sc, boundaryID)
	if !ok || !n.Phase.Fulfilled() || inv.OnExit == "" {
		return n, ok
	}
	// The step's or task's own exit handler, "<node>.onExit": the node counts as finished
	// for its parent once the handler has finished too.
	exitName := name + ".onExit"
	stopping := o.stopping
	o.stopping = false
	exit, started := o.executeTemplate(exitName, &v1alpha1.TemplateInvocation{Template: inv.OnExit}, v1alpha1.Arguments{}, boundaryID)
	o.stopping = stopping
	if started {
		o.addChild(name, exitName)
	}
	if !started || !exit.Phase.Fulfilled() {
		n.Phase = v1alpha1.NodeRunning // as seen by the parent only; the node keeps its phase
	}
	return n, true
}

func (o *operation) invokeMain(name string, inv *v1alpha1.TemplateInvocation, sc scope, boundaryID string) (v1alpha1.NodeStatus, bool) {
	if n, ok := o.get(name); ok && n.Phase.Fulfilled() {
		return n, true
	}
	if _, exists := o.get(name); !exists {
		if o.stopping || o.suspended || !o.mayStart(boundaryID) {
			return v1alpha1.NodeStatus{}, false
		}
		defer o.started(boundaryID)
		if inv.When != "" {
			ok, err := sc.evalWhen(inv.When)
			if err != nil {
				return o.initNode(name, v1alpha1.NodeTypeSkipped, inv.Template, boundaryID, v1alpha1.NodeError, err.Error()), true
			}
			if !ok {
				return o.initNode(name, v1alpha1.NodeTypeSkipped, inv.Template, boundaryID, v1alpha1.NodeSkipped,
					fmt.Sprintf("when '%s' evaluated false", mustSubstitute(sc, inv.When))), true
			}
		}
	}
	args, err := substituteArgs(inv.Arguments, sc)
	if err != nil {
		if n, ok := o.get(name); ok {
			return o.setPhase(n, v1alpha1.NodeError, err.Error()), true
		}
		return o.initNode(name, v1alpha1.NodeTypePod, inv.Template, boundaryID, v1alpha1.NodeError, err.Error()), true
	}
	return o.executeTemplate(name, inv, args, boundaryID)
}

func mustSubstitute(sc scope, s string) string {
	out, _ := sc.substitute(s)
	return out
}

// childrenPhase sums up finished children: done when all are fulfilled, failed when one
// failed without continueOn.
func childrenPhase(children []v1alpha1.NodeStatus, started []bool, co *v1alpha1.ContinueOn) (done bool, failed *v1alpha1.NodeStatus) {
	done = true
	for i, c := range children {
		if !started[i] || !c.Phase.Fulfilled() {
			done = false
			continue
		}
		if failedPhase(c.Phase, co) && failed == nil {
			failed = &children[i]
		}
	}
	return done, failed
}
