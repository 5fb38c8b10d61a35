//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/skiff-dev/skiff/internal/containerimage"
	"github.com/skiff-dev/skiff/test/cluster/images"
)

// TestRegistryMirror: `image: busybox` (no tag: :latest, pulled Always) runs from the
// local registry, the docker.io mirror; an image missing there fails to pull with a clear
// error instead of hanging.
func TestRegistryMirror(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cs := client(t)
	ns := namespace(ctx, t, cs)

	t.Run("BusyboxWithoutTag", func(t *testing.T) {
		pod := plainPod("busybox", "busybox", "", "echo busybox-from-mirror $((6*7))")
		got, logs := runPod(ctx, t, cs, ns, pod)
		if got.Spec.Containers[0].ImagePullPolicy != corev1.PullAlways {
			t.Errorf("imagePullPolicy %s, want Always (the pull must go through the registry)", got.Spec.Containers[0].ImagePullPolicy)
		}
		if !strings.Contains(logs, "busybox-from-mirror 42") {
			t.Fatalf("logs: %q", logs)
		}
		t.Logf("pod %s (image busybox, pull Always): %s, image %s, logs %q", got.Name, got.Status.Phase, got.Status.ContainerStatuses[0].ImageID, strings.TrimSpace(logs))
	})

	t.Run("MissingImageFailsToPull", func(t *testing.T) {
		pod := plainPod("absent", "skiff-e2e-absent-image", "", "true")
		if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		// The kubelet's Failed event keeps containerd's full error; the container's waiting
		// message soon becomes a bare "Back-off pulling image".
		var msg string
		err := wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
			evs, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.name=" + pod.Name})
			if err != nil {
				return false, err
			}
			for _, e := range evs.Items {
				if e.Reason == "Failed" && strings.Contains(e.Message, "pull") {
					msg = e.Message
					return true, nil
				}
			}
			return false, nil
		})
		if err != nil {
			t.Fatalf("no image pull failure reported: %v", err)
		}
		if !strings.Contains(msg, "docker.io/library/skiff-e2e-absent-image:latest") {
			t.Errorf("the pull error does not name the image: %s", msg)
		}
		t.Logf("pull failure event, as kubectl describe shows it: %s", msg)
	})
}

// TestImageImport builds an image (busybox plus a layer with a file), saves it as
// `docker save` does, imports it with `skiff-cluster image import`, and runs it by name:
// pulled Always (through the registry, under a non-docker.io host) and pulled Never
// (from containerd).
func TestImageImport(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cs := client(t)
	ns := namespace(ctx, t, cs)

	token := make([]byte, 6)
	_, _ = rand.Read(token)
	secret := "imported-" + hex.EncodeToString(token)
	base, err := images.Busybox(images.DefaultBusybox)
	if err != nil {
		t.Fatal(err)
	}
	extra, err := containerimage.Build([]containerimage.File{{Path: "message.txt", Mode: 0o644, Data: []byte(secret + "\n")}}, containerimage.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	layers, err := extra.Layers()
	if err != nil {
		t.Fatal(err)
	}
	img, err := mutate.AppendLayers(base, layers...)
	if err != nil {
		t.Fatal(err)
	}
	ref := "example.com/skiff-e2e/hello:latest"
	file := filepath.Join(t.TempDir(), "hello image.tar")
	if err := containerimage.WriteTarball(file, ref, img); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", "run", "../cmd/skiff-cluster", "image", "import", file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("skiff-cluster image import: %v\n%s", err, out)
	}
	t.Logf("skiff-cluster image import %q (%s):\n%s", file, time.Since(start).Round(100*time.Millisecond), strings.TrimSpace(string(out)))

	for sub, policy := range map[string]corev1.PullPolicy{"PullDefault": "", "PullNever": corev1.PullNever} {
		t.Run(sub, func(t *testing.T) {
			name := "hello-" + strings.ToLower(sub)
			got, logs := runPod(ctx, t, cs, ns, plainPod(name, ref, policy, "cat /message.txt"))
			if strings.TrimSpace(logs) != secret {
				t.Fatalf("pod %s printed %q, want %q", name, logs, secret)
			}
			t.Logf("pod %s (image %s, pull %s): %s, printed %q", name, ref, got.Spec.Containers[0].ImagePullPolicy, got.Status.Phase, strings.TrimSpace(logs))
		})
	}
}

// plainPod runs script once in image with the given pull policy ("" = the API default).
func plainPod(name, image string, policy corev1.PullPolicy, script string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers: []corev1.Container{{
				Name: "main", Image: image, ImagePullPolicy: policy, Command: []string{"sh", "-c", script},
			}},
		},
	}
}

// runPod creates pod, waits for it to succeed and returns it with its logs.
func runPod(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string, pod *corev1.Pod) (*corev1.Pod, string) {
	t.Helper()
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating pod %s: %v", pod.Name, err)
	}
	var got *corev1.Pod
	err := wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		got = p
		switch p.Status.Phase {
		case corev1.PodSucceeded:
			return true, nil
		case corev1.PodFailed:
			return false, fmt.Errorf("pod %s failed: %s", pod.Name, p.Status.Message)
		}
		return false, nil
	})
	b, lerr := cs.CoreV1().Pods(ns).GetLogs(pod.Name, &corev1.PodLogOptions{}).DoRaw(ctx)
	if err != nil {
		var state string
		if got != nil && len(got.Status.ContainerStatuses) > 0 {
			state = fmt.Sprintf("%+v", got.Status.ContainerStatuses[0].State)
		}
		t.Fatalf("pod %s did not succeed: %v (container state %s, logs %q %v)", pod.Name, err, state, b, lerr)
	}
	if lerr != nil {
		t.Fatalf("logs of %s: %v", pod.Name, lerr)
	}
	return got, string(b)
}
