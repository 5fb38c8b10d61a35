package resource

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/itchyny/gojq"

	"github.com/skiff-dev/skiff/api/stepcontract/resourceplan"
	"github.com/skiff-dev/skiff/executor/run"
)

// collect reads the output parameters from obj, in template order. A value that cannot be
// read falls back to valueFrom.default; without one the step fails naming the parameter.
// Without an object (a get of a missing one with --ignore-not-found) each parameter is its
// default or empty, as upstream.
func collect(ctx context.Context, p *plan, obj map[string]any) ([]run.OutputParameter, error) {
	var out []run.OutputParameter
	for _, o := range p.Outputs {
		if obj == nil {
			v := ""
			if vf := o.Param.ValueFrom; vf != nil && vf.Default != nil {
				v = string(*vf.Default)
			}
			out = append(out, run.OutputParameter{Name: o.Param.Name, Value: v})
			continue
		}
		v, err := read(ctx, o, obj)
		if err != nil {
			vf := o.Param.ValueFrom
			if vf == nil || vf.Default == nil {
				return out, err
			}
			v = string(*vf.Default)
		}
		out = append(out, run.OutputParameter{Name: o.Param.Name, Value: v})
	}
	return out, nil
}

func read(ctx context.Context, o resourceplan.Output, obj map[string]any) (string, error) {
	name := o.Param.Name
	if o.JQ != nil {
		return runJQ(ctx, name, o.JQ, obj)
	}
	// As `kubectl get -o jsonpath=...`, except that a missing field is an error (so that a
	// typo does not pass as an empty value) unless valueFrom.default is given.
	j, err := resourceplan.ParseJSONPath(name, o.JSONPath)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := j.Execute(&b, obj); err != nil {
		return "", fmt.Errorf("outputs.parameters.%s.valueFrom.jsonPath %q: %v", name, o.JSONPath, err)
	}
	return b.String(), nil
}

// runJQ renders a jq filter's results as upstream does: strings as they are, other values as
// compact JSON, one per line.
func runJQ(ctx context.Context, name string, code *gojq.Code, obj map[string]any) (string, error) {
	it := code.RunWithContext(ctx, jsonValue(obj))
	var lines []string
	for {
		v, ok := it.Next()
		if !ok {
			break
		}
		if err, isErr := v.(error); isErr {
			return "", fmt.Errorf("outputs.parameters.%s.valueFrom.jqFilter: %v", name, err)
		}
		if s, isStr := v.(string); isStr {
			lines = append(lines, s)
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("outputs.parameters.%s.valueFrom.jqFilter: %v", name, err)
		}
		lines = append(lines, string(b))
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), nil
}

// jsonValue turns an unstructured object (int64 numbers) into plain JSON values (float64
// numbers), the form jq works on.
func jsonValue(obj map[string]any) any {
	b, err := json.Marshal(obj)
	if err != nil {
		return obj
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return obj
	}
	return v
}
