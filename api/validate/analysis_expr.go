package validate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/limits"
)

// analysisExprNames are the names Argo Rollouts offers to successCondition and
// failureCondition: the measurement and its helper functions.
var analysisExprNames = map[string]bool{
	"result": true, "asInt": true, "asFloat": true, "isNaN": true, "isInf": true, "isNil": true, "default": true,
}

// analysisCondition parses a condition (after replacing {{args.x}} placeholders, resolved at
// run time) and checks it only names what upstream offers.
func analysisCondition(p *field.Path, cond string) field.ErrorList {
	if strings.TrimSpace(cond) == "" {
		return nil
	}
	if err := oExprCheck(cond, analysisExprNames); err != nil {
		return field.ErrorList{invalidText(p, cond, err.Error(), err)}
	}
	return nil
}

// oExprCheck parses an expr-lang expression and reports identifiers outside known (nil known:
// any identifier is fine). Placeholders {{...}} become a number so the rest still parses.
// Text over the api/limits limits is refused before any parsing.
func oExprCheck(input string, known map[string]bool) error {
	if err := limits.Expression(input); err != nil {
		return err
	}
	src := oTemplateRE.ReplaceAllString(input, "0")
	tree, err := parser.Parse(src)
	if err != nil {
		return fmt.Errorf("does not parse: %s", oFirstLine(err.Error()))
	}
	if known == nil {
		return nil
	}
	v := &oIdentVisitor{idents: map[string]bool{}, local: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	var unknown []string
	for id := range v.idents {
		if !known[id] && !v.local[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("unknown name %s (available: %s)", strings.Join(unknown, ", "), strings.Join(oSortedKeys(known), ", "))
	}
	return nil
}

type oIdentVisitor struct{ idents, local map[string]bool }

func (v *oIdentVisitor) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.VariableDeclaratorNode:
		v.local[x.Name] = true
	case *ast.IdentifierNode:
		v.idents[x.Value] = true
	}
}

func oFirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
