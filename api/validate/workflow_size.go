package validate

import (
	"encoding/json"
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// A Workflow lives in one object: its spec and, once it runs, a status with one node per
// task, step, loop item and group. The controller writes the node map as it is while it is
// small and gzip-compressed past compressNodesAbove, and fails the workflow when even the
// compressed map is over maxCompressedNodes; etcd refuses any object over etcdObjectLimit.
// workflowSize refuses at admission a workflow that cannot fit, rather than letting it fail
// on its first status write. The node sizes are lower bounds measured on the nodes the
// controller writes (TestWorkflowNodeSizesAreLowerBounds), so only a workflow that cannot fit
// is refused: the estimate counts nodes once per invocation reachable from the entrypoint,
// literal withItems and withSequence expanded, withParam (known only at run time) as one.
const (
	etcdObjectLimit     = 1536 << 10 // etcd's default --max-request-bytes
	compressNodesAbove  = 256 << 10  // controller/workflow.DefaultCompressNodesAbove
	maxCompressedNodes  = 1 << 20    // controller/workflow's limit for status.compressedNodes
	nodeJSONBytes       = 150        // one node of status.nodes, as JSON, at the least
	nodeCompressedBytes = 25         // the same in status.compressedNodes, at the least
	nodeCountCap        = 1 << 40    // counts saturate here: recursion multiplies
)

// workflowSize is the admission check of a Workflow's size once running.
func workflowSize(wf *v1alpha1.Workflow) field.ErrorList {
	c := nodeCounter{spec: &wf.Spec, memo: map[string]int64{}, active: map[string]bool{}}
	nodes := c.named(wf.Spec.Entrypoint)
	status := nodes * nodeJSONBytes
	compressed := status > compressNodesAbove
	if compressed {
		status = nodes * nodeCompressedBytes
	}
	spec, err := json.Marshal(&wf.Spec)
	if err != nil {
		return field.ErrorList{field.InternalError(field.NewPath("spec"), err)}
	}
	rest := v1alpha1.Workflow{TypeMeta: wf.TypeMeta, ObjectMeta: wf.ObjectMeta}
	meta, err := json.Marshal(&rest)
	if err != nil {
		return field.ErrorList{field.InternalError(field.NewPath("metadata"), err)}
	}
	total := int64(len(spec)+len(meta)) + status
	if status <= maxCompressedNodes && total <= etcdObjectLimit {
		return nil
	}
	path, count := c.biggestPath, c.biggest
	if path == nil {
		path, count = field.NewPath("spec", "templates"), len(wf.Spec.Templates)
	}
	tooMany := func(detail string) field.ErrorList {
		return field.ErrorList{&field.Error{Type: field.ErrorTypeTooMany, Field: path.String(), BadValue: count, Detail: detail}}
	}
	if compressed && status > maxCompressedNodes {
		return tooMany(fmt.Sprintf("the workflow's %s nodes would need about %s in status.compressedNodes, more than the %s the controller stores",
			strconv.FormatInt(nodes, 10), mib(status), mib(maxCompressedNodes)))
	}
	return tooMany(fmt.Sprintf("the workflow would need about %s (spec %s + status), more than the %s an object may have in etcd",
		mib(total), mib(int64(len(spec))), mib(etcdObjectLimit)))
}

func mib(b int64) string {
	return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB"
}

// nodeCounter counts the nodes a workflow's run records, from its entrypoint down. Each
// template's count is computed once (memo); a template that calls itself counts once more
// where it recurses, as its depth is decided at run time.
type nodeCounter struct {
	spec   *v1alpha1.WorkflowSpec
	memo   map[string]int64
	active map[string]bool
	// biggest is the longest list of tasks or steps seen, which the error names.
	biggest     int
	biggestPath *field.Path
}

// named counts one run of the local template called name (one node for a reference that
// cannot be followed: another object's template, or none).
func (c *nodeCounter) named(name string) int64 {
	if n, ok := c.memo[name]; ok {
		return n
	}
	if c.active[name] {
		return 1
	}
	for i := range c.spec.Templates {
		if t := &c.spec.Templates[i]; t.Name == name {
			c.active[name] = true
			n := c.template(t, field.NewPath("spec", "templates").Index(i))
			delete(c.active, name)
			c.memo[name] = n
			return n
		}
	}
	return 1
}

// template counts one run of t: its own node and those of what it calls.
func (c *nodeCounter) template(t *v1alpha1.Template, p *field.Path) int64 {
	n := int64(1)
	if t.DAG != nil {
		tasks := p.Child("dag", "tasks")
		c.note(len(t.DAG.Tasks), tasks)
		for i := range t.DAG.Tasks {
			n = add(n, c.invocation(&t.DAG.Tasks[i].TemplateInvocation, func() *field.Path { return tasks.Index(i) }))
		}
	}
	steps := 0
	for g := range t.Steps {
		n = add(n, 1) // the step group's node
		for s := range t.Steps[g] {
			steps++
			n = add(n, c.invocation(&t.Steps[g][s].TemplateInvocation, func() *field.Path { return p.Child("steps").Index(g).Index(s) }))
		}
	}
	c.note(steps, p.Child("steps"))
	return n
}

// invocation counts a task or step: each of its loop's runs, plus the loop's group node.
// Its path is built only for an inline template (building one per task costs more than the
// count).
func (c *nodeCounter) invocation(inv *v1alpha1.TemplateInvocation, path func() *field.Path) int64 {
	per := int64(1)
	switch {
	case inv.Inline != nil:
		per = c.template(inv.Inline, path().Child("inline"))
	case inv.Template != "":
		per = c.named(inv.Template)
	}
	times := loopRuns(inv)
	if times == 1 && len(inv.WithItems) == 0 && inv.WithSequence == nil {
		return per
	}
	return add(mul(times, per), 1)
}

func (c *nodeCounter) note(n int, p *field.Path) {
	if n > c.biggest {
		c.biggest, c.biggestPath = n, p
	}
}

// loopRuns is how many times a loop runs, when its items are written out: withItems' length,
// withSequence's count or range; 1 for withParam and for expressions.
func loopRuns(inv *v1alpha1.TemplateInvocation) int64 {
	if len(inv.WithItems) > 0 {
		return int64(len(inv.WithItems))
	}
	seq := inv.WithSequence
	if seq == nil {
		return 1
	}
	if seq.Count != nil {
		if n, ok := literalInt(seq.Count.String()); ok && n > 0 {
			return n
		}
		return 1
	}
	start, okStart := int64(0), true
	if seq.Start != nil {
		start, okStart = literalInt(seq.Start.String())
	}
	if seq.End == nil || !okStart {
		return 1
	}
	end, ok := literalInt(seq.End.String())
	if !ok {
		return 1
	}
	if end < start {
		start, end = end, start
	}
	return min(end-start+1, nodeCountCap)
}

func literalInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func add(a, b int64) int64 { return min(a+b, nodeCountCap) }

func mul(a, b int64) int64 {
	if a != 0 && b > nodeCountCap/a {
		return nodeCountCap
	}
	return min(a*b, nodeCountCap)
}
