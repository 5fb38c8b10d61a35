package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// TemplateGetOptions are the inputs of `kubectl wf template|cluster-template get`.
type TemplateGetOptions struct {
	*cli.Options
	Output *cli.Output
	kind   tmplKind
	Name   string
}

func newCmdTemplateGet(o *cli.Options, k tmplKind) *cobra.Command {
	g := &TemplateGetOptions{Options: o, Output: cli.NewOutput(""), kind: k}
	return newGetNamedCmd(fmt.Sprintf("Show a %s: a summary, or the manifest with -o yaml|json", k.Kind),
		k.completeNames(o), g.Output, func(ctx context.Context, name string) error {
			g.Name = name
			return g.Run(ctx)
		})
}

// Run fetches and prints the template.
func (g *TemplateGetOptions) Run(ctx context.Context) error {
	ns, err := g.kind.namespace(g.Options, false)
	if err != nil {
		return err
	}
	c, err := g.NewClient()
	if err != nil {
		return err
	}
	it, err := g.kind.get(ctx, c, ns, g.Name)
	if err != nil {
		return err
	}
	return printFetched(g.Output, g.Out, it.obj, func() string { return renderTemplate(it, g.Now()) })
}

// renderTemplate is the summary: what a submitter needs to know (entrypoint, the arguments
// and their defaults, the templates a templateRef can call).
func renderTemplate(it tmplItem, now time.Time) string {
	var b strings.Builder
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%-16s%s\n", k+":", v)
		}
	}
	created := it.obj.GetCreationTimestamp().Time
	field("Name", it.obj.GetName())
	field("Namespace", it.obj.GetNamespace())
	if !created.IsZero() {
		field("Created", fmt.Sprintf("%s (%s ago)", created.Local().Format("Mon Jan 02 15:04:05 -0700"), cli.Age(now, created)))
	}
	field("Entrypoint", it.spec.Entrypoint)
	field("OnExit", it.spec.OnExit)
	field("ServiceAccount", it.spec.ServiceAccountName)
	if ps := it.spec.Arguments.Parameters; len(ps) > 0 {
		b.WriteString("Arguments:\n")
		for _, p := range ps {
			fmt.Fprintf(&b, "  %s: %s\n", p.Name, parameterValue(p))
		}
	}
	if len(it.spec.Templates) > 0 {
		b.WriteString("Templates:\n")
		t := cli.NewTable(&b, "  NAME", "TYPE", "INPUTS")
		for i := range it.spec.Templates {
			tp := &it.spec.Templates[i]
			var in []string
			for _, p := range tp.Inputs.Parameters {
				in = append(in, p.Name)
			}
			t.Row("  "+tp.Name, templateType(tp), strings.Join(in, ","))
		}
		_ = t.Flush()
	}
	return b.String()
}

func parameterValue(p wfv1.Parameter) string {
	switch {
	case p.Value != nil:
		return string(*p.Value)
	case p.Default != nil:
		return string(*p.Default) + " (default)"
	case p.ValueFrom != nil:
		return "(from valueFrom)"
	}
	return "(to be supplied)"
}

// templateType names a template's kind as upstream's UI does.
func templateType(t *wfv1.Template) string {
	switch {
	case t.Container != nil:
		return "Container"
	case t.ContainerSet != nil:
		return "ContainerSet"
	case t.Script != nil:
		return "Script"
	case t.Resource != nil:
		return "Resource"
	case len(t.Steps) > 0:
		return "Steps"
	case t.DAG != nil:
		return "DAG"
	case t.Suspend != nil:
		return "Suspend"
	case t.Data != nil:
		return "Data"
	case t.HTTP != nil:
		return "HTTP"
	case t.Plugin != nil:
		return "Plugin"
	}
	return "Unknown"
}
