package run

import (
	"fmt"
	"os"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// collected is what the executor gathered from a template's outputs.
type collected struct {
	params  []OutputParameter
	errs    []string // a parameter that could not be collected: the step fails
	skipped []string // parameters whose source the executor does not read
}

// collectParameters reads every outputs.parameters[].valueFrom.path. A file that cannot be
// read falls back to valueFrom.default, then the parameter's default; without either it is
// an error naming the parameter. Parameters with another source (supplied, expression,
// parameter, jsonPath, ...) or a literal value are left to the controller and listed.
func collectParameters(tmpl *v1alpha1.Template) collected {
	var c collected
	if tmpl == nil {
		return c
	}
	for _, p := range tmpl.Outputs.Parameters {
		vf := p.ValueFrom
		if vf == nil || vf.Path == "" {
			c.skipped = append(c.skipped, fmt.Sprintf("%s (%s)", p.Name, source(p)))
			continue
		}
		data, err := os.ReadFile(vf.Path)
		switch {
		case err == nil:
			c.params = append(c.params, OutputParameter{Name: p.Name, Value: trimNewline(string(data))})
		case vf.Default != nil:
			c.params = append(c.params, OutputParameter{Name: p.Name, Value: vf.Default.String()})
		case p.Default != nil:
			c.params = append(c.params, OutputParameter{Name: p.Name, Value: p.Default.String()})
		default:
			c.errs = append(c.errs, fmt.Sprintf("output parameter %q: %s", p.Name, readError(vf.Path, err)))
		}
	}
	return c
}

func readError(path string, err error) string {
	if os.IsNotExist(err) {
		return fmt.Sprintf("file %s does not exist and the parameter has no default", path)
	}
	return fmt.Sprintf("reading %s: %v (and the parameter has no default)", path, err)
}

// source names where a parameter not read by the executor gets its value from.
func source(p v1alpha1.Parameter) string {
	vf := p.ValueFrom
	if vf == nil {
		if p.Value != nil {
			return "value"
		}
		return "no valueFrom"
	}
	var fields []string
	add := func(set bool, name string) {
		if set {
			fields = append(fields, "valueFrom."+name)
		}
	}
	add(vf.Supplied != nil, "supplied")
	add(vf.Parameter != "", "parameter")
	add(vf.Expression != "", "expression")
	add(vf.JSONPath != "", "jsonPath")
	add(vf.JQFilter != "", "jqFilter")
	add(vf.Event != "", "event")
	add(vf.ConfigMapKeyRef != nil, "configMapKeyRef")
	if len(fields) == 0 {
		return "empty valueFrom"
	}
	return strings.Join(fields, ", ")
}
