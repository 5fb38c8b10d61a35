package workflow

import (
	"encoding/json"
	"fmt"
	"regexp"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get;create;patch

// Memoization caches are ConfigMaps as upstream keeps them: labelled
// workflows.argoproj.io/configmap-type=Cache (a ConfigMap without it is never touched), one
// data entry per memoize key holding {nodeID, outputs, creationTimestamp, lastHitTimestamp}.
const (
	LabelConfigMapType = "workflows.argoproj.io/configmap-type"
	configMapTypeCache = "Cache"
)

// memoKeyRE is upstream's rule for cache keys (a subset of what ConfigMap keys allow).
var memoKeyRE = regexp.MustCompile(`^[a-zA-Z0-9][-a-zA-Z0-9]*$`)

type memoEntry struct {
	NodeID            string            `json:"nodeID"`
	Outputs           *v1alpha1.Outputs `json:"outputs"`
	CreationTimestamp metav1.Time       `json:"creationTimestamp"`
	LastHitTimestamp  metav1.Time       `json:"lastHitTimestamp"`
}

// memoLookup runs before a memoized template's body: on a cache hit (an entry younger than
// maxAge) it records the node Succeeded with the cached outputs and no pod, and returns
// done. A bad memoize block errors the node; a miss lets the body run.
func (o *operation) memoLookup(nodeName string, tmpl *v1alpha1.Template, boundaryID string) (v1alpha1.NodeStatus, bool) {
	if n, ok := o.get(nodeName); ok || o.stopping || o.suspended {
		return n, false
	}
	m := tmpl.Memoize
	fail := func(msg string) (v1alpha1.NodeStatus, bool) {
		return o.initNode(nodeName, nodeTypeOf(tmpl), tmpl.Name, boundaryID, v1alpha1.NodeError, "memoize: "+msg), true
	}
	if m.Cache == nil || m.Cache.ConfigMap == nil || m.Cache.ConfigMap.Name == "" {
		return fail("cache.configMap.name is required")
	}
	if !memoKeyRE.MatchString(m.Key) {
		return fail(fmt.Sprintf("invalid cache key %q: it must match %s", m.Key, memoKeyRE))
	}
	maxAge := parseDuration(m.MaxAge) // policyDurationError checked it (durations.go)
	cm, err := o.memoCache(m)
	switch {
	case apierrors.IsNotFound(err):
		return v1alpha1.NodeStatus{}, false
	case err != nil:
		return fail(err.Error())
	}
	raw := cm.Data[m.Key]
	if raw == "" {
		return v1alpha1.NodeStatus{}, false
	}
	var e memoEntry
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		return fail(fmt.Sprintf("malformed cache entry %q in ConfigMap %s: %v", m.Key, cm.Name, err))
	}
	if maxAge > 0 && e.CreationTimestamp.Add(maxAge).Before(o.now) {
		log.FromContext(o.ctx).Info("Ignored an expired memoization entry", "workflow", wfKey(o.wf), "key", m.Key, "created", e.CreationTimestamp)
		return v1alpha1.NodeStatus{}, false
	}
	n := o.initNode(nodeName, nodeTypeOf(tmpl), tmpl.Name, boundaryID, v1alpha1.NodeSucceeded, "")
	n.Outputs = e.Outputs
	n.MemoizationStatus = &v1alpha1.MemoizationStatus{Hit: true, Key: m.Key, CacheName: cm.Name}
	o.put(n)
	e.LastHitTimestamp = metav1.NewTime(o.now)
	if err := o.memoWrite(cm.Name, m.Key, e, false); err != nil {
		log.FromContext(o.ctx).Error(err, "Failed to record the cache hit time", "workflow", wfKey(o.wf), "configMap", cm.Name)
	}
	return n, true
}

// memoAfter marks a memoized node a cache miss and, when it succeeds, saves its outputs.
func (o *operation) memoAfter(tmpl *v1alpha1.Template, n v1alpha1.NodeStatus) v1alpha1.NodeStatus {
	m := tmpl.Memoize
	if m.Cache == nil || m.Cache.ConfigMap == nil || n.ID == "" || (n.MemoizationStatus != nil && n.MemoizationStatus.Hit) {
		return n
	}
	if n.MemoizationStatus == nil {
		n.MemoizationStatus = &v1alpha1.MemoizationStatus{Key: m.Key, CacheName: m.Cache.ConfigMap.Name}
		o.put(n)
	}
	if n.Phase != v1alpha1.NodeSucceeded {
		return n
	}
	now := metav1.NewTime(o.now)
	e := memoEntry{NodeID: n.ID, Outputs: n.Outputs, CreationTimestamp: now, LastHitTimestamp: now}
	if err := o.memoWrite(m.Cache.ConfigMap.Name, m.Key, e, true); err != nil {
		o.r.event(o.wf, corev1.EventTypeWarning, "MemoizationFailed",
			fmt.Sprintf("Could not save the outputs of node %s to cache %s: %v", n.Name, m.Cache.ConfigMap.Name, err))
	}
	return n
}

// memoCache reads the cache ConfigMap (from the API server: configmaps.go) and refuses one
// that is not labelled a cache.
func (o *operation) memoCache(m *v1alpha1.Memoize) (*corev1.ConfigMap, error) {
	cm := &corev1.ConfigMap{}
	if err := o.r.configMapReader().Get(o.ctx, client.ObjectKey{Namespace: o.wf.Namespace, Name: m.Cache.ConfigMap.Name}, cm); err != nil {
		return nil, err
	}
	if cm.Labels[LabelConfigMapType] != configMapTypeCache {
		return nil, fmt.Errorf("ConfigMap %s is not labelled %s=%s, so it is not used as a cache", cm.Name, LabelConfigMapType, configMapTypeCache)
	}
	return cm, nil
}

// memoWrite stores one entry with a merge patch of that key only, so concurrent writers of
// other keys do not conflict; create makes the labelled ConfigMap when it is absent.
func (o *operation) memoWrite(name, key string, e memoEntry, create bool) error {
	val, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ns := o.wf.Namespace
	cur := &corev1.ConfigMap{}
	err = o.r.configMapReader().Get(o.ctx, client.ObjectKey{Namespace: ns, Name: name}, cur)
	if apierrors.IsNotFound(err) && create {
		cm := &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, Labels: map[string]string{LabelConfigMapType: configMapTypeCache}},
			Data:       map[string]string{key: string(val)},
		}
		if err = o.r.Client.Create(o.ctx, cm); !apierrors.IsAlreadyExists(err) {
			return err
		}
	} else if err != nil {
		return err
	} else if cur.Labels[LabelConfigMapType] != configMapTypeCache {
		return fmt.Errorf("ConfigMap %s is not labelled %s=%s", name, LabelConfigMapType, configMapTypeCache)
	}
	patch, err := json.Marshal(map[string]any{"data": map[string]string{key: string(val)}})
	if err != nil {
		return err
	}
	target := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	return o.r.Client.Patch(o.ctx, target, client.RawPatch(types.MergePatchType, patch))
}
