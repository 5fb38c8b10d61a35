package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// Pod labels and annotations shared with upstream Argo (and controller/workflow).
const (
	labelWorkflow      = wfv1.LabelWorkflow
	annotationNodeName = wfv1.AnnotationNodeName
)

// LogsOptions are the inputs of `kubectl wf logs`.
type LogsOptions struct {
	*cli.Options
	Workflow  string
	Node      string // pod name, node name or display name; "" for all pods
	Container string
	Follow    bool
	Since     time.Duration
	Tail      int64
	Interval  time.Duration // how often -f looks for pods that have started
}

// NewCmdLogs returns `kubectl wf logs`.
func NewCmdLogs(o *cli.Options) *cobra.Command {
	l := &LogsOptions{Options: o}
	cmd := &cobra.Command{
		Use:               "logs WORKFLOW [POD | NODE]",
		Short:             "Print the logs of a Workflow's pods, each line prefixed with its step",
		Example:           "  kubectl wf logs my-wf\n  kubectl wf logs my-wf hello1 -f --tail 20",
		Args:              cobra.RangeArgs(1, 2),
		ValidArgsFunction: completeWorkflowNames(o),
		RunE: func(cmd *cobra.Command, args []string) error {
			l.Workflow = args[0]
			if len(args) > 1 {
				l.Node = args[1]
			}
			return l.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringVarP(&l.Container, "container", "c", "main", "Container to print")
	f.BoolVarP(&l.Follow, "follow", "f", false, "Stream new lines as they are written")
	f.DurationVar(&l.Since, "since", 0, "Only lines newer than this (e.g. 5m)")
	f.Int64Var(&l.Tail, "tail", -1, "Only the last N lines of each pod")
	f.DurationVar(&l.Interval, "interval", time.Second, "With -f, how often to look for pods that have started")
	return cmd
}

type stepPod struct {
	pod    corev1.Pod
	prefix string
}

// Run prints the logs of the selected pods, in pod start order; with -f it follows them
// until the workflow has completed (see follow).
func (l *LogsOptions) Run(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ns, err := l.Namespace()
	if err != nil {
		return err
	}
	cs, err := l.NewClientset()
	if err != nil {
		return err
	}
	if l.Follow {
		return l.follow(ctx, cs, ns)
	}
	// The workflow first: a name that does not exist is an error (NotFound), not a
	// workflow without pods.
	wf, err := getWorkflow(ctx, l.Options, l.Workflow)
	if err != nil {
		return err
	}
	selected, err := l.selectPods(ctx, cs, ns)
	if err != nil {
		return err
	}
	if len(selected) == 0 {
		return l.noPods(wf)
	}
	out := &lockedWriter{w: l.Out}
	for _, sp := range selected {
		if err := l.stream(ctx, cs, sp, out); err != nil {
			return err
		}
	}
	return nil
}

// selectPods lists the workflow's pods that match the NODE argument, in start order.
func (l *LogsOptions) selectPods(ctx context.Context, cs kubernetes.Interface, ns string) ([]stepPod, error) {
	pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: labelWorkflow + "=" + l.Workflow})
	if err != nil {
		return nil, err
	}
	var selected []stepPod
	for _, p := range pods.Items {
		node := strings.TrimPrefix(p.Annotations[annotationNodeName], l.Workflow+".")
		display := node
		if i := strings.LastIndex(node, "."); i >= 0 {
			display = node[i+1:]
		}
		if l.Node != "" && l.Node != p.Name && l.Node != node && l.Node != display && l.Node != p.Annotations[annotationNodeName] {
			continue
		}
		prefix := p.Name
		if display != "" {
			prefix = display
		}
		selected = append(selected, stepPod{pod: p, prefix: prefix})
	}
	sort.SliceStable(selected, func(i, j int) bool {
		ti, tj := selected[i].pod.CreationTimestamp.Time, selected[j].pod.CreationTimestamp.Time
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return selected[i].pod.Name < selected[j].pod.Name
	})
	return selected, nil
}

func (l *LogsOptions) stream(ctx context.Context, cs kubernetes.Interface, sp stepPod, out *lockedWriter) error {
	opts := &corev1.PodLogOptions{Container: l.Container, Follow: l.Follow}
	if l.Since > 0 {
		s := int64(l.Since.Seconds())
		opts.SinceSeconds = &s
	}
	if l.Tail >= 0 {
		opts.TailLines = &l.Tail
	}
	rc, err := cs.CoreV1().Pods(sp.pod.Namespace).GetLogs(sp.pod.Name, opts).Stream(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", sp.pod.Name, err)
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		out.line(sp.prefix + ": " + sc.Text())
	}
	return sc.Err()
}

// lockedWriter keeps the lines of concurrent streams whole.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) line(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintln(l.w, s)
}
