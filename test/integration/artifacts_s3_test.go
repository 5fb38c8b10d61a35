//go:build integration

package integration

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/artifacts"
	"github.com/skiff-dev/skiff/test/s3"
)

// The executor's artifact upload and download against a real S3-compatible server
// (versitygw over a temporary directory), as the step pod's containers do it: main packs
// the outputs into the shared volume and wait uploads them (tar+gzip and unarchived
// outputs, an optional output that is missing, the objects as they land in the bucket);
// init stages inputs in the shared volume and main places them.
func TestArtifactsS3(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute) // first run builds the server
	defer cancel()
	srv, err := s3.Start(ctx, t.TempDir(), s3.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	const bucket = "artifacts"
	if err := srv.CreateBucket(ctx, bucket); err != nil {
		t.Fatal(err)
	}
	akSel := &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s3-creds"}, Key: "accessKey"}
	skSel := &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "s3-creds"}, Key: "secretKey"}
	env := map[string]string{stepcontract.SecretEnv(akSel): srv.AccessKey, stepcontract.SecretEnv(skSel): srv.SecretKey}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	loc := func(key string) v1alpha1.ArtifactLocation {
		return v1alpha1.ArtifactLocation{S3: &v1alpha1.S3Artifact{Key: key, S3Bucket: v1alpha1.S3Bucket{
			Endpoint: srv.Endpoint, Bucket: bucket, Insecure: ptr.To(true), AccessKeySecret: akSel, SecretKeySecret: skSel}}}
	}

	// save packs as main does and uploads as wait does.
	save := func(arts []v1alpha1.Artifact, env artifacts.Env) ([]stepcontract.SavedArtifact, []string, []string) {
		dir := t.TempDir()
		packed, notes, errs := artifacts.Pack(arts, dir)
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		saved, uerrs := artifacts.Upload(ctx, arts, packed, root, env)
		return saved, notes, append(errs, uerrs...)
	}
	// load stages as init does and places as main does.
	load := func(arts []v1alpha1.Artifact) ([]string, error) {
		stage := t.TempDir()
		notes, err := artifacts.Stage(ctx, arts, stage, lookup)
		if err != nil {
			return notes, err
		}
		return artifacts.Place(arts, stage)
	}

	work := t.TempDir()
	mustWrite(t, filepath.Join(work, "out", "result.txt"), "hello artifacts\n")
	mustWrite(t, filepath.Join(work, "out", "dir", "a.txt"), "A")
	mustWrite(t, filepath.Join(work, "out", "dir", "sub", "b.txt"), "B")
	// Keys as the controller makes them from the default key format
	// {{workflow.name}}/{{pod.name}} plus <name>.tgz, or the file name with archive none.
	outputs := []v1alpha1.Artifact{
		{Name: "result", Path: filepath.Join(work, "out", "result.txt"), ArtifactLocation: loc("wf-1/wf-1-gen-123/result.tgz")},
		{Name: "tree", Path: filepath.Join(work, "out", "dir"), ArtifactLocation: loc("wf-1/wf-1-gen-123/tree.tgz"),
			Archive: &v1alpha1.ArchiveStrategy{Tar: &v1alpha1.TarStrategy{CompressionLevel: ptr.To[int32](9)}}},
		{Name: "plain", Path: filepath.Join(work, "out", "result.txt"), ArtifactLocation: loc("wf-1/wf-1-gen-123/result.txt"),
			Archive: &v1alpha1.ArchiveStrategy{None: &v1alpha1.NoneStrategy{}}},
		{Name: "maybe", Path: filepath.Join(work, "out", "absent"), Optional: ptr.To(true), ArtifactLocation: loc("wf-1/wf-1-gen-123/maybe.tgz")},
	}
	saved, notes, errs := save(outputs, lookup)
	if len(errs) > 0 {
		t.Fatalf("save errors: %q", errs)
	}
	if len(saved) != 3 || len(notes) != 1 || !strings.Contains(notes[0], `"maybe"`) {
		t.Fatalf("saved = %+v, notes = %q; want 3 saved and a note for the missing optional artifact", saved, notes)
	}

	// The objects in the bucket, read with an independent client.
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for obj := range c.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		keys = append(keys, obj.Key)
	}
	want := "wf-1/wf-1-gen-123/result.tgz wf-1/wf-1-gen-123/result.txt wf-1/wf-1-gen-123/tree.tgz"
	if strings.Join(keys, " ") != want {
		t.Errorf("bucket keys = %v, want %s", keys, want)
	}
	if got := tarEntries(t, c, bucket, "wf-1/wf-1-gen-123/tree.tgz"); got != "dir/ dir/a.txt dir/sub/ dir/sub/b.txt" {
		t.Errorf("tree.tgz entries = %q", got)
	}
	if got := objectText(t, c, bucket, "wf-1/wf-1-gen-123/result.txt"); got != "hello artifacts\n" {
		t.Errorf("result.txt object = %q", got)
	}

	// Download them as another step's inputs: archives unpack to the path, plain files stay.
	in := t.TempDir()
	inputs := []v1alpha1.Artifact{
		{Name: "result", Path: filepath.Join(in, "result.txt"), ArtifactLocation: loc("wf-1/wf-1-gen-123/result.tgz")},
		{Name: "tree", Path: filepath.Join(in, "tree"), ArtifactLocation: loc("wf-1/wf-1-gen-123/tree.tgz"), Mode: ptr.To[int32](0o640)},
		{Name: "plain", Path: filepath.Join(in, "plain.txt"), ArtifactLocation: loc("wf-1/wf-1-gen-123/result.txt")},
		{Name: "maybe", Path: filepath.Join(in, "maybe"), Optional: ptr.To(true), ArtifactLocation: loc("wf-1/wf-1-gen-123/maybe.tgz")},
	}
	notes, err = load(inputs)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 {
		t.Errorf("place notes = %q, want one for the missing optional object", notes)
	}
	for path, want := range map[string]string{
		"result.txt": "hello artifacts\n", "tree/a.txt": "A", "tree/sub/b.txt": "B", "plain.txt": "hello artifacts\n",
	} {
		b, err := os.ReadFile(filepath.Join(in, path))
		if err != nil || string(b) != want {
			t.Errorf("%s = %q (%v), want %q", path, b, err, want)
		}
	}
	if st, err := os.Stat(filepath.Join(in, "tree", "sub", "b.txt")); err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("mode of tree/sub/b.txt = %v (%v), want 0640", st.Mode().Perm(), err)
	}

	// A required object that is missing fails with the artifact's name; wrong credentials too.
	if _, err := load([]v1alpha1.Artifact{{Name: "req", Path: filepath.Join(in, "req"), ArtifactLocation: loc("nope.tgz")}}); err == nil ||
		!strings.Contains(err.Error(), `"req"`) {
		t.Errorf("missing required object: err = %v", err)
	}
	bad := func(k string) (string, bool) { v, ok := lookup(k); return v + "x", ok }
	if _, _, errs := save(outputs[:1], bad); len(errs) != 1 {
		t.Errorf("wrong secret key: errs = %q, want one", errs)
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func objectText(t *testing.T, c *minio.Client, bucket, key string) string {
	t.Helper()
	o, err := c.GetObject(context.Background(), bucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return string(b)
}

func tarEntries(t *testing.T, c *minio.Client, bucket, key string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(objectText(t, c, bucket, key)))
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	tr := tar.NewReader(zr)
	var names []string
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
	return strings.Join(names, " ")
}
