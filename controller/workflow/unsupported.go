package workflow

import (
	"fmt"
	"strings"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// unsupportedTemplate names the first field of a template this controller does not run.
// Admission and the start-of-run validation deny these already; this guards templates
// reached at run time (templateRef, stored templates) that were admitted by older rules.
func unsupportedTemplate(t *v1alpha1.Template) string {
	if fs := t.UnimplementedFields(); len(fs) > 0 {
		return fs[0]
	}
	return ""
}

func notSupported(paths []string) string {
	return fmt.Sprintf("%s: %s", v1alpha1.UnsupportedMessage, strings.Join(paths, ", "))
}
