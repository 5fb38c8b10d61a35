package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Stage fetches the input artifacts into dir/<name> (init, which holds the credentials).
// Main places them (Place): it may run as any user, so every staged file is made readable
// by all, and the artifact's mode is left for main to apply at its path.
func Stage(ctx context.Context, arts []v1alpha1.Artifact, dir string, env Env) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	staged := make([]v1alpha1.Artifact, 0, len(arts))
	for i := range arts {
		a := arts[i].DeepCopy()
		if err := stageName(a); err != nil {
			return nil, err
		}
		a.Path, a.Mode = filepath.Join(dir, a.Name), nil
		staged = append(staged, *a)
	}
	notes, err := Load(ctx, staged, env)
	if err != nil {
		return notes, err
	}
	return notes, openToAll(dir)
}

// stageName refuses an artifact without a path, or whose name is not one file name.
func stageName(a *v1alpha1.Artifact) error {
	if a.Path == "" {
		return fmt.Errorf("input artifact %q: path is empty", a.Name)
	}
	if a.Name == "" || a.Name == "." || a.Name == ".." || strings.ContainsAny(a.Name, `/\`) {
		return fmt.Errorf("input artifact %q: the name must be a plain file name", a.Name)
	}
	return nil
}

// openToAll makes every file under dir readable (and executables executable) by any user.
func openToAll(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := info.Mode().Perm() | 0o444
		if d.IsDir() || mode&0o111 != 0 {
			mode |= 0o555
		}
		return os.Chmod(p, mode)
	})
}

// Place copies the input artifacts init staged in dir to their paths and applies their
// modes (main, before the user's command). A missing one is a note when it is optional
// (init found it absent or unbound) and an error otherwise.
func Place(arts []v1alpha1.Artifact, dir string) ([]string, error) {
	var notes []string
	for i := range arts {
		a := &arts[i]
		if err := stageName(a); err != nil {
			return notes, err
		}
		src := filepath.Join(dir, a.Name)
		if _, err := os.Lstat(src); errors.Is(err, fs.ErrNotExist) {
			if a.Optional != nil && *a.Optional {
				notes = append(notes, fmt.Sprintf("optional input artifact %q was not supplied or not found", a.Name))
				continue
			}
			return notes, fmt.Errorf("input artifact %q was not fetched by the init container", a.Name)
		}
		if err := os.RemoveAll(a.Path); err != nil {
			return notes, fmt.Errorf("input artifact %q: %w", a.Name, err)
		}
		if err := copyTree(src, a.Path); err != nil {
			return notes, fmt.Errorf("input artifact %q: placing it at %s: %w", a.Name, a.Path, err)
		}
		if a.Mode != nil {
			if err := chmodAll(a.Path, fs.FileMode(*a.Mode).Perm()); err != nil {
				return notes, fmt.Errorf("input artifact %q: mode: %w", a.Name, err)
			}
		}
	}
	return notes, nil
}

// copyTree copies the file, directory or symlink src to dst, keeping permission bits (a
// rename cannot cross from the shared volume to the container's own file system).
func copyTree(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.IsDir():
			return os.MkdirAll(target, info.Mode().Perm()|0o700)
		}
		return copyFile(p, target, info.Mode().Perm())
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(dst, mode) // the umask may have narrowed it
	}
	return err
}
