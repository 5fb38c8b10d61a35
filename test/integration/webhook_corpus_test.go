//go:build integration

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/test/corpus"
)

const corpusNS = "webhook-corpus"

// invalidAdmitted lists documents of workflows/invalid that the webhook admits, with why
// (the same two api/validate's conformance suite lists). The test fails when one of them
// is denied, so the list cannot go stale.
var invalidAdmitted = map[string]string{
	"workflows/invalid/validate_test__undefinedTemplateRef.yaml#0":             "templateRef to a WorkflowTemplate that does not exist: Skiff warns (it may be created later) where upstream's unit test denies",
	"workflows/invalid/validate_test__templateRefWithPlaceholderInName.yaml#0": "templateRef to a WorkflowTemplate that does not exist: Skiff warns (it may be created later) where upstream's unit test denies",
}

// validDenied lists valid-folder documents (using only implemented features) that admission
// denies, with why; the test fails when one of them is admitted.
var validDenied = map[string]string{}

func deniedException(id string) (string, bool) {
	why, ok := validDenied[id]
	return why, ok
}

// TestWebhookCorpus: every in-scope document of the valid folders that uses only implemented
// features is admitted by the real API server with the webhook installed (server-side dry
// run, strict field validation), each one that uses an unimplemented feature is denied with
// "not supported by Skiff", and every document of workflows/invalid is denied (by the YAML
// parser, the CRD schema or the webhook).
func TestWebhookCorpus(t *testing.T) {
	ctx := context.Background()
	c, err := corpus.Open()
	if err != nil {
		t.Fatal(err)
	}
	ensureNamespace(t, corpusNS, nil)
	proj := fromYAML(t, defaultProject)
	proj.SetNamespace(corpusNS)
	_ = ucl.Create(ctx, proj)
	created := map[string]bool{}
	// As upstream's tests do, the templates of workflows/unit/validate_test/deps exist first,
	// so templateRefs to them are checked for real.
	for _, d := range c.Docs["workflows/unit/validate_test/deps"] {
		if !d.Usable() || (d.GVK.Kind != "WorkflowTemplate" && d.GVK.Kind != "ClusterWorkflowTemplate") {
			continue
		}
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(d.JSON); err != nil {
			t.Fatal(err)
		}
		if d.GVK.Kind == "WorkflowTemplate" {
			u.SetNamespace(corpusNS)
		}
		if err := ucl.Create(ctx, u); err != nil && !apierrors.IsAlreadyExists(err) {
			t.Fatalf("creating %s: %v", d.ID(), err)
		}
		created[d.ID()] = true
	}

	type count struct{ admitted, deniedUnsupported, denied, notParsed, skipped int }
	counts := map[string]*count{}
	seen := map[string]bool{}
	var failures []string
	type timing struct {
		id string
		d  time.Duration
	}
	var timings []timing
	fail := func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }
	for _, folder := range c.Folders() {
		valid := corpus.IsValidFolder(folder)
		if !valid && folder != "workflows/invalid" {
			continue
		}
		n := &count{}
		counts[folder] = n
		for _, d := range c.Docs[folder] {
			if !d.InScope() {
				continue
			}
			expectUnsupported := false
			if valid {
				if _, reject := c.ExpectedReject(d.File); reject || !d.Usable() {
					n.skipped++
					continue
				}
				if _, refused := corpus.RejectedByKubernetes[d.ID()]; refused {
					n.skipped++
					continue
				}
				obj, err := decodeStrict(d.GVK.Kind, d.JSON)
				if err != nil {
					n.skipped++ // the conformance suite reports it
					continue
				}
				res := validate.Object(ctx, obj, validate.Options{})
				unsupported, other := splitErrs(res.Errors)
				if len(other) > 0 {
					if _, ok := deniedException(d.ID()); !ok {
						// api/validate's conformance suite owns these (lint-mode options, lookups).
						n.skipped++
						continue
					}
				}
				expectUnsupported = len(unsupported) > 0 && len(other) == 0
			} else if d.Err != nil || d.JSON == nil {
				n.notParsed++ // kubectl cannot even send it
				continue
			}
			u := &unstructured.Unstructured{}
			if err := u.UnmarshalJSON(d.JSON); err != nil {
				n.notParsed++
				continue
			}
			if mapping, err := ucl.RESTMapper().RESTMapping(u.GroupVersionKind().GroupKind(), u.GroupVersionKind().Version); err == nil && mapping.Scope.Name() == meta.RESTScopeNameNamespace {
				u.SetNamespace(corpusNS)
			} else {
				u.SetNamespace("")
			}
			if u.GetName() == "" && u.GetGenerateName() == "" {
				u.SetGenerateName("corpus-")
			}
			if created[d.ID()] {
				n.admitted++ // created for real above, through the webhook
				continue
			}
			start := time.Now()
			err := ucl.Create(ctx, u, client.DryRunAll, client.FieldValidation("Strict"))
			timings = append(timings, timing{d.ID(), time.Since(start)})
			switch {
			case err == nil:
				n.admitted++
				if !valid {
					seen[d.ID()] = true
					if _, ok := invalidAdmitted[d.ID()]; !ok {
						fail("%s (%s): invalid document admitted", d.ID(), d.GVK.Kind)
					}
				} else if expectUnsupported {
					fail("%s (%s): uses an unimplemented feature but was admitted", d.ID(), d.GVK.Kind)
				} else if why, ok := deniedException(d.ID()); ok {
					seen[d.ID()] = true
					fail("%s: listed as denied (%s) but admitted: remove the exception", d.ID(), why)
				}
			case strings.Contains(err.Error(), v1alpha1.UnsupportedMessage) && valid:
				n.deniedUnsupported++
				if !expectUnsupported {
					fail("%s (%s): denied as unsupported, which offline validation does not say: %v", d.ID(), d.GVK.Kind, err)
				}
			default:
				n.denied++
				if why, ok := deniedException(d.ID()); ok {
					seen[d.ID()] = true
					t.Logf("exception (denied): %s: %s", d.ID(), why)
				} else if valid {
					fail("%s (%s): valid document denied: %v", d.ID(), d.GVK.Kind, err)
				} else if _, ok := invalidAdmitted[d.ID()]; ok {
					seen[d.ID()] = true
					fail("%s: listed as admitted but denied: remove the exception (%v)", d.ID(), err)
				}
			}
		}
	}
	for id := range invalidAdmitted {
		if !seen[id] {
			fail("stale exception %s: the document is gone", id)
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FOLDER (through the webhook)\tADMITTED\tDENIED-UNSUPPORTED\tDENIED\tNOT PARSED\tSKIPPED\t")
	var names []string
	for f := range counts {
		names = append(names, f)
	}
	sort.Strings(names)
	var tot count
	for _, f := range names {
		n := counts[f]
		label := f
		if !corpus.IsValidFolder(f) {
			label += " (reject set)"
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t\n", label, n.admitted, n.deniedUnsupported, n.denied, n.notParsed, n.skipped)
		tot.admitted += n.admitted
		tot.deniedUnsupported += n.deniedUnsupported
		tot.denied += n.denied
		tot.notParsed += n.notParsed
		tot.skipped += n.skipped
	}
	fmt.Fprintf(w, "TOTAL\t%d\t%d\t%d\t%d\t%d\t\n", tot.admitted, tot.deniedUnsupported, tot.denied, tot.notParsed, tot.skipped)
	w.Flush()
	sort.Slice(timings, func(i, j int) bool { return timings[i].d < timings[j].d })
	if len(timings) > 0 {
		fmt.Printf("requests: %d, p50 %v, p99 %v, slowest %s (%v)\n", len(timings), timings[len(timings)/2].d, timings[len(timings)*99/100].d, timings[len(timings)-1].id, timings[len(timings)-1].d)
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
}

func decodeStrict(kind string, data []byte) (runtime.Object, error) {
	obj, err := skiffScheme.New(v1alpha1.GroupVersion.WithKind(kind))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return obj, dec.Decode(obj)
}

func splitErrs(errs field.ErrorList) (unsupported, other field.ErrorList) {
	for _, e := range errs {
		if strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) {
			unsupported = append(unsupported, e)
		} else {
			other = append(other, e)
		}
	}
	return unsupported, other
}
