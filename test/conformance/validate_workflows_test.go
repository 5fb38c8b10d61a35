package conformance

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/test/corpus"
)

// invalidAccepted lists documents of the Workflow reject folders that Skiff's validation
// admits, with why. The test fails when one of them is denied, so the list cannot go stale.
var invalidAccepted = map[string]string{
	"workflows/invalid/validate_test__undefinedTemplateRef.yaml#0":             "templateRef to a WorkflowTemplate that does not exist: Skiff warns (it may be created later) where upstream's unit test denies",
	"workflows/invalid/validate_test__templateRefWithPlaceholderInName.yaml#0": "templateRef to a WorkflowTemplate that does not exist: Skiff warns (it may be created later) where upstream's unit test denies",
}

// argumentsAtSubmit lists valid documents whose spec.arguments values upstream's e2e suite
// supplies at submission (-p): they are validated as `argo lint` does (Options.Lint).
var argumentsAtSubmit = map[string]string{
	"workflows/e2e/testdata/parameters-workflow.yaml#0": "spec.arguments.parameters[0] (message) has no value: the e2e suite submits it with a value",
}

// workflowKinds are the kinds this test validates.
var workflowKinds = map[string]bool{"Workflow": true, "WorkflowTemplate": true, "ClusterWorkflowTemplate": true, "CronWorkflow": true}

// validateCount is one row of the validation table.
type validateCount struct{ docs, accepted, unsupported, denied, expectedReject, decodeFailed int }

func TestValidateWorkflowCorpus(t *testing.T) {
	c := loadCorpus(t)
	s := newScheme(t)
	lookup := corpusTemplates(t, c, s)
	ctx := context.Background()
	counts := map[string]*validateCount{}
	features := map[string]int{}
	seenExceptions := map[string]bool{}
	var folders []string
	for _, folder := range c.Folders() {
		if !strings.HasPrefix(folder, "workflows/") {
			continue
		}
		folders = append(folders, folder)
		n := &validateCount{}
		counts[folder] = n
		valid := corpus.IsValidFolder(folder)
		for _, d := range c.Docs[folder] {
			if !workflowKinds[d.GVK.Kind] || !d.InScope() {
				continue
			}
			if valid && !d.Usable() {
				continue
			}
			n.docs++
			var obj runtime.Object
			var err error
			if d.Err != nil || d.JSON == nil {
				err = fmt.Errorf("YAML: %v", d.Err)
			} else {
				obj, err = decodeStrict(s, d.GVK, d.JSON)
			}
			if err != nil {
				n.decodeFailed++
				if valid {
					t.Errorf("%s: does not decode: %v", d.ID(), err)
				}
				continue
			}
			opts := validate.Options{Lookup: lookup.preferring(folder)}
			if folder == "workflows/unit/validate_test/lint-mode" || c.Expectations[d.File].Stage == "validate-lint" || argumentsAtSubmit[d.ID()] != "" {
				opts.Lint = true
			}
			res := validate.Object(ctx, obj, opts)
			other, unsupported := splitUnsupported(res.Errors)
			_, expectReject := c.ExpectedReject(d.File)
			switch {
			case len(other) > 0:
				n.denied++
				if !valid {
					t.Logf("denied as upstream does: %s: %s", d.ID(), truncate(other[0].Error(), 220))
				}
				if valid && !expectReject {
					t.Errorf("%s (%s): valid document denied:\n  %s", d.ID(), d.GVK.Kind, joinErrs(other))
				}
				if valid && expectReject {
					n.expectedReject++
				}
			case len(unsupported) > 0:
				n.unsupported++
				for _, e := range unsupported {
					features[featureOf(e)]++
				}
				if valid && expectReject {
					t.Errorf("%s: upstream rejects it (EXPECTATIONS.tsv) but Skiff denies it only for unsupported features", d.ID())
				}
			default:
				n.accepted++
				if !valid || expectReject {
					why, listed := invalidAccepted[d.ID()]
					seenExceptions[d.ID()] = true
					if !listed {
						t.Errorf("%s (%s): invalid document accepted (warnings: %s)", d.ID(), d.GVK.Kind, strings.Join(res.Warnings, "; "))
					} else {
						fmt.Printf("exception (accepted although upstream rejects it): %s: %s\n", d.ID(), why)
					}
				}
			}
		}
	}
	for id, why := range invalidAccepted {
		if !seenExceptions[id] && corpus.Selected(id) {
			t.Errorf("stale exception %s (%s): the document is now denied, or gone; remove it from invalidAccepted", id, why)
		}
	}
	printValidateTable(folders, counts, features)
}

