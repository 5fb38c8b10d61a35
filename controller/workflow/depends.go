package workflow

import (
	"regexp"
	"strings"

	"github.com/expr-lang/expr"

	"github.com/skiff-dev/skiff/api/limits"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

var dependsRefRE = regexp.MustCompile(`[A-Za-z0-9_][A-Za-z0-9_-]*(\.(Succeeded|Failed|Errored|Skipped|Omitted|Daemoned|AnySucceeded|AllFailed|Completed))?`)

// taskDeps returns the tasks a DAG task waits for (dependencies or the names in depends).
func taskDeps(t *v1alpha1.DAGTask) []string {
	if t.Depends == "" {
		return t.Dependencies
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range dependsRefRE.FindAllString(t.Depends, -1) {
		name, _, _ := strings.Cut(m, ".")
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// dependsExpression is the task's depends, or its dependencies joined with &&.
func dependsExpression(t *v1alpha1.DAGTask) string {
	if t.Depends != "" {
		return t.Depends
	}
	return strings.Join(t.Dependencies, " && ")
}

// taskResult is what depends can ask about a finished dependency.
type taskResult struct {
	phase    v1alpha1.NodePhase
	children []v1alpha1.NodePhase // loop items, for AnySucceeded/AllFailed
	daemoned bool
	// continued: the dependency's continueOn covers its failure, so a bare reference (and
	// every legacy dependencies entry) counts it as done, as upstream expands it.
	continued bool
}

// evalDepends evaluates an enhanced depends expression: "A" means A succeeded, was skipped,
// is daemoned or failed in a way its continueOn allows; "A.Failed" etc. ask for one outcome.
func evalDepends(dep string, results map[string]taskResult) (bool, error) {
	if strings.TrimSpace(dep) == "" {
		return true, nil
	}
	// expr parses what remains: the limits keep its recursion and cost bounded. Admission
	// held depends to an expression's length; dependencies joined with && may be longer.
	if err := limits.Evaluated(dep); err != nil {
		return false, err
	}
	src := dependsRefRE.ReplaceAllStringFunc(dep, func(m string) string {
		name, what, _ := strings.Cut(m, ".")
		r, ok := results[name]
		if !ok {
			return "false"
		}
		var v bool
		switch what {
		case "":
			v = r.phase == v1alpha1.NodeSucceeded || r.phase == v1alpha1.NodeSkipped || r.daemoned || r.continued
		case "Succeeded":
			v = r.phase == v1alpha1.NodeSucceeded
		case "Failed":
			v = r.phase == v1alpha1.NodeFailed
		case "Errored":
			v = r.phase == v1alpha1.NodeError
		case "Skipped":
			v = r.phase == v1alpha1.NodeSkipped
		case "Omitted":
			v = r.phase == v1alpha1.NodeOmitted
		case "Daemoned":
			v = r.daemoned
		case "Completed":
			v = r.phase.Fulfilled()
		case "AnySucceeded":
			for _, p := range r.children {
				v = v || p == v1alpha1.NodeSucceeded
			}
		case "AllFailed":
			v = len(r.children) > 0
			for _, p := range r.children {
				v = v && p == v1alpha1.NodeFailed
			}
		}
		if v {
			return "true"
		}
		return "false"
	})
	out, err := expr.Eval(src, nil)
	if err != nil {
		return false, err
	}
	b, _ := out.(bool)
	return b, nil
}

// handlesFailure says whether some task's depends reacts to name's failure, so that
// failure does not fail the DAG.
func handlesFailure(tasks []v1alpha1.DAGTask, name string) bool {
	for i := range tasks {
		for _, m := range dependsRefRE.FindAllString(tasks[i].Depends, -1) {
			n, what, _ := strings.Cut(m, ".")
			if n == name && (what == "Failed" || what == "Errored" || what == "Completed" || what == "AnySucceeded" || what == "AllFailed") {
				return true
			}
		}
	}
	return false
}
