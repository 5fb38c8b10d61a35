package decodeerr

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// found is a value of the document: its JSON path with indexes, and the value to print.
type found struct {
	path  string
	value any
}

// locate finds the value a type error is about. encoding/json gives two clues: Offset, the
// byte after the value (after the opening bracket for an object or array), and Field, the
// dotted path of JSON keys with Go names of embedded structs mixed in and no indexes. The
// value is the innermost one whose bytes hold Offset, if its keys match Field; otherwise
// (a custom UnmarshalJSON reports offsets into its own bytes) the first value whose keys
// match Field and whose JSON type is the one reported, else the first whose keys match.
func locate(data []byte, e *json.UnmarshalTypeError) (found, bool) {
	w := walker{data: data, dec: json.NewDecoder(bytes.NewReader(data)), off: e.Offset, kind: jsonKind(e.Value)}
	if e.Field != "" {
		w.segs = strings.Split(e.Field, ".")
	}
	w.dec.UseNumber()
	if err := w.value(nil, nil); err != nil {
		return found{}, false
	}
	for _, c := range []*found{w.atOffset, w.sameKind, w.first} {
		if c != nil {
			return *c, true
		}
	}
	return found{}, false
}

type walker struct {
	data []byte
	dec  *json.Decoder
	off  int64
	segs []string // Field, split at dots
	kind string   // the JSON type reported: boolean, number, string, array, object, null

	atOffset, sameKind, first *found
}

// value reads one JSON value at path p, whose object keys (without indexes) are keys.
func (w *walker) value(p *field.Path, keys []string) error {
	start := w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	kind, val := scalar(tok)
	if d, ok := tok.(json.Delim); ok {
		start = w.dec.InputOffset() - 1
		if kind, err = w.container(d, p, keys); err != nil {
			return err
		}
	}
	end := w.dec.InputOffset()
	if !w.matches(keys) {
		return nil
	}
	if val == nil && (kind == "object" || kind == "array") {
		val = newExcerpt(w.data[start:end])
	}
	f := &found{path: p.String(), value: val}
	if w.atOffset == nil && start < w.off && w.off <= end {
		w.atOffset = f
	}
	if w.sameKind == nil && kind == w.kind {
		w.sameKind = f
	}
	if w.first == nil {
		w.first = f
	}
	return nil
}

// container reads the members of an object or array whose opening delimiter was read.
func (w *walker) container(d json.Delim, p *field.Path, keys []string) (string, error) {
	if d == '[' {
		for i := 0; w.dec.More(); i++ {
			if err := w.value(p.Index(i), keys); err != nil {
				return "", err
			}
		}
		_, err := w.dec.Token()
		return "array", err
	}
	for w.dec.More() {
		k, err := w.dec.Token()
		if err != nil {
			return "", err
		}
		key, ok := k.(string)
		if !ok {
			return "", errors.New("object key is not a string")
		}
		if err := w.value(p.Child(key), append(keys[:len(keys):len(keys)], key)); err != nil {
			return "", err
		}
	}
	_, err := w.dec.Token()
	return "object", err
}

// matches reports whether keys, the object keys on the way to a value, are Field: the same
// keys in order, ending with Field's last, where Field may have extra segments (the Go
// names of embedded structs, which have no key of their own).
func (w *walker) matches(keys []string) bool {
	if len(w.segs) == 0 {
		return len(keys) == 0
	}
	if len(keys) == 0 || keys[len(keys)-1] != w.segs[len(w.segs)-1] {
		return false
	}
	i := 0
	for _, s := range w.segs {
		if i < len(keys) && keys[i] == s {
			i++
		}
	}
	return i == len(keys)
}

// scalar gives a token's JSON type and the value to print; delimiters return nil.
func scalar(tok json.Token) (string, any) {
	switch v := tok.(type) {
	case bool:
		return "boolean", v
	case json.Number:
		return "number", v
	case string:
		return "string", v
	case nil:
		return "null", nil
	}
	return "", nil
}

// maxExcerpt bounds a printed object or array: the path already says where it is.
const maxExcerpt = 60

// newExcerpt is an object or array value as field errors print it: compact JSON (they
// print a json.RawMessage as is), cut short when long.
func newExcerpt(raw []byte) any {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return cut{string(raw)}
	}
	if b.Len() > maxExcerpt {
		return cut{strings.ToValidUTF8(b.String()[:maxExcerpt], "") + "..."}
	}
	return json.RawMessage(b.Bytes())
}

// cut is JSON cut short: not JSON any more, so it prints through String.
type cut struct{ text string }

func (c cut) String() string { return c.text }

// MarshalJSON fails so that field errors fall back to String.
func (c cut) MarshalJSON() ([]byte, error) { return nil, errors.New("not JSON") }
