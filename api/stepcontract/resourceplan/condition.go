package resourceplan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/labels"
)

// Condition is a parsed successCondition or failureCondition: label-selector requirements
// (upstream's syntax, e.g. "status.succeeded > 0", "status.phase in (Failed, Error)",
// "metadata.name == foo", "!status.failed") whose keys are dotted paths into the object.
type Condition struct {
	Text string
	reqs labels.Requirements
}

// ParseCondition parses a condition; field names the template field, for the error.
func ParseCondition(field, text string) (*Condition, error) {
	sel, err := labels.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s %q: %v", field, text, err)
	}
	reqs, _ := sel.Requirements()
	return &Condition{Text: text, reqs: reqs}, nil
}

// AnyHolds says whether one of the requirements holds, and names it. A failureCondition
// fails the step as soon as any of its requirements holds.
func (c *Condition) AnyHolds(obj map[string]any) (string, bool) {
	ls := objectFields{obj}
	for _, r := range c.reqs {
		if r.Matches(ls) {
			return r.String(), true
		}
	}
	return "", false
}

// AllHold says whether every requirement holds; the ones that do not are listed. A
// successCondition holds when all of its requirements do.
func (c *Condition) AllHold(obj map[string]any) ([]string, bool) {
	ls := objectFields{obj}
	var missing []string
	for _, r := range c.reqs {
		if !r.Matches(ls) {
			missing = append(missing, r.String())
		}
	}
	return missing, len(missing) == 0
}

// objectFields presents an object as labels: a key is a path of dot-separated field
// names, a number picks an element of a list (as upstream's JSON paths do).
type objectFields struct{ obj map[string]any }

func (o objectFields) Has(key string) bool {
	_, ok := lookup(o.obj, key)
	return ok
}

func (o objectFields) Get(key string) string {
	v, _ := o.Lookup(key)
	return v
}

func (o objectFields) Lookup(key string) (string, bool) {
	v, ok := lookup(o.obj, key)
	return text(v), ok
}

// lookup follows a dotted path; a field present with a null value exists.
func lookup(obj map[string]any, path string) (any, bool) {
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// text renders a field's value for comparison: strings as they are, numbers in decimal
// (so "> 0" compares integers), null as empty, lists and maps as JSON.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}
