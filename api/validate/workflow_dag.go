package validate

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// maxAncestorTasks bounds the DAG size for which ancestry (who may read whose outputs) is
// computed exactly; it costs n²/8 bytes. Larger DAGs let a task read any task.
const maxAncestorTasks = 20000

// maxCycleReports bounds the cycles reported per DAG.
const maxCycleReports = 5

// validateDAG checks a DAG template: task names, dependencies (unknown, self, cycles),
// depends expressions, target, each task's call, and that tasks only read the outputs of
// their ancestors.
func (v *wfValidator) validateDAG(p *field.Path, t *v1alpha1.Template, sc *tmplScope) {
	dp := p.Child("dag")
	tp := dp.Child("tasks")
	tasks := t.DAG.Tasks
	idx := make(map[string]int, len(tasks))
	usesDepends, usesDeps := false, false
	for i := range tasks {
		tk := &tasks[i]
		np := tp.Index(i).Child("name")
		switch {
		case tk.Name == "":
			v.errorf(field.Required(np, "a task needs a name"))
		case hasKey(idx, tk.Name):
			v.errorf(field.Duplicate(np, tk.Name))
		default:
			if msg := checkStepName(tk.Name); msg != "" {
				v.errorf(field.Invalid(np, tk.Name, msg))
			}
			idx[tk.Name] = i
		}
		usesDepends = usesDepends || tk.Depends != ""
		usesDeps = usesDeps || len(tk.Dependencies) > 0
	}
	if usesDepends && usesDeps {
		v.errorf(field.Invalid(dp, t.Name, "cannot use both 'depends' and 'dependencies' in the same DAG template"))
	}
	for i := range tasks {
		tk := &tasks[i]
		if usesDepends && tk.ContinueOn != nil {
			v.errorf(field.Invalid(tp.Index(i).Child("continueOn"), "", "cannot use 'continueOn' when using 'depends'. Instead use 'dep-task.Failed'/'dep-task.Errored'"))
		}
		if (usesDepends || usesDeps) && tk.Name != "" && isDigit(tk.Name[0]) {
			v.errorf(field.Invalid(tp.Index(i).Child("name"), tk.Name, "name cannot begin with a digit when using either 'depends' or 'dependencies'"))
		}
	}

	deps := v.dagEdges(tp, tasks, idx)
	order, cyclic := topoOrder(deps)
	if cyclic {
		v.reportCycles(tp, tasks, deps)
	}
	if tg := t.DAG.Target; tg != "" && !strings.Contains(tg, "{{") {
		for _, name := range strings.Fields(tg) {
			if _, ok := idx[name]; !ok {
				v.errorf(field.Invalid(dp.Child("target"), tg, fmt.Sprintf("target '%s' is not defined", name)))
			}
		}
	}

	// Who may read whom: a task sees its ancestors (computed on first need).
	var anc []uint64
	words := (len(tasks) + 63) / 64
	exact := !cyclic && len(tasks) <= maxAncestorTasks
	infos := make([]*nodeInfo, len(tasks))
	var cur int
	visible := func(name string) (*nodeInfo, bool) {
		j, ok := idx[name]
		if !ok || infos[j] == nil && exact {
			return nil, false
		}
		if !exact {
			return orAny(infos[j]), true
		}
		if anc == nil {
			anc = ancestors(order, deps, words)
		}
		if anc[cur*words+j/64]&(1<<(uint(j)%64)) == 0 {
			return nil, false
		}
		return infos[j], true
	}
	for _, i := range order {
		tk := &tasks[i]
		cur = i
		ts := *sc
		ts.kind, ts.visible, ts.inLoop = "tasks", visible, hasLoop(&tk.TemplateInvocation)
		infos[i] = v.validateInvocation(tp.Index(i), tk.Name, &tk.TemplateInvocation, &ts)
	}
	for i := range tasks { // tasks in a cycle are not in order: still check their calls
		if infos[i] == nil {
			cur = i
			ts := *sc
			ts.kind, ts.visible, ts.inLoop = "tasks", visible, hasLoop(&tasks[i].TemplateInvocation)
			infos[i] = v.validateInvocation(tp.Index(i), tasks[i].Name, &tasks[i].TemplateInvocation, &ts)
		}
	}
	v.checkAnyAll(tp, tasks, idx)

	all := *sc
	all.kind = "tasks"
	all.visible = func(name string) (*nodeInfo, bool) {
		j, ok := idx[name]
		if !ok {
			return nil, false
		}
		return orAny(infos[j]), true
	}
	rest := *t
	dag := *t.DAG
	dag.Tasks = nil
	rest.DAG = &dag
	v.tags.checkJSON(p, &rest, &all)
}

func orAny(n *nodeInfo) *nodeInfo {
	if n == nil {
		return &nodeInfo{}
	}
	return n
}

