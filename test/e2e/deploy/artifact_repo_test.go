//go:build e2e

package deploy

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/skiff-dev/skiff/test/s3"
)

// kubeClient is a clientset for $KUBECONFIG.
func kubeClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(clientcmd.NewDefaultClientConfigLoadingRules(), nil).ClientConfig()
	if err != nil {
		t.Fatalf("KUBECONFIG: %v", err)
	}
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return kc
}

// startS3 starts a real S3-compatible server (versitygw) on the host, reached by pods at
// the node's InternalIP, with bucket created; it stops when t's subtests are done.
func startS3(ctx context.Context, t *testing.T, kc kubernetes.Interface, bucket string) *s3.Server {
	t.Helper()
	srv, err := s3.Start(ctx, t.TempDir(), s3.Options{ListenHost: "0.0.0.0", AdvertiseHost: nodeInternalIP(ctx, t, kc)})
	if err != nil {
		t.Fatalf("starting the S3 server (make s3-server builds it ahead): %v", err)
	}
	t.Cleanup(srv.Stop)
	if err := srv.CreateBucket(ctx, bucket); err != nil {
		t.Fatal(err)
	}
	return srv
}

// useArtifactRepo gives ns a credentials Secret and the artifact-repositories ConfigMap
// pointing at srv's bucket (replacing what an earlier run left: the server's port and
// credentials are new each run), removed when t is done.
func useArtifactRepo(ctx context.Context, t *testing.T, kc kubernetes.Interface, ns string, srv *s3.Server, bucket string) {
	t.Helper()
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "e2e-s3-creds", Namespace: ns},
		StringData: map[string]string{"accessKey": srv.AccessKey, "secretKey": srv.SecretKey}}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "artifact-repositories", Namespace: ns,
		Annotations: map[string]string{"workflows.argoproj.io/default-artifact-repository": "default-v1"}},
		Data: map[string]string{"default-v1": "s3:\n  endpoint: " + srv.Endpoint + "\n  bucket: " + bucket + "\n  insecure: true\n" +
			"  accessKeySecret: {name: e2e-s3-creds, key: accessKey}\n  secretKeySecret: {name: e2e-s3-creds, key: secretKey}\n"}}
	_ = kc.CoreV1().Secrets(ns).Delete(ctx, secret.Name, metav1.DeleteOptions{})
	_ = kc.CoreV1().ConfigMaps(ns).Delete(ctx, cm.Name, metav1.DeleteOptions{})
	if _, err := kc.CoreV1().Secrets(ns).Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := kc.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = kc.CoreV1().ConfigMaps(ns).Delete(context.Background(), cm.Name, metav1.DeleteOptions{})
		_ = kc.CoreV1().Secrets(ns).Delete(context.Background(), secret.Name, metav1.DeleteOptions{})
	})
}

// scenarioNamespace creates a namespace of its own for a scenario (with labels), deleted
// when t is done.
func scenarioNamespace(ctx context.Context, t *testing.T, kc kubernetes.Interface, name string, labels map[string]string) {
	t.Helper()
	_ = kc.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{})
	var err error
	for range 60 { // a namespace of an earlier run may still be terminating
		if _, err = kc.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}, metav1.CreateOptions{}); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(2 * time.Second):
		}
	}
	if err != nil {
		t.Fatalf("namespace %s: %v", name, err)
	}
	t.Cleanup(func() { _ = kc.CoreV1().Namespaces().Delete(context.Background(), name, metav1.DeleteOptions{}) })
}
