package cli

import "strings"

// TreeNode is one line of a rendered tree: the first cell is indented by the tree lines, the
// other cells are columns. A Group node has no line of its own: its members are drawn as one
// parallel group, the first on the group's line after ┬ (as upstream `argo get` draws step
// groups), or after ── when alone.
type TreeNode struct {
	Label    string
	Cells    []string
	Children []*TreeNode
	Group    bool
}

// RenderTree flattens roots into table rows, the label of each prefixed with ├─, └─, ┬ and │
// tree lines, so a Table aligns the columns.
func RenderTree(roots []*TreeNode) [][]string {
	var rows [][]string
	var walk func(n *TreeNode, prefix, branch, childPrefix string)
	walkChildren := func(children []*TreeNode, prefix string) {
		for i, c := range children {
			if i == len(children)-1 {
				walk(c, prefix, "└─", prefix+"  ")
			} else {
				walk(c, prefix, "├─", prefix+"│ ")
			}
		}
	}
	walk = func(n *TreeNode, prefix, branch, childPrefix string) {
		if !n.Group {
			rows = append(rows, append([]string{prefix + branch + n.Label}, n.Cells...))
			walkChildren(n.Children, childPrefix)
			return
		}
		switch len(n.Children) {
		case 0:
			return
		case 1:
			walk(n.Children[0], prefix, branch+"──", childPrefix+"  ")
			return
		}
		first := n.Children[0]
		rows = append(rows, append([]string{prefix + branch + "┬─" + first.Label}, first.Cells...))
		walkChildren(first.Children, childPrefix+"│ ")
		rest := n.Children[1:]
		for i, c := range rest {
			if i == len(rest)-1 {
				walk(c, childPrefix, "└─", childPrefix+"  ")
			} else {
				walk(c, childPrefix, "├─", childPrefix+"│ ")
			}
		}
	}
	for _, r := range roots {
		walk(r, " ", "", " ")
	}
	return rows
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
