package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
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
