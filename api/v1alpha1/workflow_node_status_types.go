package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// NodeStatus is the state of one node of a workflow run. Nodes form a graph: a steps or DAG
// node has children (step groups, tasks, retries, pods...), and boundaryID points back to
// the enclosing steps/DAG node.
type NodeStatus struct {
	// ID uniquely identifies the node within the workflow (also the key in status.nodes).
	ID string `json:"id"`

	// Name is the node's full path name, e.g. "my-wf.step1(0)".
	Name string `json:"name"`

	// DisplayName is the short name shown in the UI, e.g. "step1(0)".
	// +optional
	DisplayName string `json:"displayName,omitempty"`

	// Type is the kind of node.
	Type NodeType `json:"type"`

	// TemplateName is the template the node runs, when it was given by name.
	// +optional
	TemplateName string `json:"templateName,omitempty"`

	// TemplateRef is the template the node runs, when it came from a (Cluster)WorkflowTemplate.
	// +optional
	TemplateRef *TemplateRef `json:"templateRef,omitempty"`

	// TemplateScope says where the template was looked up: "local/" or
	// "namespaced/<name>" / "cluster/<name>".
	// +optional
	TemplateScope string `json:"templateScope,omitempty"`

	// Phase is where the node is in its lifecycle.
	// +optional
	Phase NodePhase `json:"phase,omitempty"`

	// BoundaryID is the ID of the steps/DAG node this node belongs to.
	// +optional
	BoundaryID string `json:"boundaryID,omitempty"`

	// Message explains the phase (e.g. an exit code or an error).
	// +optional
	Message string `json:"message,omitempty"`

	// StartedAt is when the node started.
	// +nullable
	// +optional
	StartedAt *metav1.Time `json:"startedAt,omitempty"`

	// FinishedAt is when the node reached a final phase.
	// +nullable
	// +optional
	FinishedAt *metav1.Time `json:"finishedAt,omitempty"`

	// EstimatedDuration is the expected run time in seconds.
	// +optional
	EstimatedDuration int64 `json:"estimatedDuration,omitempty"`

	// Progress is "done/total" over the pod nodes below this one.
	// +optional
	Progress Progress `json:"progress,omitempty"`

	// ResourcesDuration estimates the node's resource use in resource-seconds.
	// +optional
	ResourcesDuration ResourcesDuration `json:"resourcesDuration,omitempty"`

	// PodIP is the IP of a daemoned pod node, so other steps can reach it.
	// +optional
	PodIP string `json:"podIP,omitempty"`

	// Daemoned is true while the node's daemon pod is running.
	// +optional
	Daemoned *bool `json:"daemoned,omitempty"`

	// NodeFlag marks hook and retry nodes.
	// +optional
	NodeFlag *NodeFlag `json:"nodeFlag,omitempty"`

	// Inputs are the resolved inputs the node ran with.
	// +optional
	Inputs *Inputs `json:"inputs,omitempty"`

	// Outputs are what the node produced.
	// +optional
	Outputs *Outputs `json:"outputs,omitempty"`

	// Children are the IDs of the nodes this one started.
	// +optional
	Children []string `json:"children,omitempty"`

	// OutboundNodes are the IDs of the last nodes of a steps/DAG node, used to connect the
	// graph to whatever follows it.
	// +optional
	OutboundNodes []string `json:"outboundNodes,omitempty"`

	// HostNodeName is the Kubernetes node the pod ran on.
	// +optional
	HostNodeName string `json:"hostNodeName,omitempty"`

	// MemoizationStatus says whether the node's outputs came from a memoization cache.
	// +optional
	MemoizationStatus *MemoizationStatus `json:"memoizationStatus,omitempty"`

	// SynchronizationStatus names the lock the node is waiting for.
	// +optional
	SynchronizationStatus *NodeSynchronizationStatus `json:"synchronizationStatus,omitempty"`

	// FailedPodRestarts counts how often the node's pod was recreated after it failed for an
	// infrastructure reason before it started.
	// +optional
	FailedPodRestarts int32 `json:"failedPodRestarts,omitempty"`

	// RestartingPodUID is the UID of the pod being replaced, so one failure is restarted once.
	// +optional
	RestartingPodUID string `json:"restartingPodUID,omitempty"`

	// TaskResultSynced is true once the pod's task result has been read into Outputs.
	// +optional
	TaskResultSynced *bool `json:"taskResultSynced,omitempty"`
}

// NodeType is the kind of a workflow node.
// +kubebuilder:validation:Enum=Pod;Container;Steps;StepGroup;DAG;TaskGroup;Retry;Skipped;Suspend;HTTP;Plugin
type NodeType string

// Node types.
const (
	NodeTypePod       NodeType = "Pod"       // a container/script/resource template's pod
	NodeTypeContainer NodeType = "Container" // one container of a containerSet
	NodeTypeSteps     NodeType = "Steps"
	NodeTypeStepGroup NodeType = "StepGroup" // one parallel group of a steps template
	NodeTypeDAG       NodeType = "DAG"
	NodeTypeTaskGroup NodeType = "TaskGroup" // the expansion of a looped DAG task
	NodeTypeRetry     NodeType = "Retry"     // parent of the attempts of a retried node
	NodeTypeSkipped   NodeType = "Skipped"   // a step whose when was false
	NodeTypeSuspend   NodeType = "Suspend"
	NodeTypeHTTP      NodeType = "HTTP"   // an http template run by the agent
	NodeTypePlugin    NodeType = "Plugin" // an executor-plugin template
)

// NodePhase is the lifecycle phase of a node.
// +kubebuilder:validation:Enum="";Pending;Running;Succeeded;Skipped;Failed;Error;Omitted
type NodePhase string

// Node phases.
const (
	NodePending   NodePhase = "Pending"
	NodeRunning   NodePhase = "Running"
	NodeSucceeded NodePhase = "Succeeded"
	NodeSkipped   NodePhase = "Skipped" // when was false
	NodeFailed    NodePhase = "Failed"
	NodeError     NodePhase = "Error"
	NodeOmitted   NodePhase = "Omitted" // a DAG task that never ran because of depends logic
)

// Fulfilled reports whether the phase is final.
func (p NodePhase) Fulfilled() bool {
	switch p {
	case NodeSucceeded, NodeSkipped, NodeFailed, NodeError, NodeOmitted:
		return true
	}
	return false
}

// NodeFlag marks nodes with special roles.
type NodeFlag struct {
	// Hooked is true for a node started by a lifecycle hook.
	// +optional
	Hooked bool `json:"hooked,omitempty"`

	// Retried is true for an attempt of a retried node.
	// +optional
	Retried bool `json:"retried,omitempty"`
}

// MemoizationStatus says whether a memoized node's outputs were taken from the cache.
type MemoizationStatus struct {
	// Hit is true when the cache had an entry and the node did not run.
	Hit bool `json:"hit"`

	// Key is the cache key that was looked up.
	Key string `json:"key"`

	// CacheName is the ConfigMap holding the cache.
	CacheName string `json:"cacheName"`
}

// NodeSynchronizationStatus names the lock a node waits for.
type NodeSynchronizationStatus struct {
	// Waiting is the key of the mutex or semaphore the node waits for.
	// +optional
	Waiting string `json:"waiting,omitempty"`
}
