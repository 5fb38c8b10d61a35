//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"

	"github.com/skiff-dev/skiff/test/cluster/images"
)

// TestCluster is the acceptance of the local cluster: a Ready node, a Job whose logs are
// readable, and a Service reachable from the host (kube-proxy) and from a pod by its DNS
// name (CoreDNS + kube-proxy).
func TestCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cs := client(t)
	image := busybox(t)
	ns := namespace(ctx, t, cs)

	t.Run("NodeReady", func(t *testing.T) {
		nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ready := 0
		for _, n := range nodes.Items {
			for _, c := range n.Status.Conditions {
				if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
					ready++
				}
			}
		}
		if ready == 0 {
			t.Fatalf("no Ready node among %d", len(nodes.Items))
		}
	})

	t.Run("JobLogs", func(t *testing.T) {
		runJob(ctx, t, cs, ns, "hello", image, "echo hello from skiff job $((6*7))", "hello from skiff job 42")
	})

	t.Run("ServiceFromHostAndPodByDNS", func(t *testing.T) {
		const body = "skiff-web-ok"
		svc := webService(ctx, t, cs, ns, image, body)

		// From the host, through kube-proxy's ClusterIP rules. No proxy: the Service IP
		// exists only on this machine.
		url := fmt.Sprintf("http://%s/", svc.Spec.ClusterIP)
		hc := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{Proxy: nil}}
		var got string
		err := wait.PollUntilContextTimeout(ctx, time.Second, time.Minute, true, func(ctx context.Context) (bool, error) {
			resp, err := hc.Get(url)
			if err != nil {
				got = err.Error()
				return false, nil
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			got = fmt.Sprintf("%s: %s", resp.Status, b)
			return resp.StatusCode == http.StatusOK && strings.Contains(string(b), body), nil
		})
		if err != nil {
			t.Fatalf("GET %s from the host: last result %q: %v", url, got, err)
		}
		t.Logf("host: GET %s -> %s", url, strings.TrimSpace(got))

		// From another pod, by the Service's DNS name.
		dnsURL := fmt.Sprintf("http://%s.%s.svc.cluster.local/", svc.Name, ns)
		// Debian's static busybox 1.35 wget segfaults with -T: bound it with timeout instead.
		script := fmt.Sprintf(`for i in $(seq 1 30); do if timeout 5 wget -q -O - %s; then exit 0; fi; sleep 1; done; exit 1`, dnsURL)
		runJob(ctx, t, cs, ns, "client", image, script, body)
		t.Logf("pod: wget %s -> %s", dnsURL, body)
	})
}

func client(t *testing.T) kubernetes.Interface {
	path := os.Getenv("KUBECONFIG")
	if path == "" {
		t.Fatal("KUBECONFIG is not set: point it at the cluster to test (make cluster-e2e does)")
	}
	rc, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatalf("loading KUBECONFIG %s: %v", path, err)
	}
	cs, err := kubernetes.NewForConfig(rc)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// busybox is the image the pods run: the local cluster's imported busybox unless
// SKIFF_E2E_BUSYBOX_IMAGE names another.
func busybox(t *testing.T) string {
	if img := os.Getenv("SKIFF_E2E_BUSYBOX_IMAGE"); img != "" {
		return img
	}
	ref, err := images.BusyboxRef(images.DefaultBusybox)
	if err != nil {
		t.Fatalf("finding the busybox image (set SKIFF_E2E_BUSYBOX_IMAGE to override): %v", err)
	}
	return ref
}

// namespace creates a fresh namespace, deleted at the end, and waits for its default
// ServiceAccount (pods cannot be created before it exists).
func namespace(ctx context.Context, t *testing.T, cs kubernetes.Interface) string {
	ns, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "skiff-e2e-"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating a namespace: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			dump(t, cs, ns.Name)
		}
		_ = cs.CoreV1().Namespaces().Delete(context.Background(), ns.Name, metav1.DeleteOptions{})
	})
	err = wait.PollUntilContextTimeout(ctx, 250*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().ServiceAccounts(ns.Name).Get(ctx, "default", metav1.GetOptions{})
		return err == nil, nil
	})
	if err != nil {
		t.Fatalf("no default ServiceAccount in %s: %v", ns.Name, err)
	}
	return ns.Name
}

