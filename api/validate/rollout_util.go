package validate

// Small helpers shared by the Rollouts, Argo CD and Argo Events validators. Their names start
// with "o" (for "other kinds") so they cannot collide with the Workflow validators' helpers in
// the same package.

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// oTemplateRE matches a {{...}} placeholder that Argo substitutes before use.
var oTemplateRE = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// oTemplated reports a value holding a {{...}} placeholder: it is checked once resolved.
func oTemplated(s string) bool { return oTemplateRE.MatchString(s) }

// oDuplicates reports the second and later uses of a name, with the path of each duplicate.
type oNames map[string]bool

// oUnique adds name under path and returns a Duplicate error when it was already used.
func (n oNames) oUnique(path *field.Path, name string) *field.Error {
	if name == "" {
		return nil
	}
	if n[name] {
		return field.Duplicate(path, name)
	}
	n[name] = true
	return nil
}

// oDuration parses a Go duration ("30s", "1h5m"); an empty string is accepted.
func oDuration(path *field.Path, s string) field.ErrorList {
	if s == "" || oTemplated(s) {
		return nil
	}
	if _, err := time.ParseDuration(s); err != nil {
		return field.ErrorList{field.Invalid(path, s, "must be a duration such as \"30s\" or \"5m\"")}
	}
	return nil
}

// oDurationOrSeconds parses a Go duration or a whole number of seconds.
func oDurationOrSeconds(s string) (time.Duration, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Duration(n) * time.Second, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// oNonNegative denies a negative integer.
func oNonNegative[T ~int32 | ~int64 | ~int](path *field.Path, v *T) field.ErrorList {
	if v != nil && *v < 0 {
		return field.ErrorList{field.Invalid(path, *v, "must be greater than or equal to 0")}
	}
	return nil
}

// oIntOrArg checks an IntOrString that must be a non-negative integer, or a string holding
// one or a {{args.x}} placeholder resolved at run time.
func oIntOrArg(path *field.Path, v *intstr.IntOrString) field.ErrorList {
	if v == nil {
		return nil
	}
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return field.ErrorList{field.Invalid(path, v.IntVal, "must be greater than or equal to 0")}
		}
		return nil
	}
	s := strings.TrimSpace(v.StrVal)
	if oTemplated(s) {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return field.ErrorList{field.Invalid(path, v.StrVal, "must be an integer or a {{args.name}} placeholder")}
	}
	if n < 0 {
		return field.ErrorList{field.Invalid(path, v.StrVal, "must be greater than or equal to 0")}
	}
	return nil
}

// oGet looks an object up; found is false when Lookup is nil (unknown) or the object does not
// exist, and missing is true only when the lookup said it does not exist.
func oGet(ctx context.Context, opts Options, namespace, name string, obj runtime.Object) (found, missing bool, err error) {
	if opts.Lookup == nil {
		return false, false, nil
	}
	err = opts.Lookup.Get(ctx, namespace, name, obj)
	switch {
	case err == nil:
		return true, false, nil
	case apierrors.IsNotFound(err):
		return false, true, nil
	default:
		return false, false, err
	}
}

// oSortedKeys returns a map's keys in order, for stable messages.
func oSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
