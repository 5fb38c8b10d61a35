package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/skiff-dev/skiff/test/corpus"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdvalidation "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	sigsyaml "sigs.k8s.io/yaml"
)

const (
	// etcdObjectLimit is etcd's default request size: a larger CRD cannot be stored.
	etcdObjectLimit = 1536 * 1024
	// annotationLimit bounds all annotations of an object; client-side apply stores the whole
	// object in one, so larger CRDs need `kubectl apply --server-side`.
	annotationLimit = 256 * 1024
)

// crdSchema is what kube-apiserver builds from one CRD version to admit custom resources.
type crdSchema struct {
	name       string
	bytes      int
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator
	namespaced bool
}

// loadCRDs reads manifests/crds and validates each CRD as kube-apiserver would on create.
func loadCRDs(t testing.TB) map[schema.GroupKind]*crdSchema {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "manifests", "crds")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CRDs in %s (run make manifests): %v", dir, err)
	}
	out := map[schema.GroupKind]*crdSchema{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := sigsyaml.UnmarshalStrict(data, &crd); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		js, _ := json.Marshal(&crd)
		apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(&crd)
		var internal apiextensions.CustomResourceDefinition
		if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(&crd, &internal, nil); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		internal.Status.StoredVersions = []string{"v1alpha1"}
		if errs := crdvalidation.ValidateCustomResourceDefinition(context.Background(), &internal); len(errs) > 0 {
			t.Errorf("%s is rejected by kube-apiserver's CRD validation:\n%s", filepath.Base(f), errs.ToAggregate())
			continue
		}
		// The internal form hoists a schema shared by all versions to spec.validation.
		validation := internal.Spec.Validation
		if validation == nil && len(internal.Spec.Versions) == 1 {
			validation = internal.Spec.Versions[0].Schema
		}
		if validation == nil || validation.OpenAPIV3Schema == nil {
			t.Fatalf("%s: want one version with a schema", f)
		}
		props := validation.OpenAPIV3Schema
		s, err := structuralschema.NewStructural(props)
		if err != nil {
			t.Fatalf("%s: not structural: %v", f, err)
		}
		if errs := structuralschema.ValidateStructural(nil, s); len(errs) > 0 {
			t.Fatalf("%s: not structural: %v", f, errs.ToAggregate())
		}
		if dups := duplicateRules(props, "openAPIV3Schema"); len(dups) > 0 {
			t.Errorf("%s: the same CEL rule appears twice (server-side apply refuses the CRD): %s", filepath.Base(f), strings.Join(dups, "; "))
		}
		v, _, err := apiservervalidation.NewSchemaValidator(props)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		gk := schema.GroupKind{Group: internal.Spec.Group, Kind: internal.Spec.Names.Kind}
		out[gk] = &crdSchema{
			name:       internal.Name,
			bytes:      len(js),
			structural: s,
			validator:  v,
			cel:        cel.NewValidator(s, true, celconfig.PerCallLimit),
			namespaced: internal.Spec.Scope == apiextensions.NamespaceScoped,
		}
	}
	return out
}

// duplicateRules finds schema nodes listing one x-kubernetes-validations rule twice: the CRD
// installs with a plain create, but server-side apply treats the list as a map keyed by rule.
func duplicateRules(s *apiextensions.JSONSchemaProps, path string) []string {
	if s == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range s.XValidations {
		if seen[r.Rule] {
			out = append(out, path+": "+truncate(r.Rule, 60))
		}
		seen[r.Rule] = true
	}
	for name, p := range s.Properties {
		out = append(out, duplicateRules(&p, path+"."+name)...)
	}
	if s.Items != nil {
		out = append(out, duplicateRules(s.Items.Schema, path+"[]")...)
	}
	if s.AdditionalProperties != nil {
		out = append(out, duplicateRules(s.AdditionalProperties.Schema, path+"{}")...)
	}
	return out
}

