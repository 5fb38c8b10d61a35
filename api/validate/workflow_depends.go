package validate

import (
	"fmt"
	"strings"

	"github.com/skiff-dev/skiff/api/limits"
)

// The DAG `depends` language: task names, optionally with a result (A.Succeeded), joined by
// &&, || and !, grouped with parentheses. A bare name means A.Succeeded || A.Skipped ||
// A.Daemoned.

// dependsResults are the results a task reference may test.
var dependsResults = map[string]bool{
	"Succeeded": true, "Failed": true, "Errored": true, "Skipped": true, "Omitted": true,
	"Daemoned": true, "AnySucceeded": true, "AllFailed": true,
}

// dependsRef is one task reference of a depends expression.
type dependsRef struct {
	task, result string
}

// parseDepends returns the task references of a depends expression, or why it does not parse.
// The text is checked against the limits first, and the parser counts its own depth too.
func parseDepends(s string) ([]dependsRef, error) {
	if err := limits.Expression(s); err != nil {
		return nil, err
	}
	p := dependsParser{s: s}
	if err := p.or(); err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, fmt.Errorf("unexpected %q at offset %d", p.s[p.i:], p.i)
	}
	return p.refs, nil
}

type dependsParser struct {
	nesting
	s    string
	i    int
	refs []dependsRef
}

func (p *dependsParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *dependsParser) eat(tok string) bool {
	p.space()
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *dependsParser) or() error {
	if err := p.and(); err != nil {
		return err
	}
	for p.eat("||") {
		if err := p.and(); err != nil {
			return err
		}
	}
	return nil
}

func (p *dependsParser) and() error {
	if err := p.unary(); err != nil {
		return err
	}
	for p.eat("&&") {
		if err := p.unary(); err != nil {
			return err
		}
	}
	return nil
}

func (p *dependsParser) unary() error {
	if p.eat("!") {
		return p.nested(p.unary)
	}
	if p.eat("(") {
		if err := p.nested(p.or); err != nil {
			return err
		}
		if !p.eat(")") {
			return fmt.Errorf("missing ')' at offset %d", p.i)
		}
		return nil
	}
	return p.operand()
}

func (p *dependsParser) operand() error {
	p.space()
	start := p.i
	for p.i < len(p.s) && (isAlnum(p.s[p.i]) || p.s[p.i] == '-' || p.s[p.i] == '_') {
		p.i++
	}
	if p.i == start {
		if p.i >= len(p.s) {
			return fmt.Errorf("expression ends where a task name is expected")
		}
		return fmt.Errorf("unexpected %q at offset %d: a task name is expected", p.s[p.i:p.i+1], p.i)
	}
	ref := dependsRef{task: p.s[start:p.i]}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		rs := p.i
		for p.i < len(p.s) && isAlnum(p.s[p.i]) {
			p.i++
		}
		ref.result = p.s[rs:p.i]
		if !dependsResults[ref.result] {
			return fmt.Errorf("unknown result %q of task %s (want one of Succeeded, Failed, Errored, Skipped, Omitted, Daemoned, AnySucceeded, AllFailed)", ref.result, ref.task)
		}
	}
	p.refs = append(p.refs, ref)
	return nil
}