func container(name, image string, command ...string) corev1.Container {
	// The image exists only in the node's containerd: never pull.
	return corev1.Container{Name: name, Image: image, ImagePullPolicy: corev1.PullNever, Command: command}
}

// runJob runs script in a busybox Job, waits for it to complete and checks its pod's logs
// contain want.
func runJob(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name, image, script, want string) {
	t.Helper()
	job := &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: batchv1.JobSpec{
			BackoffLimit: ptr.To[int32](0),
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{container(name, image, "sh", "-c", script)},
			}},
		},
	}
	if _, err := cs.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating Job %s: %v", name, err)
	}
	var state string
	err := wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		j, err := cs.BatchV1().Jobs(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		for _, c := range j.Status.Conditions {
			if c.Status != corev1.ConditionTrue {
				continue
			}
			switch c.Type {
			case batchv1.JobComplete:
				return true, nil
			case batchv1.JobFailed:
				return false, fmt.Errorf("job %s failed: %s: %s", name, c.Reason, c.Message)
			}
		}
		state = fmt.Sprintf("active=%d succeeded=%d failed=%d", j.Status.Active, j.Status.Succeeded, j.Status.Failed)
		return false, nil
	})
	logs := jobLogs(ctx, t, cs, ns, name)
	if err != nil {
		t.Fatalf("Job %s did not complete (%s): %v\nlogs:\n%s", name, state, err, logs)
	}
	if !strings.Contains(logs, want) {
		t.Fatalf("Job %s logs lack %q:\n%s", name, want, logs)
	}
	t.Logf("Job %s completed, logs: %s", name, strings.TrimSpace(logs))
}

func jobLogs(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, job string) string {
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "job-name=" + job})
	if err != nil || len(pods.Items) == 0 {
		return fmt.Sprintf("(no pods of Job %s: %v)", job, err)
	}
	var all strings.Builder
	for _, p := range pods.Items {
		b, err := cs.CoreV1().Pods(ns).GetLogs(p.Name, &corev1.PodLogOptions{}).DoRaw(ctx)
		if err != nil {
			fmt.Fprintf(&all, "(logs of %s: %v)\n", p.Name, err)
			continue
		}
		all.Write(b)
	}
	return all.String()
}

// webService runs busybox httpd serving body behind a Service on port 80 and waits until
// the Deployment is available.
func webService(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, image, body string) *corev1.Service {
	t.Helper()
	labels := map[string]string{"app": "web"}
	web := container("httpd", image, "sh", "-c",
		fmt.Sprintf("mkdir -p /www && echo %s > /www/index.html && exec httpd -f -v -p 8080 -h /www", body))
	web.Ports = []corev1.ContainerPort{{ContainerPort: 8080}}
	web.ReadinessProbe = &corev1.Probe{
		ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/", Port: intstr.FromInt32(8080)}},
		PeriodSeconds: 1,
	}
	dep := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To[int32](1),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{web}},
			},
		},
	}
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating Deployment web: %v", err)
	}
	svc, err := cs.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: corev1.ServiceSpec{
			Selector: labels,
			Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(8080)}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating Service web: %v", err)
	}
	err = wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		return err == nil && d.Status.AvailableReplicas == 1, err
	})
	if err != nil {
		t.Fatalf("Deployment web not available: %v", err)
	}
	return svc
}

// dump logs the namespace's pods and events, to explain a failure.
func dump(t *testing.T, cs kubernetes.Interface, ns string) {
	ctx := context.Background()
	if pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err == nil {
		for _, p := range pods.Items {
			t.Logf("pod %s: phase %s, node %s, IP %s", p.Name, p.Status.Phase, p.Spec.NodeName, p.Status.PodIP)
			for _, s := range p.Status.ContainerStatuses {
				t.Logf("  container %s: ready=%v state=%+v", s.Name, s.Ready, s.State)
			}
		}
	}
	if evs, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{}); err == nil {
		for _, e := range evs.Items {
			t.Logf("event %s %s: %s %s", e.InvolvedObject.Kind, e.InvolvedObject.Name, e.Reason, e.Message)
		}
	}
}