// splitUnsupported separates "not supported by Skiff" errors from the others.
func splitUnsupported(errs field.ErrorList) (other, unsupported field.ErrorList) {
	for _, e := range errs {
		if strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) {
			unsupported = append(unsupported, e)
		} else {
			other = append(other, e)
		}
	}
	return other, unsupported
}

var indexRE = regexp.MustCompile(`\[[^\]]*\]`)

// featureOf names an unsupported feature by its path without indices.
func featureOf(e *field.Error) string { return indexRE.ReplaceAllString(e.Field, "[]") }

func joinErrs(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n  ")
}

func printValidateTable(folders []string, counts map[string]*validateCount, features map[string]int) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FOLDER\tDOCUMENTS\tACCEPTED\tDENIED-UNSUPPORTED\tDENIED\t(OF WHICH EXPECTED)\tNOT DECODED\t")
	for _, f := range folders {
		n := counts[f]
		label := f
		if !corpus.IsValidFolder(f) {
			label += " (reject set)"
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", label, n.docs, n.accepted, n.unsupported, n.denied, n.expectedReject, n.decodeFailed)
	}
	w.Flush()
	var names []string
	for f := range features {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		fmt.Printf("denied as not supported by Skiff: %s: %d\n", f, features[f])
	}
}

// templateStore is an in-memory Lookup of the corpus's (Cluster)WorkflowTemplates, as
// upstream's tests create workflows/unit/validate_test/deps before validating. Fixtures name
// no namespace consistently, so namespaces are ignored; a name defined in several folders
// resolves to the one of the referring document's folder first.
type templateStore struct {
	byName map[string][]storedTemplate
	prefer string
}

type storedTemplate struct {
	folder string
	obj    runtime.Object
}

func corpusTemplates(t *testing.T, c *corpus.Corpus, s *runtime.Scheme) *templateStore {
	st := &templateStore{byName: map[string][]storedTemplate{}}
	for _, folder := range c.Folders() {
		if !strings.HasPrefix(folder, "workflows/") || !corpus.IsValidFolder(folder) {
			continue
		}
		for _, d := range c.Docs[folder] {
			if !d.Usable() || (d.GVK.Kind != "WorkflowTemplate" && d.GVK.Kind != "ClusterWorkflowTemplate") {
				continue
			}
			obj, err := decodeStrict(s, d.GVK, d.JSON)
			if err != nil {
				continue // reported by TestCorpusDecodesStrictly
			}
			name := obj.(interface{ GetName() string }).GetName()
			key := d.GVK.Kind + "/" + name
			st.byName[key] = append(st.byName[key], storedTemplate{folder: folder, obj: obj})
		}
	}
	return st
}

func (st *templateStore) preferring(folder string) *templateStore {
	return &templateStore{byName: st.byName, prefer: folder}
}

func (st *templateStore) Get(_ context.Context, _, name string, obj runtime.Object) error {
	var kind string
	switch obj.(type) {
	case *v1alpha1.WorkflowTemplate:
		kind = "WorkflowTemplate"
	case *v1alpha1.ClusterWorkflowTemplate:
		kind = "ClusterWorkflowTemplate"
	default:
		return fmt.Errorf("the corpus lookup holds no %T", obj)
	}
	cands := st.byName[kind+"/"+name]
	if len(cands) == 0 {
		return apierrors.NewNotFound(schema.GroupResource{Group: v1alpha1.GroupVersion.Group, Resource: strings.ToLower(kind) + "s"}, name)
	}
	pick := cands[0]
	for _, c := range cands {
		if c.folder == st.prefer {
			pick = c
			break
		}
	}
	switch o := obj.(type) {
	case *v1alpha1.WorkflowTemplate:
		pick.obj.(*v1alpha1.WorkflowTemplate).DeepCopyInto(o)
	case *v1alpha1.ClusterWorkflowTemplate:
		pick.obj.(*v1alpha1.ClusterWorkflowTemplate).DeepCopyInto(o)
	}
	return nil
}
