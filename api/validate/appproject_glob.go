package validate

import (
	"fmt"
	"regexp"
	"strings"
)

// cdGlob compiles an Argo CD pattern: '*' any run of characters, '?' one character,
// '[...]' a class, '{a,b}' alternatives, '\' escapes. A leading '!' (negation) is the
// caller's business. The whole value must match.
func cdGlob(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	depth := 0
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		switch c {
		case '\\':
			if i+1 >= len(pattern) {
				return nil, fmt.Errorf("pattern %q ends with an escape", pattern)
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(pattern[i])))
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := strings.IndexByte(pattern[i+1:], ']')
			if j < 0 {
				return nil, fmt.Errorf("pattern %q has an unclosed '['", pattern)
			}
			class := pattern[i+1 : i+1+j]
			if class == "" || class == "!" {
				return nil, fmt.Errorf("pattern %q has an empty character class", pattern)
			}
			if class[0] == '!' {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		case '{':
			depth++
			b.WriteString("(?:")
		case '}':
			if depth == 0 {
				return nil, fmt.Errorf("pattern %q has an unopened '}'", pattern)
			}
			depth--
			b.WriteString(")")
		case ',':
			if depth > 0 {
				b.WriteString("|")
			} else {
				b.WriteString(",")
			}
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("pattern %q has an unclosed '{'", pattern)
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %q does not compile: %v", pattern, err)
	}
	return re, nil
}

// cdGlobMatch reports whether value matches pattern (negation stripped); a pattern that does
// not compile matches nothing.
func cdGlobMatch(pattern, value string) bool {
	re, err := cdGlob(pattern)
	return err == nil && re.MatchString(value)
}

// cdPatternList applies a list of patterns the Argo CD way: the value is allowed when some
// positive pattern matches it and no negated ("!") pattern does.
func cdPatternList(patterns []string, value string) bool {
	allowed := false
	for _, p := range patterns {
		if neg, ok := strings.CutPrefix(p, "!"); ok {
			if cdGlobMatch(neg, value) {
				return false
			}
			continue
		}
		if cdGlobMatch(p, value) {
			allowed = true
		}
	}
	return allowed
}
