package workflow

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Labels and annotations shared with upstream Argo, so its tools find Skiff's pods.
const (
	LabelWorkflow      = v1alpha1.LabelWorkflow
	LabelCompleted     = v1alpha1.LabelCompleted
	AnnotationNodeName = v1alpha1.AnnotationNodeName
	AnnotationNodeID   = v1alpha1.AnnotationNodeID
	AnnotationResume   = v1alpha1.AnnotationResume
)

// stepGroupName, stepName, taskName and loopChildName name nodes as upstream does.
func stepGroupName(parent string, i int) string  { return fmt.Sprintf("%s[%d]", parent, i) }
func stepName(group, step string) string         { return group + "." + step }
func taskName(dag, task string) string           { return dag + "." + task }
func retryAttemptName(node string, i int) string { return fmt.Sprintf("%s(%d)", node, i) }
func loopChildName(node string, i int, item v1alpha1.Item) string {
	return fmt.Sprintf("%s(%d:%s)", node, i, itemDescription(item))
}

// itemDescription renders a loop item as upstream does in node names: strings as they are,
// maps as sorted key:value pairs, anything else as JSON.
func itemDescription(item v1alpha1.Item) string {
	var m map[string]any
	if len(item.Raw) > 0 && item.Raw[0] == '{' && json.Unmarshal(item.Raw, &m) == nil {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s:%v", k, m[k]))
		}
		return strings.Join(parts, ",")
	}
	return item.String()
}
