package conformance

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
)

// TestCorpusRoundTrip decodes each in-scope document, encodes it again and checks that the
// encoding says what the original said (no field lost, changed or invented), and that decoding
// the encoding gives the same object.
func TestCorpusRoundTrip(t *testing.T) {
	c := loadCorpus(t)
	s := newScheme(t)
	var failures []string
	checked := 0
	for _, d := range c.ValidDocs() {
		obj, err := decodeStrict(s, d.GVK, d.JSON)
		if err != nil {
			continue // reported by TestCorpusDecodesStrictly
		}
		checked++
		enc, err := json.Marshal(obj)
		if err != nil {
			failures = append(failures, fmt.Sprintf("%s: encode: %v", d.ID(), err))
			continue
		}
		orig, err := generic(d.JSON)
		if err != nil {
			t.Fatal(err)
		}
		again, err := generic(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, diff := range diffJSON("", orig, again) {
			failures = append(failures, fmt.Sprintf("%s (%s): %s", d.ID(), d.GVK.Kind, diff))
		}
		obj2, err := decodeStrict(s, d.GVK, enc)
		if err != nil {
			failures = append(failures, fmt.Sprintf("%s: the encoding does not decode: %v", d.ID(), err))
			continue
		}
		if !equality.Semantic.DeepEqual(obj, obj2) {
			failures = append(failures, fmt.Sprintf("%s: decode → encode → decode is not stable", d.ID()))
		}
	}
	fmt.Printf("round trip: %d documents checked, %d differences\n", checked, len(failures))
	if checked == 0 {
		t.Fatal("no document was round-tripped")
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
}
