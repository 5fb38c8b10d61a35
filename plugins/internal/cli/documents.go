package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Document is one YAML or JSON document of an input file.
type Document struct {
	Source string // file name, "-" for stdin
	Index  int
	Raw    []byte
}

// ReadDocuments reads the documents of files, directories (recursively, *.yaml, *.yml and
// *.json) and "-" (stdin), in argument order, directories in lexical order.
func ReadDocuments(args []string, stdin io.Reader) ([]Document, error) {
	var out []Document
	for _, arg := range args {
		if arg == "-" {
			data, err := io.ReadAll(stdin)
			if err != nil {
				return nil, err
			}
			docs, err := splitDocuments("-", data)
			if err != nil {
				return nil, err
			}
			out = append(out, docs...)
			continue
		}
		files, err := expand(arg)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			docs, err := splitDocuments(f, data)
			if err != nil {
				return nil, err
			}
			out = append(out, docs...)
		}
	}
	return out, nil
}

func expand(arg string) ([]string, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{arg}, nil
	}
	var files []string
	err = filepath.WalkDir(arg, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json":
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func splitDocuments(source string, data []byte) ([]Document, error) {
	var out []Document
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		raw, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		if isBlank(raw) {
			continue
		}
		out = append(out, Document{Source: source, Index: len(out), Raw: raw})
	}
}

func isBlank(raw []byte) bool {
	for _, l := range bytes.Split(raw, []byte("\n")) {
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '#' && string(t) != "---" {
			return false
		}
	}
	return true
}

// ErrNotSkiff marks a document of a kind Skiff does not serve.
var ErrNotSkiff = errors.New("not a Skiff kind")

// DecodeStrict converts a document to a typed Skiff object. YAML duplicate keys, unknown
// fields (named by their path) and wrongly typed values are errors; a document of another
// group or kind returns ErrNotSkiff with the kind it names.
func DecodeStrict(scheme *runtime.Scheme, raw []byte) (runtime.Object, schema.GroupVersionKind, error) {
	data, err := sigsyaml.YAMLToJSONStrict(raw)
	if err != nil {
		return nil, schema.GroupVersionKind{}, err
	}
	var tm runtime.TypeMeta
	if err := json.Unmarshal(data, &tm); err != nil {
		return nil, schema.GroupVersionKind{}, err
	}
	gvk := schema.FromAPIVersionAndKind(tm.APIVersion, tm.Kind)
	if gvk.Group != v1alpha1.GroupVersion.Group || gvk.Version != v1alpha1.GroupVersion.Version {
		return nil, gvk, ErrNotSkiff
	}
	obj, err := scheme.New(gvk)
	if err != nil {
		return nil, gvk, ErrNotSkiff
	}
	strict, err := sigsjson.UnmarshalStrict(data, obj, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, gvk, err
	}
	if len(strict) > 0 {
		msgs := make([]string, len(strict))
		for i, e := range strict {
			msgs[i] = e.Error()
		}
		return nil, gvk, errors.New(strings.Join(msgs, "; "))
	}
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	return obj, gvk, nil
}
