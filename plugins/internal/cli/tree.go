package cli

import "strings"

// TreeNode is one node of a rendered tree: its first cell (Label) is indented by the tree
// lines, the other cells are columns.
//
// Two kinds of node have no line of their own, as in upstream `argo get`:
//   - Group: its members form one parallel group hanging from the group's own branch, the
//     first after ┬ (or after ── when alone), the others below it (a steps template's step
//     group);
//   - Hidden: its children take its place without a branch of their own (a retry node with a
//     single attempt, an omitted task).
type TreeNode struct {
	Label    string
	Cells    []string
	Children []*TreeNode
	Group    bool
	Hidden   bool
}

// RenderTree flattens roots into table rows, the label of each prefixed with ├─, └─, ┬ and │
// tree lines, so a Table aligns the columns. Each root starts at a one-space indent.
func RenderTree(roots []*TreeNode) [][]string {
	var rows [][]string
	// walk draws n: its own line (when it has one) starts with linePrefix, lines below it
	// start with indent.
	var walk func(n *TreeNode, linePrefix, indent string)
	walk = func(n *TreeNode, linePrefix, indent string) {
		if !n.Group && !n.Hidden {
			rows = append(rows, append([]string{linePrefix + n.Label}, n.Cells...))
		}
		last := len(n.Children) - 1
		for i, c := range n.Children {
			branch, under := branchGlyphs(n, i, last)
			// A child of a node without a line continues that node's line when it is first.
			start := indent
			if (n.Group || n.Hidden) && i == 0 {
				start = linePrefix
			}
			walk(c, start+branch, indent+under)
		}
	}
	for _, r := range roots {
		walk(r, " ", " ")
	}
	return rows
}

// branchGlyphs are the glyphs in front of child i of n and in front of the lines below it.
func branchGlyphs(n *TreeNode, i, last int) (branch, under string) {
	switch {
	case n.Hidden:
		return "", ""
	case n.Group && last == 0:
		return "──", "  "
	case n.Group && i == 0:
		return "┬─", "│ "
	case i == last:
		return "└─", "  "
	}
	return "├─", "│ "
}

// JoinRows renders rows as text, for change detection.
func JoinRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}
