package artifacts

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Pack prepares every output artifact for upload in dir (main, after the user's command,
// also when it failed, as upstream: what it left may explain the failure): a tar.gz of the
// path, or with archive none a copy of the file. A missing path is a note when the
// artifact is optional and an error otherwise; errors do not stop the other artifacts.
func Pack(arts []v1alpha1.Artifact, dir string) (packed []stepcontract.PackedArtifact, notes, errs []string) {
	if len(arts) == 0 {
		return nil, nil, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, []string{fmt.Sprintf("output artifacts: %v", err)}
	}
	for i := range arts {
		a := &arts[i]
		p, err := packOne(a, dir)
		switch {
		case err == nil:
			packed = append(packed, p)
		case os.IsNotExist(err) && a.Optional != nil && *a.Optional:
			notes = append(notes, fmt.Sprintf("optional output artifact %q: %s does not exist", a.Name, a.Path))
		case os.IsNotExist(err):
			errs = append(errs, fmt.Sprintf("output artifact %q: %s does not exist", a.Name, a.Path))
		default:
			errs = append(errs, fmt.Sprintf("output artifact %q: %v", a.Name, err))
		}
	}
	return packed, notes, errs
}

func packOne(a *v1alpha1.Artifact, dir string) (stepcontract.PackedArtifact, error) {
	p := stepcontract.PackedArtifact{Name: a.Name}
	if a.Path == "" {
		return p, fmt.Errorf("path is empty")
	}
	if err := stageName(a); err != nil {
		return p, err
	}
	info, err := os.Stat(a.Path)
	if err != nil {
		return p, err
	}
	if a.Archive != nil && a.Archive.None != nil {
		if !info.Mode().IsRegular() {
			return p, fmt.Errorf("archive none uploads a single file, and %s is a directory", a.Path)
		}
		p.File, p.ContentType = a.Name, "application/octet-stream"
		return p, copyFile(a.Path, filepath.Join(dir, p.File), 0o644)
	}
	if a.Archive != nil && a.Archive.Zip != nil {
		return p, fmt.Errorf("archive zip is not supported by Skiff")
	}
	level := -1
	if a.Archive != nil && a.Archive.Tar != nil && a.Archive.Tar.CompressionLevel != nil {
		level = int(*a.Archive.Tar.CompressionLevel)
	}
	p.File, p.ContentType = a.Name+".tgz", "application/gzip"
	if err := packTarGz(a.Path, filepath.Join(dir, p.File), level); err != nil {
		return p, fmt.Errorf("packing %s: %w", a.Path, err)
	}
	return p, os.Chmod(filepath.Join(dir, p.File), 0o644) // wait may run as another user
}
