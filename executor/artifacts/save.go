package artifacts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Saved is one output artifact that was uploaded: the controller records it, with the
// location it chose, in the node's outputs.
type Saved struct {
	Name string `json:"name"`
	// Key is the object key it was uploaded to.
	Key string `json:"key"`
}

// Save uploads every output artifact. A missing path is skipped (with a note) when the
// artifact is optional and an error otherwise; errors do not stop the other uploads.
func Save(ctx context.Context, arts []v1alpha1.Artifact, env Env) (saved []Saved, notes []string, errs []string) {
	for i := range arts {
		a := &arts[i]
		key, err := saveOne(ctx, a, env)
		switch {
		case err == nil:
			saved = append(saved, Saved{Name: a.Name, Key: key})
		case os.IsNotExist(err) && a.Optional != nil && *a.Optional:
			notes = append(notes, fmt.Sprintf("optional output artifact %q: %s does not exist", a.Name, a.Path))
		case os.IsNotExist(err):
			errs = append(errs, fmt.Sprintf("output artifact %q: %s does not exist", a.Name, a.Path))
		default:
			errs = append(errs, fmt.Sprintf("output artifact %q: %v", a.Name, err))
		}
	}
	return saved, notes, errs
}

func saveOne(ctx context.Context, a *v1alpha1.Artifact, env Env) (string, error) {
	if a.Path == "" {
		return "", fmt.Errorf("path is empty")
	}
	info, err := os.Stat(a.Path)
	if err != nil {
		return "", err
	}
	if a.S3 == nil || a.S3.Key == "" {
		return "", fmt.Errorf("no s3 location: the controller did not bind one")
	}
	if a.Archive != nil && a.Archive.None != nil {
		if !info.Mode().IsRegular() {
			return "", fmt.Errorf("archive none uploads a single file, and %s is a directory", a.Path)
		}
		return a.S3.Key, putObject(ctx, a.S3, env, a.Path, "application/octet-stream")
	}
	if a.Archive != nil && a.Archive.Zip != nil {
		return "", fmt.Errorf("archive zip is not supported by Skiff")
	}
	level := -1
	if a.Archive != nil && a.Archive.Tar != nil && a.Archive.Tar.CompressionLevel != nil {
		level = int(*a.Archive.Tar.CompressionLevel)
	}
	dir, err := os.MkdirTemp("", "skiff-artifact-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	archive := filepath.Join(dir, a.Name+".tgz")
	if err := packTarGz(a.Path, archive, level); err != nil {
		return "", fmt.Errorf("packing %s: %w", a.Path, err)
	}
	return a.S3.Key, putObject(ctx, a.S3, env, archive, "application/gzip")
}
