package run

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Install copies this program's own binary to dest atomically (a temporary file in dest's
// directory, renamed over dest) with mode 0755, creating dest's directory when needed.
func Install(dest string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding the executor's own binary: %w", err)
	}
	return CopyExecutable(self, dest)
}

// CopyExecutable copies src to dest atomically with mode 0755.
func CopyExecutable(src, dest string) (err error) {
	if dest == "" {
		return fmt.Errorf("no destination given")
	}
	if st, err := os.Stat(dest); err == nil && st.IsDir() {
		return fmt.Errorf("destination %s is a directory (give the file path, e.g. %s)", dest, filepath.Join(dest, "skiff-exec"))
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("reading the executor's binary: %w", err)
	}
	defer in.Close()
	dir := filepath.Dir(dest)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating a temporary file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.Copy(tmp, in); err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, tmp.Name(), err)
	}
	if err := tmp.Chmod(0o755); err != nil {
		return fmt.Errorf("making %s executable: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return fmt.Errorf("installing %s: %w", dest, err)
	}
	return nil
}

// WriteScript writes a script template's source to path with mode 0755, atomically.
func WriteScript(path, source string) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing the script: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := io.WriteString(tmp, source); err != nil {
		return fmt.Errorf("writing the script to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o755); err != nil {
		return fmt.Errorf("making the script executable: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing the script: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the script to %s: %w", path, err)
	}
	return nil
}
