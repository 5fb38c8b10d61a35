package artifacts

import (
	"context"
	"fmt"
	"os"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Upload sends what main packed (files in outputs, opened through an os.Root so that a
// symlink the user's command left there cannot make wait read its own files) to the
// locations the template's output artifacts were bound to (wait, which holds the
// credentials). Only artifacts the template declares are uploaded; errors do not stop the
// others.
func Upload(ctx context.Context, decl []v1alpha1.Artifact, packed []stepcontract.PackedArtifact, outputs *os.Root, env Env) (saved []stepcontract.SavedArtifact, errs []string) {
	for _, p := range packed {
		key, err := uploadOne(ctx, decl, p, outputs, env)
		if err != nil {
			errs = append(errs, fmt.Sprintf("output artifact %q: %v", p.Name, err))
			continue
		}
		saved = append(saved, stepcontract.SavedArtifact{Name: p.Name, Key: key})
	}
	return saved, errs
}

func uploadOne(ctx context.Context, decl []v1alpha1.Artifact, p stepcontract.PackedArtifact, outputs *os.Root, env Env) (string, error) {
	var a *v1alpha1.Artifact
	for i := range decl {
		if decl[i].Name == p.Name {
			a = &decl[i]
		}
	}
	if a == nil {
		return "", fmt.Errorf("the template declares no such output artifact")
	}
	if a.S3 == nil || a.S3.Key == "" {
		return "", fmt.Errorf("no s3 location: the controller did not bind one")
	}
	info, err := outputs.Lstat(p.File)
	if err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("%s in the shared volume is not a regular file", p.File)
	}
	f, err := outputs.Open(p.File)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return a.S3.Key, putObject(ctx, a.S3, env, f, info.Size(), p.ContentType)
}