// admit runs the create-time checks kube-apiserver applies to a custom resource: unknown
// fields (strict field validation), defaulting, ObjectMeta of embedded resources, the OpenAPI
// schema, list-type uniqueness and CEL rules.
func (c *crdSchema) admit(js []byte) field.ErrorList {
	// kube-apiserver decodes integers as int64, which CEL rules on integer fields need.
	var obj map[string]any
	if err := utiljson.Unmarshal(js, &obj); err != nil {
		return field.ErrorList{field.Invalid(nil, "", err.Error())}
	}
	var errs field.ErrorList
	errs = append(errs, c.validateMetadata(obj)...)
	unknown := pruning.PruneWithOptions(obj, c.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, p := range unknown {
		errs = append(errs, field.Forbidden(field.NewPath(p), "unknown field"))
	}
	structuraldefaulting.Default(obj, c.structural)
	errs = append(errs, objectmeta.Validate(context.Background(), nil, obj, c.structural, true)...)
	errs = append(errs, apiservervalidation.ValidateCustomResource(nil, obj, c.validator)...)
	errs = append(errs, listtype.ValidateListSetsAndMaps(nil, c.structural, obj)...)
	celErrs, _ := c.cel.Validate(context.Background(), nil, c.structural, obj, nil, celconfig.RuntimeCELCostBudget)
	return append(errs, celErrs...)
}

// validateMetadata checks the object's own metadata as kube-apiserver does for every kind
// (names, labels, annotations). Documents name namespaces of their own, so a namespaced
// object is checked as if created in a test namespace, and a cluster-scoped one without one.
func (c *crdSchema) validateMetadata(obj map[string]any) field.ErrorList {
	raw, ok := obj["metadata"].(map[string]any)
	if !ok {
		return field.ErrorList{field.Required(field.NewPath("metadata"), "")}
	}
	js, err := json.Marshal(raw)
	if err != nil {
		return field.ErrorList{field.Invalid(field.NewPath("metadata"), "", err.Error())}
	}
	var meta metav1.ObjectMeta
	if err := json.Unmarshal(js, &meta); err != nil {
		return field.ErrorList{field.Invalid(field.NewPath("metadata"), "", err.Error())}
	}
	if meta.Name == "" && meta.GenerateName == "" {
		meta.GenerateName = "corpus-" // upstream's e2e suites name such objects when they create them
	}
	if meta.Name == "" {
		meta.Name = meta.GenerateName + "x7k2q" // kube-apiserver appends a random suffix before validating
	}
	meta.Namespace = ""
	if c.namespaced {
		meta.Namespace = "corpus"
	}
	return apimachineryvalidation.ValidateObjectMeta(&meta, c.namespaced, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata"))
}

// TestCRDsInstall checks every generated CRD the way kube-apiserver does on create (schema
// structure, CEL compilation and cost budget) and prints their sizes.
func TestCRDsInstall(t *testing.T) {
	crds := loadCRDs(t)
	var names []string
	byName := map[string]*crdSchema{}
	for _, c := range crds {
		names = append(names, c.name)
		byName[c.name] = c
	}
	sort.Strings(names)
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "CRD\tBYTES (JSON)\tAPPLY\t")
	for _, n := range names {
		c := byName[n]
		apply := "client-side or server-side"
		if c.bytes > annotationLimit {
			apply = "server-side only"
		}
		if c.bytes > etcdObjectLimit {
			apply = "TOO LARGE"
			t.Errorf("CRD %s is %d bytes, over etcd's %d-byte object limit", n, c.bytes, etcdObjectLimit)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t\n", n, c.bytes, apply)
	}
	w.Flush()
	for _, k := range corpus.InScopeKinds {
		if _, ok := crds[schema.GroupKind{Group: "argoproj.io", Kind: k}]; !ok && selectedKind(k) {
			t.Errorf("no CRD for kind %s in manifests/crds", k)
		}
	}
}

// selectedKind is false for kinds outside SKIFF_ONLY's families (a helper's partial copy).
func selectedKind(kind string) bool {
	if os.Getenv("SKIFF_ONLY") == "" {
		return true
	}
	family := map[string]string{
		"Application": "gitops", "AppProject": "gitops",
		"Workflow": "workflows", "WorkflowTemplate": "workflows", "ClusterWorkflowTemplate": "workflows", "CronWorkflow": "workflows",
		"Rollout": "rollouts", "AnalysisTemplate": "rollouts", "ClusterAnalysisTemplate": "rollouts", "AnalysisRun": "rollouts", "Experiment": "rollouts",
		"EventSource": "events", "Sensor": "events", "EventBus": "events",
	}[kind]
	return corpus.Selected(family)
}

// TestCorpusAdmittedByCRDs: every in-scope document of the valid folders passes the CRDs as
// `kubectl apply --dry-run=server --validate=strict` would.
func TestCorpusAdmittedByCRDs(t *testing.T) {
	c := loadCorpus(t)
	crds := loadCRDs(t)
	var failures []string
	admitted := 0
	for _, d := range c.ValidDocs() {
		if exp, ok := c.ExpectedReject(d.File); ok {
			if crd, found := crds[d.GVK.GroupKind()]; found && len(crd.admit(d.JSON)) == 0 {
				fmt.Printf("%s: upstream rejects it at %q (%s); Skiff's CRD admits it, leaving it to that stage\n", d.ID(), exp.Stage, exp.Message)
			}
			continue
		}
		crd, ok := crds[d.GVK.GroupKind()]
		if !ok {
			failures = append(failures, fmt.Sprintf("%s: no CRD for %s", d.ID(), d.GVK.Kind))
			continue
		}
		errs := crd.admit(d.JSON)
		if why, ok := corpus.RejectedByKubernetes[d.ID()]; ok {
			if len(errs) == 0 {
				failures = append(failures, fmt.Sprintf("%s: listed as refused by Kubernetes (%s) but admitted: remove it from corpus.RejectedByKubernetes", d.ID(), why))
			} else {
				fmt.Printf("refused by Kubernetes as upstream's would be: %s: %s\n", d.ID(), why)
			}
			continue
		}
		if len(errs) > 0 {
			failures = append(failures, fmt.Sprintf("%s (%s): %s", d.ID(), d.GVK.Kind, errs.ToAggregate()))
			continue
		}
		admitted++
	}
	fmt.Printf("CRD schemas: %d documents admitted, %d rejected\n", admitted, len(failures))
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
}

// TestCorpusSchemaRejects: the documents upstream rejects at the YAML or schema stage
// (EXPECTATIONS.tsv) are rejected by strict decoding or by the CRDs. The other reject
// fixtures are semantic (api/validate's job) and are only counted here.
func TestCorpusSchemaRejects(t *testing.T) {
	c := loadCorpus(t)
	docs := c.Docs
	crds := loadCRDs(t)
	s := newScheme(t)
	rejected, semantic := 0, 0
	for _, folder := range corpus.RejectFolders {
		for _, d := range docs[folder] {
			exp, ok := c.Expectations[d.File]
			if !ok {
				t.Errorf("%s: no row in EXPECTATIONS.tsv", d.File)
				continue
			}
			schemaStage := strings.HasPrefix(exp.Stage, "schema") || exp.Stage == "yaml" || strings.Contains(exp.Stage, "strict-decode")
			var why string
			switch {
			case d.Err != nil:
				why = "YAML: " + d.Err.Error()
			case !d.InScope():
				continue
			case !s.Recognizes(d.GVK):
				t.Errorf("%s: kind %s is not registered in the Skiff scheme", d.ID(), d.GVK.Kind)
				continue
			default:
				if _, err := decodeStrict(s, d.GVK, d.JSON); err != nil {
					why = "decode: " + err.Error()
				} else if c, ok := crds[d.GVK.GroupKind()]; ok {
					if errs := c.admit(d.JSON); len(errs) > 0 {
						why = "CRD: " + errs.ToAggregate().Error()
					}
				}
			}
			if schemaStage {
				if why == "" {
					t.Errorf("%s: upstream rejects it at stage %q (%s) but Skiff's types and CRDs accept it", d.ID(), exp.Stage, exp.Message)
					continue
				}
				rejected++
				fmt.Printf("rejected as expected: %s: %s\n", d.ID(), truncate(why, 160))
				continue
			}
			semantic++
		}
	}
	fmt.Printf("schema-stage rejects: %d rejected; %d semantic rejects left to api/validate\n", rejected, semantic)
	if rejected == 0 && corpus.Selected("workflows") {
		t.Error("no schema-stage reject was checked")
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
