package main

import (
	"time"

	"github.com/spf13/cobra"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// AnnotationResume asks the controller to continue suspended nodes (suspend templates);
// its value is the time of the request.
const AnnotationResume = wfv1.AnnotationResume

// NewCmdResume returns `kubectl wf resume`: spec.suspend cleared and the resume annotation
// set to now, so suspend nodes continue too.
func NewCmdResume(o *cli.Options) *cobra.Command {
	return newPatchCmd(o, "resume", "Resume suspended Workflows and their suspended steps", "resumed", func() map[string]any {
		return map[string]any{
			"metadata": map[string]any{"annotations": map[string]any{AnnotationResume: o.Now().UTC().Format(time.RFC3339)}},
			"spec":     map[string]any{"suspend": nil},
		}
	})
}
