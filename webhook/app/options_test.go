package app

import (
	"flag"
	"strings"
	"testing"
)

func TestOptionsFlags(t *testing.T) {
	o := Defaults()
	o.Namespace = "tools"
	if u, err := o.controllerUsername(); err != nil || u != "system:serviceaccount:tools:skiff-controller" {
		t.Errorf("default controller account: %q, %v", u, err)
	}
	if o.DeploymentAdoption {
		t.Error("Deployment adoption must be off by default")
	}
	if mo := o.ServerOptions(o.EnableHTTP2); mo.BindAddress != ":8443" || !mo.SecureServing || mo.FilterProvider == nil {
		t.Errorf("metrics: %q secure %v filter %v, want HTTPS with authn/authz on :8443", mo.BindAddress, mo.SecureServing, mo.FilterProvider != nil)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	o.AddFlags(fs)
	if err := fs.Parse([]string{"--controller-service-account=ci:runner", "--deployment-adoption", "--metrics-secure=false"}); err != nil {
		t.Fatal(err)
	}
	if u, err := o.controllerUsername(); err != nil || u != "system:serviceaccount:ci:runner" || !o.DeploymentAdoption || o.ServerOptions(false).SecureServing {
		t.Errorf("flags not applied: %q %v adoption %v", u, err, o.DeploymentAdoption)
	}
	o.ControllerServiceAccount = "runner"
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "--controller-service-account") {
		t.Errorf("a malformed account: %v, want a field error naming the flag", err)
	}
}
