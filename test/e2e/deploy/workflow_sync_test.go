//go:build e2e

package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// syncView is the part of a workflow the synchronization and memoization scenarios read.
type syncView struct {
	Status struct {
		Phase           string `json:"phase"`
		Message         string `json:"message"`
		Synchronization *struct {
			Semaphore *struct {
				Holding []struct {
					Semaphore string   `json:"semaphore"`
					Holders   []string `json:"holders"`
				} `json:"holding"`
				Waiting []struct {
					Semaphore string   `json:"semaphore"`
					Holders   []string `json:"holders"`
				} `json:"waiting"`
			} `json:"semaphore"`
		} `json:"synchronization"`
		Nodes map[string]struct {
			Type              string    `json:"type"`
			Phase             string    `json:"phase"`
			StartedAt         time.Time `json:"startedAt"`
			FinishedAt        time.Time `json:"finishedAt"`
			MemoizationStatus *struct {
				Hit       bool   `json:"hit"`
				Key       string `json:"key"`
				CacheName string `json:"cacheName"`
			} `json:"memoizationStatus"`
			Outputs *struct {
				Result *string `json:"result"`
			} `json:"outputs"`
		} `json:"nodes"`
	} `json:"status"`
}

func (c wfCLI) syncView(t *testing.T, name string) *syncView {
	t.Helper()
	out, err := c.cmd("get", "-n", c.ns, name, "-o", "json")
	if err != nil {
		t.Fatalf("kubectl wf get %s -o json: %v\n%s", name, err, out)
	}
	v := &syncView{}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("kubectl wf get %s -o json: %v\n%s", name, err, out)
	}
	return v
}

func e2eClient(t *testing.T) kubernetes.Interface {
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

const semaphoreDoc = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: NAME}
spec:
  entrypoint: main
  synchronization:
    semaphores:
    - configMapKeyRef: {name: sync-e2e-limits, key: workflow}
  templates:
  - name: main
    container: {image: BUSYBOX, command: [sleep, "6"]}
`

// checkSemaphoreScenario runs two workflows sharing a workflow-level semaphore of limit 1
// (a ConfigMap key): the second waits Pending with upstream's message and its waiting entry
// in status.synchronization, and their pods never overlap.
func checkSemaphoreScenario(t *testing.T, c wfCLI) {
	ctx := context.Background()
	kc := e2eClient(t)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "sync-e2e-limits", Namespace: c.ns}, Data: map[string]string{"workflow": "1"}}
	if _, err := kc.CoreV1().ConfigMaps(c.ns).Create(ctx, cm, metav1.CreateOptions{}); apierrors.IsAlreadyExists(err) {
		_, err = kc.CoreV1().ConfigMaps(c.ns).Update(ctx, cm, metav1.UpdateOptions{})
		if err != nil {
			t.Fatal(err)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	key := c.ns + "/ConfigMap/sync-e2e-limits/workflow"

	c.submit(t, "sem-e2e-a", strings.Replace(semaphoreDoc, "NAME", "sem-e2e-a", 1))
	c.until(t, "sem-e2e-a", "it holds the semaphore", func(s *wfStatus) bool { return s.Status.Phase == "Running" })
	c.submit(t, "sem-e2e-b", strings.Replace(semaphoreDoc, "NAME", "sem-e2e-b", 1))
	want := "Waiting for " + key + " lock. Lock status: 0/1"
	c.until(t, "sem-e2e-b", "it waits for the semaphore", func(s *wfStatus) bool {
		return s.Status.Phase == "Pending" && s.Status.Message == want
	})
	v := c.syncView(t, "sem-e2e-b")
	if sy := v.Status.Synchronization; sy == nil || sy.Semaphore == nil || len(sy.Semaphore.Waiting) != 1 ||
		sy.Semaphore.Waiting[0].Semaphore != key || len(sy.Semaphore.Waiting[0].Holders) != 1 || sy.Semaphore.Waiting[0].Holders[0] != c.ns+"/sem-e2e-a" {
		t.Fatalf("sem-e2e-b status.synchronization = %+v, want waiting on %s held by %s/sem-e2e-a", sy, key, c.ns)
	}
	if sy := c.syncView(t, "sem-e2e-a").Status.Synchronization; sy == nil || sy.Semaphore == nil || len(sy.Semaphore.Holding) != 1 ||
		sy.Semaphore.Holding[0].Holders[0] != c.ns+"/sem-e2e-a" {
		t.Fatalf("sem-e2e-a status.synchronization = %+v, want holding %s", sy, key)
	}

	a, b := c.wait(t, "sem-e2e-a"), c.wait(t, "sem-e2e-b")
	wantPhase(t, a, "sem-e2e-a", "Succeeded")
	wantPhase(t, b, "sem-e2e-b", "Succeeded")
	pa, pb := a.pods(), b.pods()
	if len(pa) != 1 || len(pb) != 1 {
		t.Fatalf("pods: a %d, b %d, want one each", len(pa), len(pb))
	}
	if pb[0].StartedAt.Before(pa[0].FinishedAt) {
		t.Fatalf("the pods overlap: a ran %s-%s, b started %s", pa[0].StartedAt, pa[0].FinishedAt, pb[0].StartedAt)
	}
	if sy := c.syncView(t, "sem-e2e-b").Status.Synchronization; sy != nil {
		t.Fatalf("finished sem-e2e-b still records %+v", sy)
	}
}

const memoDoc = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: NAME}
spec:
  entrypoint: main
  templates:
  - name: main
    memoize:
      key: KEY
      maxAge: 1h
      cache:
        configMap: {name: memo-e2e}
    container: {image: BUSYBOX, command: [cat, /proc/sys/kernel/random/uuid]}
`

