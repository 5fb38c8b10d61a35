package containerimage

import (
	"archive/tar"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func TestBuildAndWriteTarball(t *testing.T) {
	img, err := Build([]File{
		{Path: "usr/bin/tool", Mode: 0o755, Data: []byte("#!/bin/sh\n")},
		{Path: "bin/sh", Link: "/usr/bin/tool"},
	}, Spec{Entrypoint: []string{"/usr/bin/tool"}})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "img.tar")
	const ref = "skiff.local/test:1.0"
	if err := WriteTarball(file, ref, img); err != nil {
		t.Fatal(err)
	}
	tag, _ := name.NewTag(ref)
	back, err := tarball.ImageFromPath(file, &tag)
	if err != nil {
		t.Fatalf("reading the tarball back: %v", err)
	}
	cf, err := back.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cf.OS != "linux" || cf.Architecture != runtime.GOARCH || !slices.Equal(cf.Config.Entrypoint, []string{"/usr/bin/tool"}) {
		t.Fatalf("config: os %q arch %q entrypoint %q", cf.OS, cf.Architecture, cf.Config.Entrypoint)
	}
	layers, err := back.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("layers: %d, %v", len(layers), err)
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var names []string
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
	// Parent directories come before their entries.
	want := []string{"usr/", "usr/bin/", "usr/bin/tool", "bin/", "bin/sh"}
	if !slices.Equal(names, want) {
		t.Fatalf("layer entries %q, want %q", names, want)
	}
}

func TestBadReference(t *testing.T) {
	img, err := Build(nil, Spec{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTarball(filepath.Join(t.TempDir(), "x.tar"), "UPPER CASE:!", img); err == nil {
		t.Fatal("want an error for an invalid reference")
	}
}
