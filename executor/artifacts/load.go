package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Load places every input artifact at its path before the command runs. An artifact with no
// location is one the controller left unbound because it is optional; an optional artifact
// whose object is missing is skipped too. It returns notes on what was skipped.
func Load(ctx context.Context, arts []v1alpha1.Artifact, env Env) ([]string, error) {
	var notes []string
	for i := range arts {
		a := &arts[i]
		optional := a.Optional != nil && *a.Optional
		if a.Path == "" {
			return notes, fmt.Errorf("input artifact %q: path is empty", a.Name)
		}
		if !hasLocation(a) {
			if optional {
				notes = append(notes, fmt.Sprintf("optional input artifact %q was not supplied", a.Name))
				continue
			}
			return notes, fmt.Errorf("input artifact %q has no location", a.Name)
		}
		err := loadOne(ctx, a, env)
		if errors.Is(err, errNotFound) && optional {
			notes = append(notes, fmt.Sprintf("optional input artifact %q not found: %v", a.Name, err))
			continue
		}
		if err != nil {
			return notes, fmt.Errorf("input artifact %q: %w", a.Name, err)
		}
		if a.Mode != nil {
			if err := chmodAll(a.Path, fs.FileMode(*a.Mode).Perm()); err != nil {
				return notes, fmt.Errorf("input artifact %q: mode: %w", a.Name, err)
			}
		}
	}
	return notes, nil
}

func hasLocation(a *v1alpha1.Artifact) bool {
	return a.S3 != nil || a.Raw != nil || a.HTTP != nil
}

func loadOne(ctx context.Context, a *v1alpha1.Artifact, env Env) error {
	if err := os.MkdirAll(filepath.Dir(a.Path), 0o755); err != nil {
		return err
	}
	if a.Raw != nil {
		return os.WriteFile(a.Path, []byte(a.Raw.Data), 0o644)
	}
	// Download next to the destination, then unpack or rename into place.
	tmp, err := os.CreateTemp(filepath.Dir(a.Path), ".skiff-artifact-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	_ = tmp.Close()
	defer os.Remove(tmpName)
	switch {
	case a.S3 != nil:
		err = getObject(ctx, a.S3, env, tmpName)
	case a.HTTP != nil:
		err = getHTTP(ctx, a.HTTP, tmpName)
	}
	if err != nil {
		return err
	}
	if !isTarGz(tmpName) {
		if err := os.RemoveAll(a.Path); err != nil {
			return err
		}
		if err := os.Rename(tmpName, a.Path); err != nil {
			return err
		}
		return os.Chmod(a.Path, 0o644) // CreateTemp makes it 0600
	}
	dir, err := os.MkdirTemp(filepath.Dir(a.Path), ".skiff-unpack-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := unpackTarGz(tmpName, dir); err != nil {
		return err
	}
	return placeUnpacked(dir, a.Path)
}

// getHTTP downloads url (with the artifact's headers) into dst; 404 is errNotFound.
func getHTTP(ctx context.Context, h *v1alpha1.HTTPArtifact, dst string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, h.URL, nil)
	if err != nil {
		return fmt.Errorf("http.url: %w", err)
	}
	for _, hd := range h.Headers {
		req.Header.Add(hd.Name, hd.Value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("downloading %s: %w", h.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%s: %w", h.URL, errNotFound)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("downloading %s: %s", h.URL, resp.Status)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// chmodAll gives path (and, for a directory, every file under it) the mode.
func chmodAll(path string, mode fs.FileMode) error {
	return filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		if d.IsDir() {
			return os.Chmod(p, mode|0o700) // the directory must stay traversable
		}
		return os.Chmod(p, mode)
	})
}
