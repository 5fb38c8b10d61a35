package workflow

import (
	corev1 "k8s.io/api/core/v1"
)

// lastApplied is kubectl's copy of the whole object, which no reconciler reads.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// trimPod is the pod informer's transform: it keeps what the controller reads from a
// workflow pod (metadata, the status, spec.nodeName, container names and resources) and
// drops the rest of the spec (commands, env, volumes, probes), most of a workflow pod's
// size. When the controller starts reading another field of a cached pod, keep it here.
// Pods are never updated from the cache (only created and deleted), so no trimmed copy is
// ever written back.
func trimPod(obj any) (any, error) {
	pod, ok := obj.(*corev1.Pod)
	if !ok {
		return obj, nil
	}
	pod.ManagedFields = nil
	delete(pod.Annotations, lastApplied)
	spec := corev1.PodSpec{NodeName: pod.Spec.NodeName}
	spec.InitContainers = nameAndResources(pod.Spec.InitContainers)
	spec.Containers = nameAndResources(pod.Spec.Containers)
	pod.Spec = spec
	return pod, nil
}

func nameAndResources(cs []corev1.Container) []corev1.Container {
	if cs == nil {
		return nil
	}
	out := make([]corev1.Container, len(cs))
	for i := range cs {
		out[i] = corev1.Container{Name: cs[i].Name, Resources: cs[i].Resources}
	}
	return out
}
