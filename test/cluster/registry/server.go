// Package registry is the local cluster's OCI distribution registry: go-containerregistry's
// registry with blobs on disk and a journal that keeps manifests across restarts, serving
// as containerd's mirror. A mirror request carries the image's real registry host in the
// `ns` query; the host becomes the first path component of the repository, so images of
// docker.io/library/busybox live at <addr>/docker.io/library/busybox. skiff-cluster runs it
// as its `registry` command.
package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"

	"github.com/skiff-dev/skiff/internal/localcluster"
)

// maxManifest bounds a manifest body read into memory (registries commonly allow 4 MiB).
const maxManifest = 4 << 20

type server struct {
	inner   http.Handler
	journal *journal
	log     *log.Logger
}

// New returns the registry stored in dir and how many manifests it restored from there.
func New(dir string, logger *log.Logger) (http.Handler, int, error) {
	blobs := filepath.Join(dir, "blobs")
	if err := os.MkdirAll(blobs, 0o755); err != nil {
		return nil, 0, err
	}
	inner := ggcrregistry.New(ggcrregistry.WithBlobHandler(ggcrregistry.NewDiskBlobHandler(blobs)), ggcrregistry.Logger(logger))
	j, n, err := openJournal(filepath.Join(dir, "manifests.jsonl"), inner)
	if err != nil {
		return nil, 0, err
	}
	return &server{inner: inner, journal: j, log: logger}, n, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ns := r.URL.Query().Get("ns")
	if ns != "" && strings.HasPrefix(r.URL.Path, "/v2/") && len(r.URL.Path) > len("/v2/") {
		r = r.Clone(r.Context())
		r.URL.Path = "/v2/" + localcluster.MirrorRepository(ns, strings.TrimPrefix(r.URL.Path, "/v2/"))
		r.URL.RawPath = ""
	}
	if !strings.Contains(r.URL.Path, "/manifests/") {
		s.inner.ServeHTTP(w, r)
		return
	}
	switch r.Method {
	case http.MethodPut, http.MethodDelete:
		s.write(w, r)
	default:
		sw := &statusWriter{ResponseWriter: w}
		s.inner.ServeHTTP(sw, r)
		if sw.status == http.StatusNotFound && ns != "" {
			repo, ref, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/v2/"), "/manifests/")
			s.log.Printf("MISS %s:%s is not in the local registry and this cluster may have no internet: import it with `skiff-cluster image import FILE`", repo, ref)
		}
	}
}

// write passes a manifest write or delete to the registry and journals it once it
// succeeded, before answering.
func (s *server) write(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxManifest+1))
	if err != nil {
		http.Error(w, "reading the manifest: "+err.Error(), http.StatusBadRequest)
		return
	}
	if len(body) > maxManifest {
		http.Error(w, fmt.Sprintf("manifest larger than %d bytes", maxManifest), http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	rec := httptest.NewRecorder()
	s.inner.ServeHTTP(rec, r)
	if rec.Code == http.StatusCreated || rec.Code == http.StatusAccepted {
		e := entry{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"), Body: body}
		if r.Method == http.MethodDelete {
			e.ContentType, e.Body = "", nil
		}
		if err := s.journal.record(e); err != nil {
			http.Error(w, "recording the manifest: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Serve runs the registry stored in dir on addr, which must be a loopback address, until
// ctx ends.
func Serve(ctx context.Context, addr, dir string, logger *log.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr %q: the registry has no authentication and must listen on a loopback IP address", addr)
	}
	h, restored, err := New(dir, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Printf("serving the registry in %s on http://%s (%d manifests restored)", dir, addr, restored)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Printf("registry stopped")
	return nil
}
