package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// WorkflowTemplate is a reusable, namespaced workflow definition. Workflows run it whole
// (spec.workflowTemplateRef) or call single templates from it (templateRef); it is never run
// by itself and has no status.
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Namespaced,shortName=wftmpl,categories=argo;argo-workflows
type WorkflowTemplate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`

	// Spec is the workflow definition, with the same fields as a Workflow's spec.
	Spec WorkflowSpec `json:"spec"`
}

// WorkflowTemplateList is a list of WorkflowTemplates.
// +kubebuilder:object:root=true
type WorkflowTemplateList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata"`
	Items           []WorkflowTemplate `json:"items"`
}

func init() {
	SchemeBuilder.Register(&WorkflowTemplate{}, &WorkflowTemplateList{})
}
