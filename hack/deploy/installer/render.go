// Package installer installs Skiff's Helm chart with the Helm SDK (no helm binary): render
// it (for manifests/install.yaml and tests), lint it, install-or-upgrade it into a cluster,
// wait for its Deployments, and uninstall it. hack/deploy is its command line; the e2e suite
// test/e2e/deploy uses it directly.
package installer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint/support"
	"helm.sh/helm/v3/pkg/strvals"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

const (
	// DefaultRelease and DefaultNamespace are where `make deploy` installs Skiff.
	DefaultRelease   = "skiff"
	DefaultNamespace = "skiff-system"
	// ChartDir is the chart, relative to the repository root.
	ChartDir = "manifests/chart/skiff"
	// KubeVersion is the Kubernetes version offline rendering and linting assume.
	KubeVersion = "v1.37.2"
)

// ChartPath returns the chart directory, found from the working directory upwards (tests run
// in their package directory).
func ChartPath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ChartDir)
		if _, err := os.Stat(filepath.Join(p, "Chart.yaml")); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no %s above the working directory", ChartDir)
		}
		dir = parent
	}
}

// LoadChart loads the chart at path (ChartPath() when empty).
func LoadChart(path string) (*chart.Chart, error) {
	if path == "" {
		p, err := ChartPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	ch, err := loader.Load(path)
	if err != nil {
		return nil, fmt.Errorf("loading the chart %s: %w", path, err)
	}
	return ch, nil
}

// Values builds chart values from values files and key=value assignments (as helm's
// -f and --set), later ones winning.
func Values(files []string, sets []string) (map[string]any, error) {
	vals := map[string]any{}
	for _, f := range files {
		v, err := chartutil.ReadValuesFile(f)
		if err != nil {
			return nil, err
		}
		vals = chartutil.CoalesceTables(v.AsMap(), vals)
	}
	for _, s := range sets {
		if err := strvals.ParseInto(s, vals); err != nil {
			return nil, fmt.Errorf("--set %s: %w", s, err)
		}
	}
	return vals, nil
}

// RenderOptions say how to render the chart offline.
type RenderOptions struct {
	Release     string // default DefaultRelease
	Namespace   string // default DefaultNamespace
	IncludeCRDs bool
	// WithNamespace prepends the release Namespace object (install.yaml creates it).
	WithNamespace bool
}

// Render renders ch with vals as `helm template` does: the values are checked against
// values.schema.json, the manifests come sorted in install order, CRDs first when asked.
func Render(ch *chart.Chart, vals map[string]any, o RenderOptions) (string, error) {
	if o.Release == "" {
		o.Release = DefaultRelease
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	kv, err := chartutil.ParseKubeVersion(KubeVersion)
	if err != nil {
		return "", err
	}
	inst := action.NewInstall(&action.Configuration{})
	inst.DryRun, inst.DryRunOption, inst.ClientOnly, inst.Replace = true, "client", true, true
	inst.ReleaseName, inst.Namespace = o.Release, o.Namespace
	inst.IncludeCRDs = o.IncludeCRDs
	inst.KubeVersion = kv
	inst.DisableOpenAPIValidation = true
	rel, err := inst.Run(ch, vals)
	if err != nil {
		return "", fmt.Errorf("rendering the chart: %w", err)
	}
	var b strings.Builder
	if o.WithNamespace {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n  labels:\n    app.kubernetes.io/part-of: skiff\n", o.Namespace)
	}
	b.WriteString(rel.Manifest)
	out := b.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out, nil
}

// Decode splits a rendered manifest into objects, failing on any document that is not a
// well-formed object (kind, apiVersion and metadata.name set).
func Decode(manifest string) ([]*unstructured.Unstructured, error) {
	var objs []*unstructured.Unstructured
	r := utilyaml.NewYAMLReader(bufio.NewReader(strings.NewReader(manifest)))
	for i := 0; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		var m map[string]any
		if err := yaml.UnmarshalStrict(doc, &m); err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if len(m) == 0 {
			continue
		}
		u := &unstructured.Unstructured{Object: m}
		if u.GetKind() == "" || u.GetAPIVersion() == "" || u.GetName() == "" {
			return nil, fmt.Errorf("document %d is not a named Kubernetes object: %.200s", i, doc)
		}
		objs = append(objs, u)
	}
}

// LintOptions say how to lint the chart.
type LintOptions struct {
	Namespace string
	Strict    bool // warnings fail too
}

// Lint runs helm's chart linter (pkg/lint: Chart.yaml, values against the schema, templates
// rendered and parsed, CRDs) with vals, and returns its messages and whether it failed.
func Lint(chartPath string, vals map[string]any, o LintOptions) ([]support.Message, error) {
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	kv, err := chartutil.ParseKubeVersion(KubeVersion)
	if err != nil {
		return nil, err
	}
	l := action.NewLint()
	l.Strict, l.Namespace, l.KubeVersion = o.Strict, o.Namespace, kv
	res := l.Run([]string{chartPath}, vals)
	return res.Messages, errors.Join(res.Errors...)
}
