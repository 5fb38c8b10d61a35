//go:build integration

package integration

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// goWords must never reach a user: Go's names for types and for the decoder.
var goWords = []string{"Go struct", "Go value", "ContainerTemplate", "v1alpha1", "json: cannot unmarshal"}

// TestWebhookDecodeErrors: a Workflow whose values have the wrong JSON type is refused by the
// CRD schema, in kubectl's usual words, and not by Skiff's mutating webhook in Go's: both
// webhooks are installed and the request goes through them as webhookUser.
func TestWebhookDecodeErrors(t *testing.T) {
	ensureNamespace(t, webhookNS, nil)
	cases := []struct{ name, doc, want string }{
		{"a boolean in command", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: x}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox
      command: [true]
`, `spec.templates[0].container.command[0]: Invalid value: "boolean": spec.templates[0].container.command[0] in body must be of type string: "boolean"`},
		{"templates a string", `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: x}
spec:
  entrypoint: main
  templates: "x"
`, `spec.templates: Invalid value: "string": spec.templates in body must be of type array: "string"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := kubectlAs(t, ucfg, "create", "-n", webhookNS, "-f", writeTemp(t, "wf.yaml", c.doc))
			t.Logf("kubectl create printed:\n%s", out)
			fmt.Printf("decode errors: kubectl create (%s) printed: %s", c.name, out)
			if !strings.HasPrefix(out, `The Workflow "x" is invalid: `) || !strings.Contains(out, c.want) {
				t.Errorf("kubectl printed %q\nwant it to contain %q", out, c.want)
			}
			if strings.Contains(out, "mutate.skiff.dev") {
				t.Errorf("the mutating webhook answered: %s", out)
			}
			for _, w := range goWords {
				if strings.Contains(out, w) {
					t.Errorf("Go words %q in %s", w, out)
				}
			}
		})
	}
}

// kubectlAs runs the kubectl of the test binaries as the user of c, and returns what it
// printed (stdout and stderr); a failing command is not an error here, its output is the
// point.
func kubectlAs(t *testing.T, c *rest.Config, args ...string) string {
	t.Helper()
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	bin := filepath.Join(assets, "kubectl")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("no kubectl beside the test binaries (KUBEBUILDER_ASSETS=%q): %v", assets, err)
	}
	kc := clientcmdapi.NewConfig()
	kc.Clusters["envtest"] = &clientcmdapi.Cluster{Server: c.Host, CertificateAuthorityData: c.CAData}
	kc.AuthInfos["user"] = &clientcmdapi.AuthInfo{ClientCertificateData: c.CertData, ClientKeyData: c.KeyData, Token: c.BearerToken}
	kc.Contexts["envtest"] = &clientcmdapi.Context{Cluster: "envtest", AuthInfo: "user"}
	kc.CurrentContext = "envtest"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(context.Background(), bin, args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	_ = cmd.Run()
	return out.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
