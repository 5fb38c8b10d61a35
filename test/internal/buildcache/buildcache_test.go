package buildcache

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestLockExcludesUntilUnlocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".build.lock")
	unlock, err := Lock(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to the open file, so a second open in this process still contends.
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock while held: err %v, want deadline exceeded", err)
	}
	unlock()
	again, err := Lock(context.Background(), path)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	again()
}

func TestIsExecutable(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{write("bin", "x", 0o755), true},
		{write("empty", "", 0o755), false},
		{write("data", "x", 0o644), false},
		{dir, false},
		{filepath.Join(dir, "missing"), false},
	} {
		if got := IsExecutable(tc.path); got != tc.want {
			t.Errorf("IsExecutable(%s) = %v, want %v", tc.path, got, tc.want)
		}
	}
}
