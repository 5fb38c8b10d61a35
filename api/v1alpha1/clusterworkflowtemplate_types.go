package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ClusterWorkflowTemplate is a WorkflowTemplate visible from every namespace: workflows
// reference it with workflowTemplateRef/templateRef and clusterScope: true.
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster,shortName=clusterwftmpl;cwft,categories=argo;argo-workflows
type ClusterWorkflowTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec is the workflow definition, with the same fields as a Workflow's spec.
	Spec WorkflowSpec `json:"spec"`
}

// ClusterWorkflowTemplateList is a list of ClusterWorkflowTemplates.
// +kubebuilder:object:root=true
type ClusterWorkflowTemplateList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []ClusterWorkflowTemplate `json:"items"`
}

func init() {
	SchemeBuilder.Register(&ClusterWorkflowTemplate{}, &ClusterWorkflowTemplateList{})
}