// checkMemoizeScenario runs a memoized step twice under one key: the first runs its pod and
// saves its (random) output in the labelled cache ConfigMap the controller creates; the
// second is a cache hit with the same output and no pod.
func checkMemoizeScenario(t *testing.T, c wfCLI) {
	ctx := context.Background()
	kc := e2eClient(t)
	key := fmt.Sprintf("e2e-%d", time.Now().UnixNano())
	doc := strings.Replace(memoDoc, "KEY", key, 1)
	c.run(t, "memo-e2e-1", strings.Replace(doc, "NAME", "memo-e2e-1", 1), "Succeeded")
	c.run(t, "memo-e2e-2", strings.Replace(doc, "NAME", "memo-e2e-2", 1), "Succeeded")

	first, second := memoNode(t, c, "memo-e2e-1"), memoNode(t, c, "memo-e2e-2")
	if first.hit || first.key != key || first.result == "" {
		t.Fatalf("memo-e2e-1 node: %+v, want a miss that ran and printed a uuid", first)
	}
	if !second.hit || second.key != key || second.cache != "memo-e2e" {
		t.Fatalf("memo-e2e-2 node: %+v, want memoizationStatus.hit true", second)
	}
	if second.result != first.result {
		t.Fatalf("memo-e2e-2 result %q, want the cached %q", second.result, first.result)
	}
	pods, err := kc.CoreV1().Pods(c.ns).List(ctx, metav1.ListOptions{LabelSelector: "workflows.argoproj.io/workflow=memo-e2e-2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pods.Items) != 0 {
		t.Fatalf("memo-e2e-2 ran %d pods, want none", len(pods.Items))
	}
	cm, err := kc.CoreV1().ConfigMaps(c.ns).Get(ctx, "memo-e2e", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the cache ConfigMap: %v", err)
	}
	if cm.Labels["workflows.argoproj.io/configmap-type"] != "Cache" || !strings.Contains(cm.Data[key], first.result) {
		t.Fatalf("cache ConfigMap labels %v, entry %q: want the Cache label and the first output", cm.Labels, cm.Data[key])
	}
}

type memoResult struct {
	hit                bool
	key, cache, result string
}

func memoNode(t *testing.T, c wfCLI, name string) memoResult {
	t.Helper()
	for _, n := range c.syncView(t, name).Status.Nodes {
		if n.Type != "Pod" {
			continue
		}
		var r memoResult
		if ms := n.MemoizationStatus; ms != nil {
			r.hit, r.key, r.cache = ms.Hit, ms.Key, ms.CacheName
		}
		if n.Outputs != nil && n.Outputs.Result != nil {
			r.result = strings.TrimSpace(*n.Outputs.Result)
		}
		return r
	}
	t.Fatalf("%s has no pod node", name)
	return memoResult{}
}
