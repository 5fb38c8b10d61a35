package registry

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

// start serves the registry stored in dir; the returned func stops it.
func start(t *testing.T, dir string, logs *bytes.Buffer) (string, int, func()) {
	t.Helper()
	h, restored, err := New(dir, log.New(logs, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	return strings.TrimPrefix(srv.URL, "http://"), restored, srv.Close
}

// TestMirrorSurvivesRestart pushes an image as skiff-cluster does, pulls it the way
// containerd asks a mirror (repository without the host, host in ?ns=), restarts the
// registry on the same directory and pulls it again.
func TestMirrorSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	addr, restored, stop := start(t, dir, &logs)
	if restored != 0 {
		t.Fatalf("a fresh registry restored %d manifests", restored)
	}
	img, err := containerimage.Build([]containerimage.File{{Path: "hello.txt", Mode: 0o644, Data: []byte("hi")}}, containerimage.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := img.Digest()
	target, err := name.NewTag(addr + "/docker.io/library/hello:latest")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(target, img); err != nil {
		t.Fatal(err)
	}
	mirrorGet := func(addr, repo, ref string) (int, string) {
		resp, err := http.Get("http://" + addr + "/v2/" + repo + "/manifests/" + ref + "?ns=docker.io")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, resp.Header.Get("Docker-Content-Digest")
	}
	if code, d := mirrorGet(addr, "library/hello", "latest"); code != 200 || d != want.String() {
		t.Fatalf("mirror GET library/hello:latest?ns=docker.io: %d %s, want 200 %s", code, d, want)
	}
	if code, _ := mirrorGet(addr, "library/nginx", "latest"); code != 404 {
		t.Fatalf("mirror GET of a missing image: %d, want 404", code)
	}
	if !strings.Contains(logs.String(), "MISS docker.io/library/nginx:latest is not in the local registry") {
		t.Errorf("no MISS line for the missing image in the log:\n%s", logs.String())
	}
	stop()

	// A registry killed mid-write leaves a torn last line: it must not stop the restart.
	f, err := os.OpenFile(filepath.Join(dir, "manifests.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString(`{"method":"PUT","path":"/v2/docker.io/lib`)
	f.Close()

	addr2, restored, stop2 := start(t, dir, &logs)
	defer stop2()
	if restored != 1 {
		t.Errorf("restored %d manifests, want 1", restored)
	}
	if code, d := mirrorGet(addr2, "library/hello", "latest"); code != 200 || d != want.String() {
		t.Fatalf("after restart: %d %s, want 200 %s", code, d, want)
	}
	target2, _ := name.NewTag(addr2 + "/docker.io/library/hello:latest")
	got, err := remote.Image(target2)
	if err != nil {
		t.Fatal(err)
	}
	layers, err := got.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("layers: %v %v", layers, err)
	}
	rc, err := layers[0].Compressed()
	if err != nil {
		t.Fatalf("the layer blob did not survive the restart: %v", err)
	}
	n, _ := io.Copy(io.Discard, rc)
	rc.Close()
	t.Logf("after restart: %s -> %s, layer %d bytes from disk", target2, want, n)
}

// TestDeleteIsJournaled deletes a tag and checks it stays deleted after a restart.
func TestDeleteIsJournaled(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	addr, _, stop := start(t, dir, &logs)
	img, err := containerimage.Build(nil, containerimage.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	target, _ := name.NewTag(addr + "/example.com/app:v1")
	if err := remote.Write(target, img); err != nil {
		t.Fatal(err)
	}
	if err := remote.Delete(target); err != nil {
		t.Fatal(err)
	}
	stop()
	addr2, restored, stop2 := start(t, dir, &logs)
	defer stop2()
	if restored != 0 {
		t.Errorf("restored %d manifests after the delete, want 0", restored)
	}
	target2, _ := name.NewTag(addr2 + "/example.com/app:v1")
	if _, err := remote.Head(target2); err == nil {
		t.Error("the deleted tag came back after a restart")
	}
}

func TestServeRefusesNonLoopback(t *testing.T) {
	err := Serve(t.Context(), "0.0.0.0:0", t.TempDir(), log.New(io.Discard, "", 0))
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("want a loopback error, got %v", err)
	}
}
