package workflow

import (
	"encoding/json"
	"sort"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// failedNode is one entry of {{workflow.failures}}, with upstream's field names.
type failedNode struct {
	DisplayName  string       `json:"displayName"`
	Message      string       `json:"message"`
	TemplateName string       `json:"templateName"`
	Phase        string       `json:"phase"`
	PodName      string       `json:"podName"`
	FinishedAt   *metav1.Time `json:"finishedAt"`
}

// failuresJSON is {{workflow.failures}}: every Failed or Error node, as upstream lists them,
// encoded by encoding/json so any message (quotes, control characters, non-ASCII) stays valid
// JSON. Upstream walks its node map, so its order varies from run to run; Skiff lists the
// failures in the order they happened (finishedAt, then node name), the same every time.
func (o *operation) failuresJSON() string {
	var nodes []v1alpha1.NodeStatus
	for _, n := range o.wf.Status.Nodes {
		if n.Phase == v1alpha1.NodeFailed || n.Phase == v1alpha1.NodeError {
			nodes = append(nodes, n)
		}
	}
	sort.Slice(nodes, func(i, j int) bool {
		a, b := nodes[i].FinishedAt, nodes[j].FinishedAt
		switch {
		case a == nil || b == nil:
			if (a == nil) != (b == nil) {
				return b == nil // unfinished last
			}
		case !a.Equal(b):
			return a.Before(b)
		}
		return nodes[i].Name < nodes[j].Name
	})
	out := make([]failedNode, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, failedNode{
			DisplayName: n.DisplayName, Message: n.Message, TemplateName: n.TemplateName, Phase: string(n.Phase),
			PodName: v1alpha1.WorkflowPodName(o.wf.Name, n.Name, n.TemplateName), FinishedAt: n.FinishedAt,
		})
	}
	b, err := json.Marshal(out)
	if err != nil { // strings, a phase and times always encode
		return "[]"
	}
	return string(b)
}
