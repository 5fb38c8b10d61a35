package workflow

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// loopItems expands withItems, withParam or withSequence, in the caller's scope; nil
// means the invocation does not loop.
func loopItems(inv *v1alpha1.TemplateInvocation, sc scope) ([]v1alpha1.Item, error) {
	switch {
	case len(inv.WithItems) > 0:
		out := make([]v1alpha1.Item, 0, len(inv.WithItems))
		for _, it := range inv.WithItems {
			raw, err := sc.substituteJSON(it.Raw)
			if err != nil {
				return nil, err
			}
			out = append(out, v1alpha1.Item{Raw: raw})
		}
		return out, nil
	case inv.WithParam != "":
		s, err := sc.substitute(inv.WithParam)
		if err != nil {
			return nil, err
		}
		var list []json.RawMessage
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			return nil, fmt.Errorf("withParam value could not be parsed as a JSON list: %s", s)
		}
		out := make([]v1alpha1.Item, 0, len(list))
		for _, r := range list {
			out = append(out, v1alpha1.Item{Raw: r})
		}
		return out, nil
	case inv.WithSequence != nil:
		return sequenceItems(inv.WithSequence, sc)
	}
	return nil, nil
}

func sequenceItems(seq *v1alpha1.Sequence, sc scope) ([]v1alpha1.Item, error) {
	num := func(v interface{ String() string }, def int) (int, error) {
		if v == nil {
			return def, nil
		}
		s, err := sc.substitute(v.String())
		if err != nil {
			return 0, err
		}
		return strconv.Atoi(s)
	}
	var start, end int
	var err error
	if seq.Start != nil {
		if start, err = num(seq.Start, 0); err != nil {
			return nil, fmt.Errorf("withSequence.start: %w", err)
		}
	}
	switch {
	case seq.Count != nil:
		c, err := num(seq.Count, 0)
		if err != nil {
			return nil, fmt.Errorf("withSequence.count: %w", err)
		}
		if c == 0 {
			return []v1alpha1.Item{}, nil
		}
		end = start + c - 1
	case seq.End != nil:
		if end, err = num(seq.End, 0); err != nil {
			return nil, fmt.Errorf("withSequence.end: %w", err)
		}
	default:
		return nil, fmt.Errorf("withSequence needs count or end")
	}
	step := 1
	if end < start {
		step = -1
	}
	var out []v1alpha1.Item
	for i := start; ; i += step {
		s := strconv.Itoa(i)
		if seq.Format != "" {
			s = fmt.Sprintf(seq.Format, i)
		}
		it, _ := v1alpha1.ItemFrom(s)
		out = append(out, it)
		if i == end {
			break
		}
	}
	return out, nil
}

// itemScope is what {{item}} and {{item.key}} resolve to for one item.
func itemScope(it v1alpha1.Item) map[string]string {
	m := map[string]string{"item": it.String()}
	var obj map[string]any
	if len(it.Raw) > 0 && it.Raw[0] == '{' && json.Unmarshal(it.Raw, &obj) == nil {
		for k, v := range obj {
			m["item."+k] = stringify(v)
		}
	}
	return m
}

// substituteArgs resolves an invocation's argument values in the caller's scope.
func substituteArgs(args v1alpha1.Arguments, sc scope) (v1alpha1.Arguments, error) {
	out := *args.DeepCopy()
	for i, p := range out.Parameters {
		if p.Value != nil {
			s, err := sc.substitute(string(*p.Value))
			if err != nil {
				return out, err
			}
			out.Parameters[i].Value = v1alpha1.AnyStringPtr(s)
		}
	}
	return out, resolveArtifactArgs(&out, sc)
}
