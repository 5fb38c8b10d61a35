package installer

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/release"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
)

func loadChart(t *testing.T) *chart.Chart {
	t.Helper()
	ch, err := LoadChart("")
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func render(t *testing.T, ch *chart.Chart, sets ...string) []*unstructured.Unstructured {
	t.Helper()
	vals, err := Values(nil, sets)
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := Render(ch, vals, RenderOptions{IncludeCRDs: true, WithNamespace: true})
	if err != nil {
		t.Fatalf("render %v: %v", sets, err)
	}
	objs, err := Decode(manifest)
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

// strictScheme decodes every kind the chart renders into typed objects, unknown fields
// rejected, so a typo in a template fails here rather than being pruned by the API server.
func strictDecode(t *testing.T, objs []*unstructured.Unstructured) []runtime.Object {
	t.Helper()
	s := runtime.NewScheme()
	_ = clientgoscheme.AddToScheme(s)
	_ = apiextensionsv1.AddToScheme(s)
	codecs := serializer.NewCodecFactory(s, serializer.EnableStrict)
	var out []runtime.Object
	for _, u := range objs {
		data, err := json.Marshal(u.Object)
		if err != nil {
			t.Fatal(err)
		}
		obj, _, err := codecs.UniversalDeserializer().Decode(data, nil, nil)
		if err != nil {
			t.Errorf("%s %s does not decode strictly: %v", u.GetKind(), u.GetName(), err)
			continue
		}
		out = append(out, obj)
	}
	return out
}

func kinds(objs []*unstructured.Unstructured) map[string]int {
	m := map[string]int{}
	for _, o := range objs {
		m[o.GetKind()]++
	}
	return m
}

func TestRenderClusterWide(t *testing.T) {
	ch := loadChart(t)
	objs := render(t, ch, "image.tag=v1.2.3")
	got := kinds(objs)
	for kind, n := range map[string]int{
		"Namespace": 1, "CustomResourceDefinition": 14, "Deployment": 2, "ServiceAccount": 2, "Service": 2,
		"ClusterRole": 3, "ClusterRoleBinding": 2, "Role": 1, "RoleBinding": 1,
		"ValidatingWebhookConfiguration": 1, "MutatingWebhookConfiguration": 1,
	} {
		if got[kind] != n {
			t.Errorf("%d %s objects, want %d (all: %v)", got[kind], kind, n, got)
		}
	}
	for _, obj := range strictDecode(t, objs) {
		switch o := obj.(type) {
		case *appsv1.Deployment:
			checkDeployment(t, o, "skiff.local/skiff:v1.2.3")
			if o.Name == "skiff-controller" && slices.ContainsFunc(o.Spec.Template.Spec.Containers[0].Args, func(a string) bool {
				return strings.HasPrefix(a, "--watch-namespace")
			}) {
				t.Errorf("cluster-wide controller has a --watch-namespace: %v", o.Spec.Template.Spec.Containers[0].Args)
			}
		case *rbacv1.ClusterRole:
			if o.Name == "skiff-controller" && !hasRule(o.Rules, "coordination.k8s.io", "leases") {
				t.Errorf("ClusterRole skiff-controller lacks leases: %v", o.Rules)
			}
		case *admissionregistrationv1.ValidatingWebhookConfiguration:
			for _, w := range o.Webhooks {
				if w.ClientConfig.Service == nil || w.ClientConfig.Service.Name != "skiff-webhook" || w.ClientConfig.Service.Namespace != DefaultNamespace {
					t.Errorf("webhook %s points at %+v", w.Name, w.ClientConfig.Service)
				}
				if w.SideEffects == nil || *w.SideEffects != admissionregistrationv1.SideEffectClassNone {
					t.Errorf("webhook %s sideEffects %v", w.Name, w.SideEffects)
				}
				if len(w.ClientConfig.CABundle) != 0 || o.Annotations["cert-manager.io/inject-ca-from"] != "" {
					t.Errorf("webhook %s: caBundle or cert-manager annotation without cert-manager", w.Name)
				}
			}
		}
	}
}

func TestRenderNamespaced(t *testing.T) {
	ch := loadChart(t)
	objs := render(t, ch, "namespaced=true", "watchNamespaces={team-a,team-b}")
	roles := map[string]bool{}
	for _, obj := range strictDecode(t, objs) {
		switch o := obj.(type) {
		case *rbacv1.Role:
			if o.Name == "skiff-controller" {
				roles[o.Namespace] = true
			}
		case *rbacv1.ClusterRoleBinding:
			if o.RoleRef.Name == "skiff-controller" {
				t.Errorf("namespaced mode binds the controller's ClusterRole cluster-wide")
			}
		case *appsv1.Deployment:
			if o.Name == "skiff-controller" && !slices.Contains(o.Spec.Template.Spec.Containers[0].Args, "--watch-namespace=team-a,team-b") {
				t.Errorf("controller args %v lack --watch-namespace=team-a,team-b", o.Spec.Template.Spec.Containers[0].Args)
			}
		case *admissionregistrationv1.ValidatingWebhookConfiguration:
			for _, w := range o.Webhooks {
				if !slices.ContainsFunc(w.NamespaceSelector.MatchExpressions, func(e metaReq) bool {
					return e.Operator == "In" && slices.Equal(e.Values, []string{"team-a", "team-b"})
				}) {
					t.Errorf("webhook %s namespaceSelector %+v does not restrict to the watched namespaces", w.Name, w.NamespaceSelector)
				}
			}
		}
	}
	// The watched namespaces get the rules, and the release namespace too (the Lease).
	for _, ns := range []string{"team-a", "team-b", DefaultNamespace} {
		if !roles[ns] {
			t.Errorf("no Role skiff-controller in %s (have %v)", ns, roles)
		}
	}
}

func TestRenderCertManager(t *testing.T) {
	ch := loadChart(t)
	objs := render(t, ch, "webhook.certManager.enabled=true", "metrics.serviceMonitor.enabled=true")
	got := kinds(objs)
	for k, n := range map[string]int{"Certificate": 1, "Issuer": 1, "ServiceMonitor": 2} {
		if got[k] != n {
			t.Errorf("%d %s, want %d", got[k], k, n)
		}
	}
	for _, u := range objs {
		switch u.GetKind() {
		case "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration":
			if a := u.GetAnnotations()["cert-manager.io/inject-ca-from"]; a != DefaultNamespace+"/skiff-webhook" {
				t.Errorf("%s inject-ca-from = %q", u.GetKind(), a)
			}
		case "Deployment":
			if u.GetName() != "skiff-webhook" {
				continue
			}
			var d appsv1.Deployment
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &d); err != nil {
				t.Fatal(err)
			}
			c := d.Spec.Template.Spec.Containers[0]
			if !slices.Contains(c.Args, "--self-signed-certs=false") {
				t.Errorf("webhook args %v lack --self-signed-certs=false", c.Args)
			}
			if !slices.ContainsFunc(d.Spec.Template.Spec.Volumes, func(v corev1.Volume) bool {
				return v.Secret != nil && v.Secret.SecretName == "skiff-webhook-cert"
			}) {
				t.Errorf("the cert-manager Secret is not mounted")
			}
		}
	}
}

func TestSchemaRejectsBadValues(t *testing.T) {
	ch := loadChart(t)
	for name, sets := range map[string][]string{
		"latest tag":              {"image.tag=latest"},
		"unknown pull policy":     {"image.pullPolicy=Sometimes"},
		"unknown key":             {"controller.replicaz=2"},
		"no workers":              {"controller.maxConcurrentReconciles=0"},
		"namespaced without list": {"namespaced=true"},
		"bad namespace":           {"namespaced=true", "watchNamespaces={Team_A}"},
		"bad failure policy":      {"webhook.failurePolicy=Sometimes"},
		"bad duration":            {"webhook.certManager.enabled=true", "webhook.certManager.duration=one year"},
		"adoption not a boolean":  {"webhook.deploymentAdoption.enabled=yes"},
		"metrics on the probes":   {"metrics.port=8081"},
		"bad metrics Secret":      {"metrics.tls.secretName=Bad_Name"},
	} {
		vals, err := Values(nil, sets)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Render(ch, vals, RenderOptions{}); err == nil {
			t.Errorf("%s (%v): rendered, want a schema error", name, sets)
		} else if !strings.Contains(err.Error(), "schema") && !strings.Contains(err.Error(), "watchNamespaces") {
			t.Errorf("%s: error %v does not come from the schema", name, err)
		}
	}
}

func TestLintEveryMode(t *testing.T) {
	path, err := ChartPath()
	if err != nil {
		t.Fatal(err)
	}
	for _, sets := range [][]string{
		nil,
		{"namespaced=true", "watchNamespaces={a}"},
		{"webhook.certManager.enabled=true", "metrics.serviceMonitor.enabled=true"},
		{"webhook.enabled=false", "rbac.create=false", "serviceAccount.create=false"},
	} {
		vals, _ := Values(nil, sets)
		if msgs, err := Lint(path, vals, LintOptions{Strict: true}); err != nil {
			t.Errorf("lint %v: %v (%v)", sets, err, msgs)
		}
	}
}

// Helm stores a release (chart files included, so the CRDs in crds/) gzipped in one Secret,
// limited to 1 MiB. `make deploy` strips crds/ from the release; a user running the helm
// CLI does not, so keep a margin.
func TestReleaseWithCRDsFitsASecret(t *testing.T) {
	ch := loadChart(t)
	for _, c := range []struct {
		chart *chart.Chart
		limit int
	}{{ch, 960 << 10}, {withoutCRDs(ch), 64 << 10}} {
		b, err := json.Marshal(&release.Release{Name: "skiff", Chart: c.chart})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
		n := base64.StdEncoding.EncodedLen(buf.Len())
		t.Logf("release Secret with %d chart files: %d KiB", len(c.chart.Files), n>>10)
		if n > c.limit {
			t.Errorf("release Secret would be %d KiB, over the %d KiB budget", n>>10, c.limit>>10)
		}
	}
}

type metaReq = metav1.LabelSelectorRequirement

func hasRule(rules []rbacv1.PolicyRule, group, resource string) bool {
	return slices.ContainsFunc(rules, func(r rbacv1.PolicyRule) bool {
		return slices.Contains(r.APIGroups, group) && slices.Contains(r.Resources, resource)
	})
}

func checkDeployment(t *testing.T, d *appsv1.Deployment, image string) {
	t.Helper()
	ps := d.Spec.Template.Spec
	if ps.SecurityContext == nil || ps.SecurityContext.RunAsNonRoot == nil || !*ps.SecurityContext.RunAsNonRoot {
		t.Errorf("%s: pod not runAsNonRoot", d.Name)
	}
	for _, c := range ps.Containers {
		sc := c.SecurityContext
		switch {
		case c.Image != image:
			t.Errorf("%s: image %s, want %s", d.Name, c.Image, image)
		case c.ImagePullPolicy != corev1.PullIfNotPresent:
			t.Errorf("%s: pull policy %s", d.Name, c.ImagePullPolicy)
		case sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
			t.Errorf("%s: root filesystem writable", d.Name)
		case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
			t.Errorf("%s: privilege escalation allowed", d.Name)
		case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}):
			t.Errorf("%s: capabilities not all dropped", d.Name)
		case sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
			t.Errorf("%s: seccomp not RuntimeDefault", d.Name)
		case c.ReadinessProbe == nil || c.LivenessProbe == nil:
			t.Errorf("%s: probes missing", d.Name)
		case len(c.Command) != 1 || !strings.HasPrefix(c.Command[0], "/usr/local/bin/skiff-"):
			t.Errorf("%s: command %v does not select a binary of the image", d.Name, c.Command)
		}
	}
}
