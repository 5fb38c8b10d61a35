package cli

import (
	"fmt"
	"io"
	"k8s.io/apimachinery/pkg/api/meta"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/genericclioptions"
)

// Output wraps cli-runtime's PrintFlags: -o json|yaml|name go to its printers, "" and
// "wide" to the command's own table or tree.
type Output struct {
	Flags *genericclioptions.PrintFlags
}

// NewOutput returns -o flags whose name printer says operation ("created", "deleted", ...).
func NewOutput(operation string) *Output {
	return &Output{Flags: genericclioptions.NewPrintFlags(operation).WithTypeSetter(NewScheme())}
}

// AddFlags adds -o with completion of the formats.
func (p *Output) AddFlags(cmd *cobra.Command, wide bool) {
	formats := []string{"json", "yaml", "name"}
	if wide {
		formats = append(formats, "wide")
	}
	cmd.Flags().StringVarP(p.Flags.OutputFormat, "output", "o", "", "Output format: "+strings.Join(formats, "|"))
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return formats, cobra.ShellCompDirectiveNoFileComp
	})
}

// Format is the -o value.
func (p *Output) Format() string { return *p.Flags.OutputFormat }

// Readable reports whether the command prints its own table/tree ("" or "wide").
func (p *Output) Readable() bool { return p.Format() == "" || p.Format() == "wide" }

// Wide reports -o wide.
func (p *Output) Wide() bool { return p.Format() == "wide" }

// Validate rejects unknown formats.
func (p *Output) Validate(wide bool) error {
	switch p.Format() {
	case "", "json", "yaml", "name":
		return nil
	case "wide":
		if wide {
			return nil
		}
	}
	return fmt.Errorf("unknown output format %q", p.Format())
}

// Print writes obj with the -o json|yaml|name printer.
func (p *Output) Print(obj runtime.Object, w io.Writer) error {
	pr, err := p.Flags.ToPrinter()
	if err != nil {
		return err
	}
	// kubectl's name printer takes one object at a time: print a list's items one by one.
	if p.Format() == "name" && meta.IsListType(obj) {
		items, err := meta.ExtractList(obj)
		if err != nil {
			return err
		}
		for _, item := range items {
			if err := pr.PrintObj(item, w); err != nil {
				return err
			}
		}
		return nil
	}
	return pr.PrintObj(obj, w)
}

// Table writes tab-separated rows aligned as kubectl does.
type Table struct {
	w *tabwriter.Writer
}

// NewTable starts a table with its header.
func NewTable(out io.Writer, header ...string) *Table {
	t := &Table{w: tabwriter.NewWriter(out, 0, 8, 3, ' ', 0)}
	t.Row(header...)
	return t
}

// Row adds a row.
func (t *Table) Row(cells ...string) { fmt.Fprintln(t.w, strings.Join(cells, "\t")) }

// Flush writes the aligned table.
func (t *Table) Flush() error { return t.w.Flush() }
