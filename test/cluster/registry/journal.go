package registry

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
)

// The registry library keeps manifests in memory only (blobs go to disk). A journal of
// manifest writes, replayed at start, makes pushed and imported images survive a restart
// of the registry with the cluster.

// entry is one manifest write or delete, as it reached the registry.
type entry struct {
	Method      string `json:"method"` // PUT or DELETE
	Path        string `json:"path"`   // /v2/<repo>/manifests/<tag or digest>
	ContentType string `json:"contentType,omitempty"`
	Body        []byte `json:"body,omitempty"`
}

type journal struct {
	mu   sync.Mutex
	path string
}

// openJournal replays the journal at path into h, then rewrites it without superseded
// entries. A torn last line (a registry killed mid-write) is dropped.
func openJournal(path string, h http.Handler) (*journal, int, error) {
	entries, err := readJournal(path)
	if err != nil {
		return nil, 0, err
	}
	entries = compact(entries)
	for _, e := range entries {
		req := httptest.NewRequest(e.Method, e.Path, bytes.NewReader(e.Body))
		if e.ContentType != "" {
			req.Header.Set("Content-Type", e.ContentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 300 {
			return nil, 0, fmt.Errorf("replaying %s %s from %s: %d %s", e.Method, e.Path, path, rec.Code, rec.Body.String())
		}
	}
	var buf bytes.Buffer
	for _, e := range entries {
		line, err := json.Marshal(e)
		if err != nil {
			return nil, 0, err
		}
		buf.Write(append(line, '\n'))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, 0, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return nil, 0, err
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, 0, err
	}
	return &journal{path: path}, len(entries), nil
}

func readJournal(path string) ([]entry, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var entries []entry
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var e entry
		if json.Unmarshal(sc.Bytes(), &e) != nil || (e.Method != http.MethodPut && e.Method != http.MethodDelete) {
			continue // a torn write of a killed registry
		}
		entries = append(entries, e)
	}
	return entries, sc.Err()
}

// compact keeps the last write of each path, in write order, and drops deleted paths, so
// an index still follows the manifests it lists.
func compact(entries []entry) []entry {
	last := map[string]int{}
	for i, e := range entries {
		last[e.Path] = i
	}
	var out []entry
	for i, e := range entries {
		if last[e.Path] == i && e.Method == http.MethodPut {
			out = append(out, e)
		}
	}
	return out
}

// record appends e and syncs it to disk before the client hears of success.
func (j *journal) record(e entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	f, err := os.OpenFile(j.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
