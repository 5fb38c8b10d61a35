package run

import (
	"context"
	"time"

	"github.com/skiff-dev/skiff/executor/artifacts"
)

// artifactTimeout bounds loading or saving a step's artifacts, so an unreachable store
// fails the step instead of hanging it.
const artifactTimeout = 10 * time.Minute

// loadInputs places the template's input artifacts before the command starts.
func loadInputs(o Options) ([]string, error) {
	if o.Template == nil || len(o.Template.Inputs.Artifacts) == 0 {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), artifactTimeout)
	defer cancel()
	return artifacts.Load(ctx, o.Template.Inputs.Artifacts, o.Env)
}

// saveOutputs uploads the template's output artifacts after the command exited (also when
// it failed, as upstream does: what it left may explain the failure).
func saveOutputs(o Options) ([]artifacts.Saved, []string, []string) {
	if o.Template == nil || len(o.Template.Outputs.Artifacts) == 0 {
		return nil, nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), artifactTimeout)
	defer cancel()
	return artifacts.Save(ctx, o.Template.Outputs.Artifacts, o.Env)
}
