package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"k8s.io/apimachinery/pkg/api/resource"
)

// generic decodes JSON keeping numbers exact.
func generic(js []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// diffJSON lists where enc differs from orig: fields lost or changed, and fields added that
// carry a value. Explicit nulls and empty objects or lists may disappear, and the encoder may
// add nulls and empty objects (e.g. metadata.creationTimestamp): neither changes meaning.
func diffJSON(path string, orig, enc any) []string {
	if isEmpty(orig) && isEmpty(enc) {
		return nil
	}
	switch o := orig.(type) {
	case map[string]any:
		e, ok := enc.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object became %s", path, describe(enc))}
		}
		var out []string
		for _, k := range sortedKeys(o, e) {
			out = append(out, diffJSON(path+"."+k, o[k], e[k])...)
		}
		return out
	case []any:
		e, ok := enc.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: list became %s", path, describe(enc))}
		}
		if len(o) != len(e) {
			return []string{fmt.Sprintf("%s: list of %d became a list of %d", path, len(o), len(e))}
		}
		var out []string
		for i := range o {
			out = append(out, diffJSON(fmt.Sprintf("%s[%d]", path, i), o[i], e[i])...)
		}
		return out
	case nil:
		return []string{fmt.Sprintf("%s: added %s", path, describe(enc))}
	default:
		if enc == nil {
			return []string{fmt.Sprintf("%s: lost %s", path, describe(orig))}
		}
		if !sameScalar(orig, enc) {
			return []string{fmt.Sprintf("%s: %s became %s", path, describe(orig), describe(enc))}
		}
		return nil
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		for _, e := range x {
			if !isEmpty(e) {
				return false
			}
		}
		return true
	case []any:
		return len(x) == 0
	}
	return false
}

// sameScalar compares leaves. Two spellings of one quantity ("0.5" and "500m") are equal, and
// so is a number or bool re-encoded as its string form (upstream's AnyString does that).
func sameScalar(a, b any) bool {
	if fmt.Sprint(a) == fmt.Sprint(b) {
		if _, isStr := b.(string); isStr {
			return true
		}
		_, aStr := a.(string)
		return !aStr
	}
	as, aok := a.(string)
	bs, bok := b.(string)
	if an, ok := a.(json.Number); ok {
		as, aok = an.String(), true
	}
	if bn, ok := b.(json.Number); ok {
		bs, bok = bn.String(), true
	}
	if aok && bok {
		qa, errA := resource.ParseQuantity(as)
		qb, errB := resource.ParseQuantity(bs)
		return errA == nil && errB == nil && qa.Cmp(qb) == 0
	}
	return false
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprintf("%v (%T)", x, x)
	}
}

func sortedKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
