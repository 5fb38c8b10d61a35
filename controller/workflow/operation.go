package workflow

import (
	"context"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// operation is one reconcile of one Workflow: the walk of its template tree from the root,
// advancing every node it can. Node state lives only in wf.Status.Nodes, so each reconcile
// starts from what the API server holds.
type operation struct {
	ctx  context.Context
	r    *Reconciler
	wf   *v1alpha1.Workflow
	now  time.Time
	pods map[string]*corev1.Pod // by node id

	globals     scope
	stopping    bool       // shutdown or deadline: no new nodes, running pods deleted
	stopMessage string     // why, set on the nodes it stops
	suspended   bool       // spec.suspend: no new nodes, running ones carry on
	activePods  int        // Pending/Running pod nodes, for spec.parallelism
	limits      []*limiter // the parallelism of the steps/DAG templates being walked
	requeue     time.Duration
	tmplCtx     *tmplContext // where template names resolve; nil: the workflow's own templates
	// childSets indexes parents' children (built on first use): addChild runs for every task
	// on every walk, and a scan of the list made a wide DAG quadratic.
	childSets map[string]map[string]struct{}
	// configMaps holds the ConfigMaps read in this reconcile (configmaps.go).
	configMaps map[types.NamespacedName]*corev1.ConfigMap
}

func (o *operation) requeueAfter(d time.Duration) {
	if d <= 0 {
		d = time.Second
	}
	if o.requeue == 0 || d < o.requeue {
		o.requeue = d
	}
}

func (o *operation) get(name string) (v1alpha1.NodeStatus, bool) {
	n, ok := o.wf.Status.Nodes[v1alpha1.WorkflowNodeID(o.wf.Name, name)]
	return n, ok
}

func (o *operation) put(n v1alpha1.NodeStatus) {
	if o.wf.Status.Nodes == nil {
		o.wf.Status.Nodes = v1alpha1.Nodes{}
	}
	o.wf.Status.Nodes[n.ID] = n
}

// initNode records a new node, started now.
func (o *operation) initNode(name string, typ v1alpha1.NodeType, tmplName, boundaryID string, phase v1alpha1.NodePhase, msg string) v1alpha1.NodeStatus {
	now := metav1.NewTime(o.now)
	n := v1alpha1.NodeStatus{
		ID: v1alpha1.WorkflowNodeID(o.wf.Name, name), Name: name, DisplayName: nodeDisplayName(o.wf.Name, name), Type: typ,
		TemplateName: tmplName, BoundaryID: boundaryID, Phase: phase, Message: msg, StartedAt: &now,
	}
	if phase.Fulfilled() {
		n.FinishedAt = &now
	}
	o.put(n)
	o.nodeEvent(n, "")
	return n
}

// finish moves a node to a phase (recording finishedAt once fulfilled) and returns it.
func (o *operation) setPhase(n v1alpha1.NodeStatus, phase v1alpha1.NodePhase, msg string) v1alpha1.NodeStatus {
	old := n.Phase
	n.Phase, n.Message = phase, msg
	if phase.Fulfilled() && n.FinishedAt == nil {
		now := metav1.NewTime(o.now)
		n.FinishedAt = &now
	}
	o.put(n)
	o.nodeEvent(n, old)
	return n
}

func (o *operation) addChild(parent, child string) {
	p, ok := o.get(parent)
	if !ok {
		return
	}
	id := v1alpha1.WorkflowNodeID(o.wf.Name, child)
	set, ok := o.childSets[p.ID]
	if !ok {
		set = make(map[string]struct{}, len(p.Children)+1)
		for _, c := range p.Children {
			set[c] = struct{}{}
		}
		if o.childSets == nil {
			o.childSets = map[string]map[string]struct{}{}
		}
		o.childSets[p.ID] = set
	}
	if _, dup := set[id]; dup {
		return
	}
	set[id] = struct{}{}
	p.Children = append(p.Children, id)
	o.put(p)
}

// nodeDisplayName is displayName with upstream's special cases: the root node shows the
// workflow's name (which may hold dots), the workflow's exit handler its full node name
// "<wf>.onExit", and a step's or task's exit handler "<step>.onExit" — upstream's tools find
// exit nodes by that suffix.
func nodeDisplayName(wfName, name string) string {
	switch {
	case name == wfName, name == wfName+".onExit":
		return name
	case strings.HasSuffix(name, ".onExit"):
		return displayName(strings.TrimSuffix(name, ".onExit")) + ".onExit"
	}
	return displayName(name)
}

// displayName is the last part of a node name, as upstream shows it.
func displayName(name string) string {
	depth := 0
	for i := len(name) - 1; i >= 0; i-- {
		switch name[i] {
		case ')', ']':
			depth++
		case '(', '[':
			depth--
			if name[i] == '[' && depth == 0 {
				return name[i:]
			}
		case '.':
			if depth == 0 {
				return name[i+1:]
			}
		}
	}
	return name
}

// failedPhase says whether a node's phase stops its parent, honouring continueOn.
func failedPhase(p v1alpha1.NodePhase, co *v1alpha1.ContinueOn) bool {
	switch p {
	case v1alpha1.NodeFailed:
		return co == nil || !co.Failed
	case v1alpha1.NodeError:
		return co == nil || !co.Error
	}
	return false
}

func (o *operation) stoppedMessage() string {
	if o.stopMessage != "" {
		return o.stopMessage
	}
	return "Stopped"
}

// limiter is a steps or DAG template's parallelism: how many of the nodes in its boundary
// run at once.
type limiter struct {
	boundaryID   string
	running, max int
}

func (o *operation) countRunning(l *limiter) {
	l.running = 0
	for _, n := range o.wf.Status.Nodes {
		if n.BoundaryID == l.boundaryID && !n.Phase.Fulfilled() && n.Type != v1alpha1.NodeTypeStepGroup && n.Type != v1alpha1.NodeTypeTaskGroup {
			l.running++
		}
	}
}

// pushLimit starts counting for a template with parallelism; the returned func pops it.
func (o *operation) pushLimit(tmpl *v1alpha1.Template, boundaryID string) func() {
	if tmpl.Parallelism == nil || *tmpl.Parallelism <= 0 {
		return func() {}
	}
	l := &limiter{boundaryID: boundaryID, max: int(*tmpl.Parallelism)}
	o.countRunning(l)
	o.limits = append(o.limits, l)
	return func() { o.limits = o.limits[:len(o.limits)-1] }
}

// mayStart says whether the parallelism of the template whose boundary a node joins allows
// one more node (nodes deeper down count against their own template only); started counts it.
func (o *operation) mayStart(boundaryID string) bool {
	for _, l := range o.limits {
		if l.boundaryID == boundaryID && l.running >= l.max {
			// Nodes walked since the count may have finished: count again before refusing.
			if o.countRunning(l); l.running >= l.max {
				return false
			}
		}
	}
	return true
}

func (o *operation) started(boundaryID string) {
	for _, l := range o.limits {
		if l.boundaryID == boundaryID {
			l.running++
		}
	}
}
