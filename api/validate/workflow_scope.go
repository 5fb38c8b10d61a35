package validate

import (
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// What a {{...}} tag may name where it is used: the workflow's globals, the template's inputs
// and outputs, and the steps or tasks that have finished by then.

// nodeInfo is what a step or task exposes to later ones.
type nodeInfo struct {
	loop bool
	// params and arts are the output names of the called template; nil when the template
	// is not known here (a templateRef that could not be read), so any name resolves.
	params, arts map[string]bool
}

func newNodeInfo(callee *v1alpha1.Template, loop bool) *nodeInfo {
	n := &nodeInfo{loop: loop}
	if callee == nil {
		return n
	}
	n.params = make(map[string]bool, len(callee.Outputs.Parameters))
	for _, p := range callee.Outputs.Parameters {
		n.params[p.Name] = true
	}
	n.arts = make(map[string]bool, len(callee.Outputs.Artifacts))
	for _, a := range callee.Outputs.Artifacts {
		n.arts[a.Name] = true
	}
	return n
}

// tmplScope resolves tags used inside one template.
type tmplScope struct {
	v      *wfValidator
	t      *v1alpha1.Template
	exit   bool   // an exit handler: workflow.status and workflow.failures are known
	inLoop bool   // inside withItems/withParam/withSequence: item is known
	kind   string // "steps" or "tasks": which nodes visible names
	// visible returns the step or task of that name if it has run by then.
	visible func(name string) (*nodeInfo, bool)
}

func (s *tmplScope) resolve(tag string) bool {
	root, rest, _ := strings.Cut(tag, ".")
	switch root {
	case "item":
		return s.inLoop
	case "retries":
		return rest == ""
	case "pod":
		return rest == "name"
	case "node":
		return rest == "name"
	case "inputs":
		return s.resolveIO(rest, s.t.Inputs.Parameters, s.t.Inputs.Artifacts)
	case "outputs":
		if rest == "result" || rest == "exitCode" {
			return true
		}
		return s.resolveIO(rest, s.t.Outputs.Parameters, s.t.Outputs.Artifacts)
	case "workflow":
		return s.v.resolveGlobal(rest, s.exit)
	case "steps", "tasks":
		if rest == "name" {
			return true
		}
		if root != s.kind || s.visible == nil {
			return false
		}
		name, sub, _ := strings.Cut(rest, ".")
		n, ok := s.visible(name)
		return ok && n.resolve(sub)
	}
	return true
}

// resolveIO resolves parameters.X, parameters, artifacts.X and artifacts.X.path.
func (s *tmplScope) resolveIO(rest string, params []v1alpha1.Parameter, arts []v1alpha1.Artifact) bool {
	kind, name, _ := strings.Cut(rest, ".")
	switch kind {
	case "parameters":
		if name == "" {
			return true
		}
		name = strings.TrimSuffix(name, ".path")
		for _, p := range params {
			if p.Name == name {
				return true
			}
		}
	case "artifacts":
		if name == "" {
			return true
		}
		name = strings.TrimSuffix(name, ".path")
		for _, a := range arts {
			if a.Name == name {
				return true
			}
		}
	}
	return false
}

// resolve resolves what follows steps.<name>. or tasks.<name>.
func (n *nodeInfo) resolve(sub string) bool {
	switch sub {
	case "id", "ip", "status", "exitCode", "startedAt", "finishedAt", "hostNodeName", "phase",
		"outputs.result", "outputs.exitCode", "outputs.parameters", "outputs.artifacts", "outputs":
		return true
	}
	kind, name, ok := strings.Cut(strings.TrimPrefix(sub, "outputs."), ".")
	if !ok || !strings.HasPrefix(sub, "outputs.") {
		return false
	}
	switch kind {
	case "parameters":
		return n.params == nil || n.params[name]
	case "artifacts":
		return n.arts == nil || n.arts[name]
	}
	return false
}

// globalNames are the workflow.* variables every template may read.
var globalNames = map[string]bool{
	"name": true, "namespace": true, "uid": true, "serviceAccountName": true, "mainEntrypoint": true,
	"priority": true, "duration": true, "parameters": true, "labels": true, "annotations": true,
	"creationTimestamp": true, "scheduledTime": true, "outputs.parameters": true, "outputs.artifacts": true,
}

// resolveGlobal resolves what follows "workflow.".
func (v *wfValidator) resolveGlobal(rest string, exit bool) bool {
	if globalNames[rest] {
		return true
	}
	if rest == "status" {
		return true // "Running" outside exit handlers
	}
	if rest == "failures" {
		return exit
	}
	kind, name, _ := strings.Cut(rest, ".")
	switch kind {
	case "creationTimestamp", "labels", "annotations", "cronScheduleTime", "scheduledTime", "status":
		return true
	case "parameters":
		return v.isTemplate || name == "json" || v.globalParams[name]
	case "outputs":
		sub, n, _ := strings.Cut(name, ".")
		switch sub {
		case "parameters":
			return v.anyGlobalOutParam || v.globalOutParams[n]
		case "artifacts":
			return v.anyGlobalOutArt || v.globalOutArts[n]
		}
	}
	return false
}
