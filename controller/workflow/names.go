package workflow

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Labels and annotations shared with upstream Argo, so its tools find Skiff's pods.
const (
	LabelWorkflow       = "workflows.argoproj.io/workflow"
	LabelCompleted      = "workflows.argoproj.io/completed"
	AnnotationNodeName  = "workflows.argoproj.io/node-name"
	AnnotationNodeID    = "workflows.argoproj.io/node-id"
	AnnotationResume    = "workflows.skiff.dev/resume"
	maxPodNameLength    = 63
	mainContainerName   = "main"
	initContainerName   = "skiff-init"
	executorVolumeName  = "skiff-exec"
	executorMountPath   = "/var/run/skiff"
	executorBinaryPath  = executorMountPath + "/skiff-exec"
	executorScriptPath  = executorMountPath + "/script"
	executorImageBinary = "/usr/local/bin/skiff-exec"
	envTemplate         = "SKIFF_TEMPLATE"
	envScript           = "SKIFF_SCRIPT"
)

// nodeHash is upstream's fnv32a hash of a node name, in decimal.
func nodeHash(nodeName string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(nodeName))
	return h.Sum32()
}

// NodeID is upstream's node id: the workflow name for the root node, otherwise the workflow
// name, "-" and the fnv32a hash of the node name.
func NodeID(wfName, nodeName string) string {
	if nodeName == wfName {
		return wfName
	}
	return fmt.Sprintf("%s-%d", wfName, nodeHash(nodeName))
}

// PodName is upstream's v2 pod name: <wf>-<template>-<hash of node name>, or the
// hash-only form <wf>-<hash> when that would be longer than 63 characters.
func PodName(wfName, nodeName, templateName string) string {
	if nodeName == wfName {
		return wfName
	}
	name := fmt.Sprintf("%s-%s-%d", wfName, templateName, nodeHash(nodeName))
	if templateName == "" || len(name) > maxPodNameLength {
		return NodeID(wfName, nodeName)
	}
	return name
}

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
