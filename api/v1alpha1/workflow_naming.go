package v1alpha1

import (
	"fmt"
	"hash/fnv"
)

// maxPodNameLength is the longest pod name that is also a valid label value.
const maxPodNameLength = 63

// WorkflowNodeID is upstream's id of a node in status.nodes: the workflow name for the root
// node, otherwise the workflow name, "-" and the fnv32a hash of the node name in decimal.
// The controller writes these ids and tools (kubectl wf, Argo's UI) read them.
func WorkflowNodeID(wfName, nodeName string) string {
	if nodeName == wfName {
		return wfName
	}
	return fmt.Sprintf("%s-%d", wfName, nodeNameHash(nodeName))
}

// WorkflowPodName is upstream's v2 name of a Pod node's pod: <wf>-<template>-<hash of the
// node name>, or the node id when that would be longer than 63 characters.
func WorkflowPodName(wfName, nodeName, templateName string) string {
	if nodeName == wfName {
		return wfName
	}
	name := fmt.Sprintf("%s-%s-%d", wfName, templateName, nodeNameHash(nodeName))
	if templateName == "" || len(name) > maxPodNameLength {
		return WorkflowNodeID(wfName, nodeName)
	}
	return name
}

func nodeNameHash(nodeName string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(nodeName))
	return h.Sum32()
}
