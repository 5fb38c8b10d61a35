package conformance

import (
	"errors"
	"fmt"
	"github.com/skiff-dev/skiff/test/corpus"
	"os"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	sigsjson "sigs.k8s.io/json"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func newScheme(t testing.TB) *runtime.Scheme {
	t.Helper()
	s := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(s); err != nil {
		t.Fatal(err)
	}
	return s
}

// decodeStrict decodes JSON into the registered Go type of gvk, rejecting unknown and
// duplicate fields and matching names case-sensitively, as kube-apiserver's strict field
// validation does.
func decodeStrict(s *runtime.Scheme, gvk schema.GroupVersionKind, js []byte) (runtime.Object, error) {
	obj, err := s.New(gvk)
	if err != nil {
		return nil, fmt.Errorf("kind %s is not registered in the Skiff scheme", gvk.Kind)
	}
	strict, err := sigsjson.UnmarshalStrict(js, obj, sigsjson.DisallowDuplicateFields, sigsjson.DisallowUnknownFields)
	if err != nil {
		return nil, err
	}
	if len(strict) > 0 {
		return nil, errors.Join(strict...)
	}
	return obj, nil
}

// folderCount is one row of the conformance table.
type folderCount struct {
	files, docs, inScope, decoded, failed, tolerated, outOfScope, noKind, malformed int
}

func TestCorpusDecodesStrictly(t *testing.T) {
	c := loadCorpus(t)
	docs := c.Docs
	s := newScheme(t)
	counts := map[string]*folderCount{}
	outOfScopeKinds := map[string]int{}
	var failures []string
	for _, folder := range c.Folders() {
		c := &folderCount{}
		counts[folder] = c
		files := map[string]bool{}
		for _, d := range docs[folder] {
			files[d.File] = true
			c.docs++
			if why, known := corpus.MalformedUpstream[d.ID()]; known {
				c.malformed++
				if err := checkMalformed(s, d); err != "" {
					failures = append(failures, fmt.Sprintf("%s: listed as malformed upstream (%s) but %s", d.ID(), why, err))
				}
				continue
			}
			if d.Err != nil {
				if corpus.Tolerated(d.File) {
					c.tolerated++
					continue
				}
				if corpus.IsValidFolder(folder) {
					failures = append(failures, fmt.Sprintf("%s: YAML does not parse: %v", d.ID(), d.Err))
				}
				c.failed++
				continue
			}
			if d.GVK.Kind == "" {
				c.noKind++
				continue
			}
			if !d.InScope() {
				c.outOfScope++
				outOfScopeKinds[d.GVK.GroupKind().String()]++
				continue
			}
			c.inScope++
			if d.AssumedVersion {
				fmt.Printf("apiVersion missing, assumed %s: %s\n", v1alpha1.GroupVersion, d.ID())
			}
			if _, err := decodeStrict(s, d.GVK, d.JSON); err != nil {
				if corpus.Tolerated(d.File) {
					c.tolerated++
					fmt.Printf("tolerated (malformed on purpose, for the controllers to survive): %s: %v\n", d.ID(), err)
					continue
				}
				c.failed++
				if corpus.IsValidFolder(folder) {
					failures = append(failures, fmt.Sprintf("%s (%s): %v", d.ID(), d.GVK.Kind, err))
				}
				continue
			}
			c.decoded++
		}
		c.files = len(files)
	}
	printDecodeTable(counts, outOfScopeKinds)
	for folder, reasons := range c.Skipped {
		for reason, n := range reasons {
			fmt.Printf("skipped in %s: %d files (%s)\n", folder, n, reason)
		}
	}
	for _, folder := range c.Folders() {
		for _, d := range docs[folder] {
			if why, ok := corpus.MalformedUpstream[d.ID()]; ok {
				fmt.Printf("malformed upstream: %s: %s\n", d.ID(), why)
			}
		}
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
}

// checkMalformed confirms a document listed as malformed upstream really is: its YAML does
// not parse strictly, or it does not decode. Where lenient YAML still reads it, the Go types
// must take that reading, so a quirk of the file never hides a gap in the types.
func checkMalformed(s *runtime.Scheme, d corpus.Doc) string {
	if d.Err == nil {
		if !d.InScope() {
			return "it is not one of Skiff's kinds"
		}
		if _, err := decodeStrict(s, d.GVK, d.JSON); err == nil {
			return "it parses and decodes: remove it from corpus.MalformedUpstream"
		}
		return ""
	}
	if d.JSON != nil && d.InScope() {
		if _, err := decodeStrict(s, d.GVK, d.JSON); err != nil {
			return "its lenient YAML reading does not decode: " + err.Error()
		}
	}
	return ""
}

func printDecodeTable(counts map[string]*folderCount, outOfScope map[string]int) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FOLDER\tFILES\tDOCS\tIN SCOPE\tDECODED\tFAILED\tTOLERATED\tSKIPPED (OTHER KINDS)\tNO KIND\tMALFORMED UPSTREAM\tDECODED %\t")
	var total folderCount
	names := make([]string, 0, len(counts))
	for f := range counts {
		names = append(names, f)
	}
	sort.Strings(names)
	row := func(name string, c folderCount) {
		pct := "-"
		if n := c.inScope - c.tolerated; n > 0 {
			pct = fmt.Sprintf("%.1f", 100*float64(c.decoded)/float64(n))
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", name, c.files, c.docs, c.inScope, c.decoded, c.failed, c.tolerated, c.outOfScope, c.noKind, c.malformed, pct)
	}
	for _, f := range names {
		c := *counts[f]
		label := f
		if !corpus.IsValidFolder(f) {
			label += " (reject set)"
		} else {
			total.files += c.files
			total.docs += c.docs
			total.inScope += c.inScope
			total.decoded += c.decoded
			total.failed += c.failed
			total.tolerated += c.tolerated
			total.outOfScope += c.outOfScope
			total.noKind += c.noKind
			total.malformed += c.malformed
		}
		row(label, c)
	}
	row("TOTAL (valid sets)", total)
	w.Flush()
	var kinds []string
	for k, n := range outOfScope {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(kinds)
	fmt.Printf("skipped kinds (out of scope): %s\n", strings.Join(kinds, " "))
}
