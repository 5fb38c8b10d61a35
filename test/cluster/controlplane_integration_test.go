//go:build integration

package cluster

import (
	"context"
	"os"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Two extra control planes are two separate clusters: an object created in one is absent from
// the other, and each kubeconfig written reaches its own.
func TestStartControlPlane(t *testing.T) {
	ctx := context.Background()
	cfg, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	repo, err := FindRepo()
	if err != nil {
		t.Fatal(err)
	}
	var clients []client.Client
	for range 2 {
		cp, err := cfg.StartControlPlane(ctx, os.Stderr, repo, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := cp.Stop(); err != nil {
				t.Error(err)
			}
		})
		rc, err := clientcmd.BuildConfigFromFlags("", cp.Kubeconfig)
		if err != nil {
			t.Fatalf("kubeconfig %s: %v", cp.Kubeconfig, err)
		}
		c, err := client.New(rc, client.Options{})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "only-in-first"}}
	if err := clients[0].Create(ctx, ns); err != nil {
		t.Fatal(err)
	}
	if err := clients[1].Get(ctx, client.ObjectKeyFromObject(ns), &corev1.Namespace{}); err == nil {
		t.Fatal("the second control plane sees the first one's namespace: they are not separate")
	}
	if err := clients[0].Get(ctx, client.ObjectKeyFromObject(ns), &corev1.Namespace{}); err != nil {
		t.Fatalf("the first control plane lost its namespace: %v", err)
	}
}
