package v1alpha1

import (
	"k8s.io/apimachinery/pkg/util/intstr"
)

// ParallelSteps is one group of a steps template: its steps run in parallel, and the group
// starts when the previous group has finished. On the wire it is a plain list, so a steps
// template is written as a list of lists (steps: [[...], [...]]).
type ParallelSteps []WorkflowStep

// WorkflowStep is one step of a steps template: it calls a template (by name, by reference
// or inline) with arguments, possibly several times (withItems/withParam/withSequence) or
// conditionally (when).
//
// withItems cannot be seen by CEL (its items are free-form JSON), so only withParam and
// withSequence are checked against each other here; using withItems with one of them is
// left to semantic validation.
//
// +kubebuilder:validation:XValidation:rule="(has(self.template) ? 1 : 0) + (has(self.templateRef) ? 1 : 0) + (has(self.inline) ? 1 : 0) == 1",message="a step must set exactly one of template, templateRef or inline"
// +kubebuilder:validation:XValidation:rule="!(has(self.withParam) && has(self.withSequence))",message="a step may set only one of withItems, withParam and withSequence"
type WorkflowStep struct {
	// Name identifies the step within the template (steps.<name>.outputs...).
	// +required
	Name string `json:"name,omitempty"`

	TemplateInvocation `json:",inline"`
}

// TemplateInvocation is what a step and a DAG task share: which template to run, with which
// arguments, how many times and under which condition. One type, so the scheduler treats both
// alike.
type TemplateInvocation struct {
	// Template names the template of this workflow to run.
	// +optional
	Template string `json:"template,omitempty"`

	// Inline is a template defined in place instead of referenced. Its schema is not
	// expanded here (templates nest), so its content is checked by decoding only.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:validation:Type=object
	// +kubebuilder:pruning:PreserveUnknownFields
	Inline *Template `json:"inline,omitempty"`

	// Arguments are passed to the called template.
	// +optional
	Arguments Arguments `json:"arguments,omitzero"`

	// TemplateRef calls a template of a (Cluster)WorkflowTemplate.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`

	// WithItems runs the node once per item of this list ({{item}} in arguments).
	// +optional
	WithItems []Item `json:"withItems,omitempty"`

	// WithParam runs the node once per element of the JSON list this expression gives.
	// +optional
	WithParam string `json:"withParam,omitempty"`

	// WithSequence runs the node once per number of a range.
	// +optional
	WithSequence *Sequence `json:"withSequence,omitempty"`

	// When is a condition; the node is skipped when it is false.
	// +optional
	When string `json:"when,omitempty"`

	// ContinueOn lets the workflow (or, in a DAG, the dependent tasks) go on when this node
	// fails or errors.
	// +optional
	ContinueOn *ContinueOn `json:"continueOn,omitempty"`

	// OnExit names a template run after this node, whatever its outcome.
	// Deprecated upstream in favour of hooks.exit, still honoured.
	// +optional
	OnExit string `json:"onExit,omitempty"`

	// Hooks run templates on this node's lifecycle events ("exit", or named hooks with an
	// expression).
	// +optional
	Hooks LifecycleHooks `json:"hooks,omitempty"`
}

// DAGTemplate is a graph of tasks: each task runs once the tasks it depends on have finished
// as required.
type DAGTemplate struct {
	// Target names the tasks to run (space separated); their dependencies run too. Empty
	// runs all tasks.
	// +optional
	Target string `json:"target,omitempty"`

	// Tasks are the nodes of the graph.
	Tasks []DAGTask `json:"tasks"`

	// FailFast, when false, lets the other branches of the DAG finish after a task failed
	// (the default stops scheduling new tasks).
	// +optional
	FailFast *bool `json:"failFast,omitempty"`
}

// DAGTask is one node of a DAG template.
//
// withItems cannot be seen by CEL (its items are free-form JSON), so only withParam and
// withSequence are checked against each other here.
//
// +kubebuilder:validation:XValidation:rule="(has(self.template) ? 1 : 0) + (has(self.templateRef) ? 1 : 0) + (has(self.inline) ? 1 : 0) == 1",message="a DAG task must set exactly one of template, templateRef or inline"
// +kubebuilder:validation:XValidation:rule="!(has(self.depends) && has(self.dependencies))",message="a DAG task may set depends or dependencies, not both"
// +kubebuilder:validation:XValidation:rule="!(has(self.withParam) && has(self.withSequence))",message="a DAG task may set only one of withItems, withParam and withSequence"
type DAGTask struct {
	// Name identifies the task within the DAG (tasks.<name>.outputs..., dependencies).
	Name string `json:"name"`

	TemplateInvocation `json:",inline"`

	// Dependencies are names of tasks that must succeed before this one runs.
	// +optional
	Dependencies []string `json:"dependencies,omitempty"`

	// Depends is a boolean expression over other tasks' results
	// (e.g. "A.Succeeded && (B || C.Failed)").
	// +optional
	Depends string `json:"depends,omitempty"`
}

// ContinueOn says which failures of a step or task do not stop the workflow.
type ContinueOn struct {
	// Error continues when the node errored (e.g. the pod could not run).
	// +optional
	Error bool `json:"error,omitempty"`
	// Failed continues when the node failed (e.g. non-zero exit).
	// +optional
	Failed bool `json:"failed,omitempty"`
}

// Sequence is a numeric range a step or task is expanded over. Each bound may be a number or
// a string (number or template expression).
type Sequence struct {
	// Count is the number of elements (not used together with end).
	// +optional
	Count *intstr.IntOrString `json:"count,omitempty"`
	// Start is the first number (default 0).
	// +optional
	Start *intstr.IntOrString `json:"start,omitempty"`
	// End is the last number, inclusive (not used together with count).
	// +optional
	End *intstr.IntOrString `json:"end,omitempty"`
	// Format is a printf format for each number (e.g. "item-%02d").
	// +optional
	Format string `json:"format,omitempty"`
}

// TemplateRef names a template inside a WorkflowTemplate or ClusterWorkflowTemplate.
type TemplateRef struct {
	// Name of the (Cluster)WorkflowTemplate object.
	// +optional
	Name string `json:"name,omitempty"`
	// Template is the name of the template inside it.
	// +optional
	Template string `json:"template,omitempty"`
	// ClusterScope selects a ClusterWorkflowTemplate. A pointer so an explicit false is kept.
	// +optional
	ClusterScope *bool `json:"clusterScope,omitempty"`
}

// LifecycleEvent names a lifecycle hook: "exit" for the exit handler, any other name for a
// hook triggered by its expression.
type LifecycleEvent string

// LifecycleEventExit is the hook run when the workflow, step or task ends.
const LifecycleEventExit LifecycleEvent = "exit"

// LifecycleHooks maps hook names to hooks.
type LifecycleHooks map[LifecycleEvent]LifecycleHook

// LifecycleHook runs a template when its event happens (or its expression becomes true).
type LifecycleHook struct {
	// Template names the template to run.
	// +optional
	Template string `json:"template,omitempty"`
	// Arguments are passed to the template.
	// +optional
	Arguments Arguments `json:"arguments,omitzero"`
	// TemplateRef calls a template of a (Cluster)WorkflowTemplate instead.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`
	// Expression triggers the hook when it becomes true (not used for "exit").
	// +optional
	Expression string `json:"expression,omitempty"`
}
