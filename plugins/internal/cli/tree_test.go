package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRenderTree(t *testing.T) {
	leaf := func(l string, kids ...*TreeNode) *TreeNode {
		return &TreeNode{Label: l, Cells: []string{"x"}, Children: kids}
	}
	group := func(kids ...*TreeNode) *TreeNode { return &TreeNode{Group: true, Children: kids} }
	roots := []*TreeNode{
		leaf("root",
			group(leaf("a")),
			group(leaf("b", group(leaf("b1"), leaf("b2"))), leaf("c")),
			leaf("d", leaf("d1")),
		),
		leaf("exit"),
	}
	var b strings.Builder
	for _, r := range RenderTree(roots) {
		b.WriteString(strings.TrimRight(strings.Join(r, "|"), " ") + "\n")
	}
	want := ` root|x
 ├───a|x
 ├─┬─b|x
 │ │ └─┬─b1|x
 │ │   └─b2|x
 │ └─c|x
 └─d|x
   └─d1|x
 exit|x
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestRenderTreeHidden: a hidden node's children take its place, without a branch of their
// own; a group inside a hidden node still draws as a group.
func TestRenderTreeHidden(t *testing.T) {
	leaf := func(l string, kids ...*TreeNode) *TreeNode {
		return &TreeNode{Label: l, Cells: []string{"x"}, Children: kids}
	}
	hidden := func(kids ...*TreeNode) *TreeNode { return &TreeNode{Hidden: true, Children: kids} }
	group := func(kids ...*TreeNode) *TreeNode { return &TreeNode{Group: true, Children: kids} }
	roots := []*TreeNode{
		leaf("dag",
			leaf("a"),
			hidden(leaf("b(0)", leaf("b1"))),
			group(hidden(leaf("c(0)")), leaf("d")),
			hidden(leaf("e(0)")),
		),
		hidden(leaf("top")),
	}
	var b strings.Builder
	for _, r := range RenderTree(roots) {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	want := ` dag|x
 ├─a|x
 ├─b(0)|x
 │ └─b1|x
 ├─┬─c(0)|x
 │ └─d|x
 └─e(0)|x
 top|x
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestElapsedAndAge(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 90 * time.Second: "1m30s", 3*time.Hour + 5*time.Minute: "3h5m", -time.Second: ""} {
		if got := Elapsed(d); got != want {
			t.Errorf("Elapsed(%s) = %q, want %q", d, got, want)
		}
	}
	now := time.Now()
	if got := Age(now, time.Time{}); got != "" {
		t.Errorf("Age(zero) = %q", got)
	}
	if got := Age(now, now.Add(-2*time.Hour)); got != "120m" {
		t.Errorf("Age(2h) = %q", got)
	}
}

func TestRedrawerDrawsOnlyChanges(t *testing.T) {
	var out bytes.Buffer
	r := NewRedrawer(&out)
	for _, frame := range []string{"a\n", "a\n", "b\n", "b\n"} {
		r.Draw(frame)
	}
	if out.String() != "a\n\nb\n\n" {
		t.Errorf("got %q", out.String())
	}
	out.Reset()
	r = &Redrawer{Out: &out, Clear: true}
	r.Draw("a\n")
	if out.String() != "\x1b[H\x1b[2Ja\n" {
		t.Errorf("terminal frame %q", out.String())
	}
}

func TestColour(t *testing.T) {
	if got := (Colour{}).Red("x"); got != "x" {
		t.Errorf("disabled colour = %q", got)
	}
	if got := (Colour{Enabled: true}).Red("x"); got != "\x1b[31mx\x1b[0m" {
		t.Errorf("red = %q", got)
	}
	o := &Options{Getenv: func(k string) string {
		if k == "TERM" {
			return "dumb"
		}
		return ""
	}}
	if o.Colour().Enabled {
		t.Error("TERM=dumb is coloured")
	}
}
