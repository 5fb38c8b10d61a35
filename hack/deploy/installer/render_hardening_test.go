package installer

import (
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// deploymentWebhooks names the mutating webhooks whose rules match apps Deployments.
func deploymentWebhooks(t *testing.T, objs []*unstructured.Unstructured) []string {
	t.Helper()
	var names []string
	for _, obj := range typed(t, objs) {
		c, ok := obj.(*admissionregistrationv1.MutatingWebhookConfiguration)
		if !ok {
			continue
		}
		for _, w := range c.Webhooks {
			if slices.ContainsFunc(w.Rules, func(r admissionregistrationv1.RuleWithOperations) bool {
				return slices.Contains(r.APIGroups, "apps") && slices.Contains(r.Resources, "deployments")
			}) {
				names = append(names, w.Name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// containerArgs returns the first container's args of the named Deployment.
func containerArgs(t *testing.T, objs []*unstructured.Unstructured, name string) []string {
	t.Helper()
	for _, obj := range typed(t, objs) {
		if d, ok := obj.(*appsv1.Deployment); ok && d.Name == name {
			return d.Spec.Template.Spec.Containers[0].Args
		}
	}
	t.Fatalf("no Deployment %s", name)
	return nil
}

func TestRenderDeploymentAdoptionOffByDefault(t *testing.T) {
	ch := loadChart(t)
	for _, mode := range [][]string{nil, {"namespaced=true", "watchNamespaces={team-a}"}} {
		objs := render(t, ch, mode...)
		if got := deploymentWebhooks(t, objs); len(got) != 0 {
			t.Errorf("%v: Deployment webhooks installed by default: %v", mode, got)
		}
		if args := containerArgs(t, objs, "skiff-webhook"); !slices.Contains(args, "--deployment-adoption=false") {
			t.Errorf("%v: webhook args %v lack --deployment-adoption=false", mode, args)
		}
		objs = render(t, ch, append(mode, "webhook.deploymentAdoption.enabled=true")...)
		want := []string{"adopt-namespace.mutate.skiff.dev", "adopt.mutate.skiff.dev"}
		if got := deploymentWebhooks(t, objs); !slices.Equal(got, want) {
			t.Errorf("%v: enabled: Deployment webhooks %v, want %v", mode, got, want)
		}
		if args := containerArgs(t, objs, "skiff-webhook"); !slices.Contains(args, "--deployment-adoption=true") {
			t.Errorf("%v: enabled: webhook args %v lack --deployment-adoption=true", mode, args)
		}
	}
}

func TestRenderControllerServiceAccountFlag(t *testing.T) {
	ch := loadChart(t)
	vals, _ := Values(nil, nil)
	manifest, err := Render(ch, vals, RenderOptions{Release: "ci", Namespace: "tools"})
	if err != nil {
		t.Fatal(err)
	}
	objs, err := Decode(manifest)
	if err != nil {
		t.Fatal(err)
	}
	sa := ""
	for _, obj := range typed(t, objs) {
		if d, ok := obj.(*appsv1.Deployment); ok && d.Name == "ci-skiff-controller" {
			sa = d.Spec.Template.Spec.ServiceAccountName
		}
	}
	if want := "--controller-service-account=tools:" + sa; sa == "" || !slices.Contains(containerArgs(t, objs, "ci-skiff-webhook"), want) {
		t.Errorf("webhook args %v lack %s", containerArgs(t, objs, "ci-skiff-webhook"), want)
	}
}

func TestRenderSecureMetrics(t *testing.T) {
	ch := loadChart(t)
	objs := render(t, ch, "metrics.serviceMonitor.enabled=true")
	reader, services := false, 0
	for _, obj := range typed(t, objs) {
		switch o := obj.(type) {
		case *rbacv1.ClusterRole:
			switch o.Name {
			case "skiff-metrics-reader":
				reader = len(o.Rules) == 1 && slices.Equal(o.Rules[0].NonResourceURLs, []string{"/metrics"}) && slices.Equal(o.Rules[0].Verbs, []string{"get"})
			case "skiff-controller", "skiff-webhook":
				for _, res := range []string{"tokenreviews", "subjectaccessreviews"} {
					group := map[string]string{"tokenreviews": "authentication.k8s.io", "subjectaccessreviews": "authorization.k8s.io"}[res]
					if !hasRule(o.Rules, group, res) {
						t.Errorf("ClusterRole %s lacks create %s (the metrics filter needs it)", o.Name, res)
					}
				}
			}
		case *appsv1.Deployment:
			args := o.Spec.Template.Spec.Containers[0].Args
			if !slices.Contains(args, "--metrics-bind-address=:8443") || !slices.Contains(args, "--metrics-secure=true") {
				t.Errorf("%s args %v: want secure metrics on :8443", o.Name, args)
			}
		case *corev1.Service:
			if slices.ContainsFunc(o.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == "metrics" && p.Port == 8443 }) {
				services++
			}
		}
	}
	if !reader {
		t.Error("no ClusterRole skiff-metrics-reader granting get on /metrics")
	}
	if services != 2 {
		t.Errorf("%d Services expose metrics on 8443, want 2", services)
	}
	for _, m := range serviceMonitorEndpoints(t, objs) {
		if m["scheme"] != "https" || m["bearerTokenFile"] != "/var/run/secrets/kubernetes.io/serviceaccount/token" ||
			m["tlsConfig"].(map[string]any)["insecureSkipVerify"] != true {
			t.Errorf("ServiceMonitor endpoint %v: want https, the pod's token, and no verification of a self-signed certificate", m)
		}
	}

	objs = render(t, ch, "metrics.serviceMonitor.enabled=true", "metrics.tls.secretName=metrics-cert")
	for _, m := range serviceMonitorEndpoints(t, objs) {
		tls := m["tlsConfig"].(map[string]any)
		if tls["insecureSkipVerify"] != false || !strings.HasSuffix(tls["serverName"].(string), ".skiff-system.svc") || tls["ca"] == nil {
			t.Errorf("with a CA the ServiceMonitor must verify: %v", tls)
		}
	}
	for _, name := range []string{"skiff-controller", "skiff-webhook"} {
		if args := containerArgs(t, objs, name); !slices.Contains(args, "--metrics-cert-dir=/tmp/k8s-metrics-server/metrics-certs") {
			t.Errorf("%s args %v lack --metrics-cert-dir", name, args)
		}
	}

	objs = render(t, ch, "metrics.serviceMonitor.enabled=true", "metrics.secure=false")
	for _, m := range serviceMonitorEndpoints(t, objs) {
		if m["scheme"] != "http" || m["tlsConfig"] != nil {
			t.Errorf("metrics.secure=false: endpoint %v, want plain http", m)
		}
	}
	if args := containerArgs(t, objs, "skiff-controller"); !slices.Contains(args, "--metrics-secure=false") {
		t.Errorf("controller args %v lack --metrics-secure=false", args)
	}
}

func serviceMonitorEndpoints(t *testing.T, objs []*unstructured.Unstructured) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, u := range objs {
		if u.GetKind() != "ServiceMonitor" {
			continue
		}
		eps, _, _ := unstructured.NestedSlice(u.Object, "spec", "endpoints")
		for _, e := range eps {
			out = append(out, runtime.DeepCopyJSONValue(e).(map[string]any))
		}
	}
	if len(out) != 2 {
		t.Fatalf("%d ServiceMonitor endpoints, want 2 (controller, webhook)", len(out))
	}
	return out
}

// typed strictly decodes the built-in kinds of objs (a ServiceMonitor is no scheme's).
func typed(t *testing.T, objs []*unstructured.Unstructured) []runtime.Object {
	t.Helper()
	var builtin []*unstructured.Unstructured
	for _, u := range objs {
		if u.GetKind() != "ServiceMonitor" {
			builtin = append(builtin, u)
		}
	}
	return strictDecode(t, builtin)
}
