package main

import (
	"github.com/spf13/cobra"

	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// NewCmdClusterTemplate returns `kubectl wf cluster-template`: the same verbs as `template`
// (template_*.go) for the cluster-scoped ClusterWorkflowTemplates; -n is ignored.
func NewCmdClusterTemplate(o *cli.Options) *cobra.Command {
	return newTemplateCommand(o, clusterWorkflowTemplateKind, []string{"cwftmpl", "cwft"})
}