// dagEdges returns, per task, the tasks it depends on, reporting unknown and self
// dependencies and depends expressions that do not parse.
func (v *wfValidator) dagEdges(tp *field.Path, tasks []v1alpha1.DAGTask, idx map[string]int) [][]int {
	deps := make([][]int, len(tasks))
	for i := range tasks {
		tk := &tasks[i]
		add := func(p *field.Path, value, name string) {
			j, ok := idx[name]
			switch {
			case !ok:
				v.errorf(field.Invalid(p, value, fmt.Sprintf("dependency '%s' is not defined", name)))
			case j == i:
				v.errorf(field.Invalid(p, value, fmt.Sprintf("task %s depends on itself", name)))
			default:
				for _, d := range deps[i] {
					if d == j {
						return
					}
				}
				deps[i] = append(deps[i], j)
			}
		}
		for k, d := range tk.Dependencies {
			add(tp.Index(i).Child("dependencies").Index(k), d, d)
		}
		if tk.Depends != "" {
			dp := tp.Index(i).Child("depends")
			refs, err := parseDepends(tk.Depends)
			if err != nil {
				v.errorf(invalidText(dp, tk.Depends, err.Error(), err))
				continue
			}
			for _, r := range refs {
				add(dp, tk.Depends, r.task)
			}
		}
	}
	return deps
}

// checkAnyAll reports .AnySucceeded/.AllFailed on tasks that do not fan out.
func (v *wfValidator) checkAnyAll(tp *field.Path, tasks []v1alpha1.DAGTask, idx map[string]int) {
	for i := range tasks {
		if !strings.Contains(tasks[i].Depends, "Any") && !strings.Contains(tasks[i].Depends, "All") {
			continue
		}
		refs, _ := parseDepends(tasks[i].Depends)
		for _, r := range refs {
			j, ok := idx[r.task]
			if ok && (r.result == "AnySucceeded" || r.result == "AllFailed") && !hasLoop(&tasks[j].TemplateInvocation) {
				v.errorf(field.Invalid(tp.Index(i).Child("depends"), tasks[i].Depends,
					fmt.Sprintf("%s.%s: task %s does not contain any items (it has no withItems, withParam or withSequence)", r.task, r.result, r.task)))
			}
		}
	}
}

// topoOrder returns the tasks with every task after its dependencies (Kahn's algorithm), and
// whether some tasks are left out because they are on or behind a cycle.
func topoOrder(deps [][]int) ([]int, bool) {
	n := len(deps)
	pending := make([]int, n)
	users := make([][]int, n)
	for i, ds := range deps {
		pending[i] = len(ds)
		for _, d := range ds {
			users[d] = append(users[d], i)
		}
	}
	order := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if pending[i] == 0 {
			order = append(order, i)
		}
	}
	for k := 0; k < len(order); k++ {
		for _, u := range users[order[k]] {
			if pending[u]--; pending[u] == 0 {
				order = append(order, u)
			}
		}
	}
	return order, len(order) < n
}

// ancestors returns, per task, the bit set of its transitive dependencies.
func ancestors(order []int, deps [][]int, words int) []uint64 {
	anc := make([]uint64, len(deps)*words)
	for _, i := range order {
		row := anc[i*words : (i+1)*words]
		for _, d := range deps[i] {
			row[d/64] |= 1 << (uint(d) % 64)
			drow := anc[d*words : (d+1)*words]
			for w := range row {
				row[w] |= drow[w]
			}
		}
	}
	return anc
}

// reportCycles finds cycles with an iterative depth-first search and reports each on the task
// that closes it, with the path: A → B → A reads "A depends on B, which depends on A".
func (v *wfValidator) reportCycles(tp *field.Path, tasks []v1alpha1.DAGTask, deps [][]int) {
	const (
		white = iota
		grey
		black
	)
	color := make([]byte, len(deps))
	type frame struct{ node, next int }
	reported := 0
	for root := range deps {
		if color[root] != white {
			continue
		}
		stack := []frame{{root, 0}}
		color[root] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(deps[top.node]) {
				color[top.node] = black
				stack = stack[:len(stack)-1]
				continue
			}
			d := deps[top.node][top.next]
			top.next++
			switch color[d] {
			case white:
				color[d] = grey
				stack = append(stack, frame{d, 0})
			case grey:
				if reported >= maxCycleReports {
					continue
				}
				reported++
				var names []string
				start := 0
				for k := range stack {
					if stack[k].node == d {
						start = k
					}
				}
				for _, f := range stack[start:] {
					names = append(names, tasks[f.node].Name)
				}
				names = append(names, tasks[d].Name)
				u := top.node
				p, val := tp.Index(u).Child("depends"), tasks[u].Depends
				if tasks[u].Depends == "" {
					p, val = tp.Index(u).Child("dependencies"), strings.Join(tasks[u].Dependencies, ", ")
				}
				v.errorf(field.Invalid(p, val, "cycle "+strings.Join(names, " → ")))
			}
		}
	}
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}
