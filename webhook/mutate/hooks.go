package mutate

import (
	"strconv"
	"strings"
)

// Annotation keys of Helm and Argo CD hooks.
const (
	HelmHook             = "helm.sh/hook"
	HelmHookWeight       = "helm.sh/hook-weight"
	HelmHookDeletePolicy = "helm.sh/hook-delete-policy"
	ArgoHook             = "argocd.argoproj.io/hook"
	ArgoSyncWave         = "argocd.argoproj.io/sync-wave"
	ArgoHookDeletePolicy = "argocd.argoproj.io/hook-delete-policy"

	// DefaultDeletePolicy is Helm's and Argo CD's default, written explicitly.
	DefaultDeletePolicy = "BeforeHookCreation"
	skipHook            = "Skip"
)

// helmHookTypes is Argo CD's mapping of Helm hook types; other types have no Argo CD
// equivalent.
var helmHookTypes = map[string]string{
	"pre-install":  "PreSync",
	"pre-upgrade":  "PreSync",
	"post-install": "PostSync",
	"post-upgrade": "PostSync",
}

var helmDeletePolicies = map[string]string{
	"before-hook-creation": "BeforeHookCreation",
	"hook-succeeded":       "HookSucceeded",
	"hook-failed":          "HookFailed",
}

// TranslateHelmHooks adds to annotations the Argo CD hook annotations its Helm ones imply,
// never replacing one that is set. It reports whether it changed anything.
func TranslateHelmHooks(annotations map[string]string) bool {
	helm, ok := annotations[HelmHook]
	if !ok {
		return false
	}
	changed := false
	set := func(k, v string) {
		if _, exists := annotations[k]; !exists && v != "" {
			annotations[k] = v
			changed = true
		}
	}
	set(ArgoHook, argoHookFor(helm))
	if w := strings.TrimSpace(annotations[HelmHookWeight]); w != "" {
		if _, err := strconv.Atoi(w); err == nil {
			set(ArgoSyncWave, w)
		}
	}
	if hook := annotations[ArgoHook]; hook != "" && hook != skipHook {
		policy := mapCSV(annotations[HelmHookDeletePolicy], helmDeletePolicies)
		if policy == "" {
			policy = DefaultDeletePolicy
		}
		set(ArgoHookDeletePolicy, policy)
	}
	return changed
}

// argoHookFor maps a helm.sh/hook value; "" means the object is no hook for Argo CD.
func argoHookFor(helm string) string {
	if mapped := mapCSV(helm, helmHookTypes); mapped != "" {
		return mapped
	}
	for _, t := range strings.Split(helm, ",") {
		if t = strings.TrimSpace(t); t != "" && t != "crd-install" {
			return skipHook
		}
	}
	return ""
}

// mapCSV maps each comma-separated value, dropping unknown ones and duplicates.
func mapCSV(csv string, m map[string]string) string {
	var out []string
	seen := map[string]bool{}
	for _, v := range strings.Split(csv, ",") {
		if mapped, ok := m[strings.TrimSpace(v)]; ok && !seen[mapped] {
			seen[mapped] = true
			out = append(out, mapped)
		}
	}
	return strings.Join(out, ",")
}
