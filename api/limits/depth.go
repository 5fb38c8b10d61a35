package limits

// Depth measures how deeply an expression nests, in one linear pass and without parsing:
// what expr-lang v1.17.8's recursive parser would recurse on before it creates an AST node
// (its node budget, 10000, bounds every other recursion). Measured on that parser, these
// overflow the stack when repeated: ( [ { brackets, runs of the prefix operators ! not - +,
// and let / if chains ("let a = let b = ...", "if if if ..."). Brackets inside string
// literals do not count. The DAG depends and Sensor conditions languages are subsets
// (parentheses and !), so the same measure bounds their parsers.
func Depth(s string) int {
	var d depthScan
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"' || c == '\'' || c == '`':
			i = skipString(s, i)
			d.operand()
		case isWordByte(c):
			j := i + 1
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			d.word(s[i:j])
			i = j
		case c == '(' || c == '[' || c == '{':
			d.open()
			i++
		case c == ')' || c == ']' || c == '}':
			d.close()
			i++
		case c == '!' && (i+1 >= len(s) || s[i+1] != '='):
			d.prefix()
			i++
		case (c == '-' || c == '+') && !d.afterOperand:
			d.prefix()
			i++
		case c == ',':
			d.separator()
			i++
		case c == '.':
			i++ // member access (a.b, a?.b) continues an operand
		default:
			d.binary()
			i++
		}
	}
	return d.max
}

// frame holds what is pending at one bracket level (level 0 is the expression itself).
type frame struct {
	level int
	run   int // prefix operators whose operand has not ended yet
	fixed int // let / if: the parser stays inside them until the frame ends
}

// depthScan keeps only the enclosing frames that have something pending, so that a million
// bare brackets cost no memory beyond the counters.
type depthScan struct {
	saved        []frame
	cur          frame
	total, max   int
	afterOperand bool
}

func (d *depthScan) add(n int) {
	d.total += n
	if d.total > d.max {
		d.max = d.total
	}
}

func (d *depthScan) open() {
	if d.cur.run > 0 || d.cur.fixed > 0 {
		d.saved = append(d.saved, d.cur)
	}
	d.cur = frame{level: d.cur.level + 1}
	d.add(1)
	d.afterOperand = false
}

func (d *depthScan) close() {
	d.total -= d.cur.run + d.cur.fixed
	if d.cur.level > 0 {
		d.total--
		outer := d.cur.level - 1
		d.cur = frame{level: outer}
		if n := len(d.saved); n > 0 && d.saved[n-1].level == outer {
			d.cur = d.saved[n-1]
			d.saved = d.saved[:n-1]
		}
	} else {
		d.cur = frame{} // an unbalanced closer: the parser stops there anyway
	}
	d.afterOperand = true
}

func (d *depthScan) prefix() {
	d.cur.run++
	d.add(1)
	d.afterOperand = false
}

func (d *depthScan) fixedLevel() {
	d.cur.fixed++
	d.add(1)
	d.afterOperand = false
}

// binary ends the operands of the pending prefix operators: the parser returns from them
// before it reads the right-hand side (when it does not, it creates nodes, which the node
// budget bounds).
func (d *depthScan) binary() {
	d.total -= d.cur.run
	d.cur.run = 0
	d.afterOperand = false
}

// separator starts a new argument or element: nothing of the previous one is pending.
func (d *depthScan) separator() {
	d.total -= d.cur.run + d.cur.fixed
	d.cur = frame{level: d.cur.level}
	d.afterOperand = false
}

func (d *depthScan) operand() { d.afterOperand = true }

func (d *depthScan) word(w string) {
	switch w {
	case "not":
		if d.afterOperand { // "a not in b"
			d.binary()
		} else {
			d.prefix()
		}
	case "let", "if":
		d.fixedLevel()
	case "and", "or", "in", "matches", "contains", "startsWith", "endsWith", "else":
		d.binary()
	default:
		d.operand()
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '#' || c >= 0x80
}

// skipString returns the index after the string literal starting at i (or the end of s when
// it is not closed). Backslash escapes apply to '...' and "...", not to `...`.
func skipString(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q != '`':
			j++
		case s[j] == q:
			return j + 1
		}
	}
	return len(s)
}
