//go:build integration

package integration

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/test/corpus"
)

// TestCRDsServerSideApply: `kubectl apply --server-side --dry-run=server -f manifests/crds/`,
// through the API, for every generated CRD, and each one is Established.
func TestCRDsServerSideApply(t *testing.T) {
	ctx := context.Background()
	repo, _ := corpus.RepoRoot()
	files, err := filepath.Glob(filepath.Join(repo, "manifests", "crds", "*.yaml"))
	if err != nil || len(files) != len(corpus.InScopeKinds) {
		t.Fatalf("want %d CRD files, found %d (%v)", len(corpus.InScopeKinds), len(files), err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		u := &unstructured.Unstructured{}
		if err := sigsyaml.Unmarshal(data, &u.Object); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		u.SetManagedFields(nil)
		if err := cl.Patch(ctx, u, client.Apply, client.FieldOwner("skiff-test"), client.ForceOwnership, client.DryRunAll); err != nil {
			t.Errorf("server-side apply (dry run) of %s: %v", filepath.Base(f), err)
			continue
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := cl.Get(ctx, client.ObjectKey{Name: u.GetName()}, &crd); err != nil {
			t.Errorf("%s: %v", u.GetName(), err)
			continue
		}
		established := false
		for _, c := range crd.Status.Conditions {
			if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
				established = true
			}
		}
		if !established {
			t.Errorf("CRD %s is not Established", crd.Name)
		}
	}
	fmt.Printf("CRDs: %d applied server-side (dry run) and Established\n", len(files))
}

// TestCorpusServerDryRun: every in-scope document of the valid folders is admitted by a real
// kube-apiserver with strict field validation (`kubectl apply --dry-run=server`).
func TestCorpusServerDryRun(t *testing.T) {
	ctx := context.Background()
	c, err := corpus.Open()
	if err != nil {
		t.Fatal(err)
	}
	const ns = "corpus"
	if err := cl.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}); err != nil && !apierrors.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	type count struct{ admitted, rejected int }
	counts := map[string]*count{}
	var failures []string
	for _, folder := range c.Folders() {
		if !corpus.IsValidFolder(folder) {
			continue
		}
		n := &count{}
		counts[folder] = n
		for _, d := range c.Docs[folder] {
			if !d.Usable() {
				continue
			}
			if _, reject := c.ExpectedReject(d.File); reject {
				continue
			}
			if _, refused := corpus.RejectedByKubernetes[d.ID()]; refused {
				continue
			}
			u := &unstructured.Unstructured{}
			if err := u.UnmarshalJSON(d.JSON); err != nil {
				t.Fatalf("%s: %v", d.ID(), err)
			}
			// Documents name namespaces of their own (argo, default, ...); the dry run
			// puts every namespaced one into the test namespace.
			if mapping, err := cl.RESTMapper().RESTMapping(u.GroupVersionKind().GroupKind(), u.GroupVersionKind().Version); err == nil && mapping.Scope.Name() == meta.RESTScopeNameNamespace {
				u.SetNamespace(ns)
			} else {
				u.SetNamespace("")
			}
			if u.GetName() == "" && u.GetGenerateName() == "" {
				u.SetGenerateName("corpus-")
			}
			err := cl.Create(ctx, u, client.DryRunAll, client.FieldValidation("Strict"))
			if err != nil {
				n.rejected++
				failures = append(failures, fmt.Sprintf("%s (%s): %v", d.ID(), d.GVK.Kind, err))
				continue
			}
			n.admitted++
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FOLDER\tADMITTED (server dry run)\tREJECTED\t")
	var names []string
	for f := range counts {
		names = append(names, f)
	}
	sort.Strings(names)
	var total count
	for _, f := range names {
		fmt.Fprintf(w, "%s\t%d\t%d\t\n", f, counts[f].admitted, counts[f].rejected)
		total.admitted += counts[f].admitted
		total.rejected += counts[f].rejected
	}
	fmt.Fprintf(w, "TOTAL\t%d\t%d\t\n", total.admitted, total.rejected)
	w.Flush()
	if total.admitted == 0 {
		t.Fatal("no document was admitted")
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(strings.TrimSpace(f))
	}
}
