package installer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/release"
	"helm.sh/helm/v3/pkg/storage/driver"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
)

// Options say what to install where.
type Options struct {
	Release   string // default DefaultRelease
	Namespace string // default DefaultNamespace
	Values    map[string]any
	Timeout   time.Duration // for the Deployments to become Ready; default 5m
	Out       io.Writer     // progress and summary
	// SkipCRDs leaves the CRDs alone (someone else manages them).
	SkipCRDs bool
}

func (o *Options) defaults() {
	if o.Release == "" {
		o.Release = DefaultRelease
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
}

// Result summarises an install.
type Result struct {
	Release  *release.Release
	Upgraded bool
	Pods     []corev1.Pod
}

func (k *Kube) helm(namespace string) (*action.Configuration, error) {
	cfg := &action.Configuration{}
	logf := func(format string, v ...any) {}
	if err := cfg.Init(k.Getter, namespace, "secret", logf); err != nil {
		return nil, fmt.Errorf("initialising Helm: %w", err)
	}
	return cfg, nil
}

// Install installs the chart, or upgrades the release when it exists, then waits for its
// Deployments to be Ready. CRDs (the chart's crds/) are applied server-side first, on install
// and on upgrade alike (Helm itself never upgrades crds/), and left out of the Helm release,
// which keeps the release Secret small.
func (k *Kube) Install(ctx context.Context, ch *chart.Chart, o Options) (*Result, error) {
	o.defaults()
	start := time.Now()
	if !o.SkipCRDs {
		if err := k.ApplyCRDs(ctx, ch, o.Out); err != nil {
			return nil, err
		}
	}
	ch = withoutCRDs(ch)
	cfg, err := k.helm(o.Namespace)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	hist, err := action.NewHistory(cfg).Run(o.Release)
	switch {
	case errors.Is(err, driver.ErrReleaseNotFound) || (err == nil && len(hist) == 0):
		fmt.Fprintf(o.Out, "Installing release %s into namespace %s\n", o.Release, o.Namespace)
		inst := action.NewInstall(cfg)
		inst.ReleaseName, inst.Namespace = o.Release, o.Namespace
		inst.CreateNamespace, inst.SkipCRDs = true, true
		inst.Timeout = o.Timeout
		res.Release, err = inst.RunWithContext(ctx, ch, o.Values)
	case err != nil:
		return nil, fmt.Errorf("reading the history of release %s: %w", o.Release, err)
	default:
		last := hist[len(hist)-1]
		if last.Info.Status.IsPending() {
			return nil, fmt.Errorf("release %s is %s (an interrupted operation?): run make undeploy, then deploy again", o.Release, last.Info.Status)
		}
		fmt.Fprintf(o.Out, "Upgrading release %s (revision %d, %s) in namespace %s\n", o.Release, last.Version, last.Info.Status, o.Namespace)
		up := action.NewUpgrade(cfg)
		up.Namespace, up.SkipCRDs, up.MaxHistory, up.Timeout = o.Namespace, true, 5, o.Timeout
		res.Release, err = up.RunWithContext(ctx, o.Release, ch, o.Values)
		res.Upgraded = true
	}
	if err != nil {
		return nil, fmt.Errorf("helm: %w", err)
	}
	fmt.Fprintf(o.Out, "Release %s revision %d %s in %s; waiting for its Deployments\n", o.Release, res.Release.Version,
		res.Release.Info.Status, time.Since(start).Round(100*time.Millisecond))
	if res.Pods, err = k.WaitReady(ctx, o.Namespace, o.Release, o.Timeout, o.Out); err != nil {
		return res, err
	}
	return res, nil
}

// ApplyCRDs server-side applies the chart's CRDs and waits until they are Established.
func (k *Kube) ApplyCRDs(ctx context.Context, ch *chart.Chart, out io.Writer) error {
	start := time.Now()
	var names []string
	for _, crd := range ch.CRDObjects() {
		objs, err := Decode(string(crd.File.Data))
		if err != nil {
			return fmt.Errorf("%s: %w", crd.Filename, err)
		}
		for _, obj := range objs {
			if err := k.Apply(ctx, obj, FieldManager, false); err != nil {
				return fmt.Errorf("applying %s: %w", crd.Filename, err)
			}
			names = append(names, obj.GetName())
		}
	}
	if err := k.WaitEstablished(ctx, names, time.Minute); err != nil {
		return fmt.Errorf("waiting for the CRDs to be Established: %w", err)
	}
	k.Mapper.Reset()
	fmt.Fprintf(out, "Applied %d CRDs (server-side) in %s\n", len(names), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// withoutCRDs returns a shallow copy of ch without its crds/ files.
func withoutCRDs(ch *chart.Chart) *chart.Chart {
	c := *ch
	c.Files = slices.DeleteFunc(slices.Clone(ch.Files), func(f *chart.File) bool {
		return strings.HasPrefix(f.Name, "crds/")
	})
	return &c
}

// WaitReady waits until every Deployment of the release is rolled out and available, and
// returns the release's pods. On timeout the error names what is not ready and why.
func (k *Kube) WaitReady(ctx context.Context, namespace, releaseName string, timeout time.Duration, out io.Writer) ([]corev1.Pod, error) {
	sel := "app.kubernetes.io/instance=" + releaseName
	var last string
	lastPrint := time.Time{}
	err := wait.PollUntilContextTimeout(ctx, time.Second, timeout, true, func(ctx context.Context) (bool, error) {
		deps, err := k.Client.AppsV1().Deployments(namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
		if err != nil {
			return false, err
		}
		if len(deps.Items) == 0 {
			last = "no Deployments with " + sel
			return false, nil
		}
		var pending []string
		for _, d := range deps.Items {
			if !deploymentReady(&d) {
				pending = append(pending, fmt.Sprintf("%s %d/%d ready", d.Name, d.Status.ReadyReplicas, ptrInt(d.Spec.Replicas)))
			}
		}
		last = strings.Join(pending, ", ")
		if len(pending) > 0 && time.Since(lastPrint) > 10*time.Second {
			fmt.Fprintf(out, "  waiting: %s\n", last)
			lastPrint = time.Now()
		}
		return len(pending) == 0, nil
	})
	pods, perr := k.Client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		msg := fmt.Sprintf("Deployments of release %s not ready after %s: %s", releaseName, timeout, last)
		if perr == nil {
			msg += "\n" + podProblems(pods.Items)
			msg += k.recentWarnings(ctx, namespace)
		}
		return nil, errors.New(msg)
	}
	if perr != nil {
		return nil, perr
	}
	return pods.Items, nil
}

func deploymentReady(d *appsv1.Deployment) bool {
	want := ptrInt(d.Spec.Replicas)
	return d.Status.ObservedGeneration >= d.Generation &&
		d.Status.UpdatedReplicas == want && d.Status.ReadyReplicas == want &&
		d.Status.AvailableReplicas == want && d.Status.Replicas == want
}

func ptrInt(p *int32) int32 {
	if p == nil {
		return 1
	}
	return *p
}

// podProblems explains why pods are not ready: waiting reasons, last terminations.
func podProblems(pods []corev1.Pod) string {
	var b strings.Builder
	for _, p := range pods {
		fmt.Fprintf(&b, "  pod %s: %s", p.Name, p.Status.Phase)
		for _, cs := range p.Status.ContainerStatuses {
			if w := cs.State.Waiting; w != nil {
				fmt.Fprintf(&b, "; %s waiting: %s %s", cs.Name, w.Reason, w.Message)
			}
			if t := cs.LastTerminationState.Terminated; t != nil {
				fmt.Fprintf(&b, "; %s last exit %d (%s) %s", cs.Name, t.ExitCode, t.Reason, strings.TrimSpace(t.Message))
			}
			fmt.Fprintf(&b, "; %s ready=%v restarts=%d", cs.Name, cs.Ready, cs.RestartCount)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (k *Kube) recentWarnings(ctx context.Context, namespace string) string {
	evs, err := k.Client.CoreV1().Events(namespace).List(ctx, metav1.ListOptions{FieldSelector: "type=Warning"})
	if err != nil || len(evs.Items) == 0 {
		return ""
	}
	items := evs.Items
	if len(items) > 10 {
		items = items[len(items)-10:]
	}
	var b strings.Builder
	b.WriteString("  recent warnings:\n")
	for _, e := range items {
		fmt.Fprintf(&b, "    %s/%s %s: %s\n", strings.ToLower(e.InvolvedObject.Kind), e.InvolvedObject.Name, e.Reason, e.Message)
	}
	return b.String()
}

// Uninstall removes the release and waits for its pods to go. CRDs (and so every
// argoproj.io object) stay unless deleteCRDs is set.
func (k *Kube) Uninstall(ctx context.Context, ch *chart.Chart, o Options, deleteCRDs bool) error {
	o.defaults()
	cfg, err := k.helm(o.Namespace)
	if err != nil {
		return err
	}
	un := action.NewUninstall(cfg)
	un.Timeout = o.Timeout
	un.Wait = false
	resp, err := un.Run(o.Release)
	switch {
	case errors.Is(err, driver.ErrReleaseNotFound):
		fmt.Fprintf(o.Out, "Release %s is not installed in namespace %s\n", o.Release, o.Namespace)
	case err != nil:
		return fmt.Errorf("helm uninstall: %w", err)
	default:
		fmt.Fprintf(o.Out, "Uninstalled release %s (revision %d)\n", o.Release, resp.Release.Version)
	}
	sel := "app.kubernetes.io/instance=" + o.Release
	err = wait.PollUntilContextTimeout(ctx, time.Second, o.Timeout, true, func(ctx context.Context) (bool, error) {
		pods, err := k.Client.CoreV1().Pods(o.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
		if err != nil {
			return false, err
		}
		return len(pods.Items) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("waiting for the pods of %s to go: %w", o.Release, err)
	}
	// The controller's leader-election Lease is not part of the release; a leftover one would
	// name a gone pod until it expires.
	err = k.Client.CoordinationV1().Leases(o.Namespace).Delete(ctx, "skiff-controller", metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting the Lease skiff-controller: %w", err)
	}
	if !deleteCRDs {
		fmt.Fprintf(o.Out, "Kept the argoproj.io CRDs and their objects (undeploy with CRDS=1 to delete them)\n")
		return nil
	}
	for _, crd := range ch.CRDObjects() {
		objs, err := Decode(string(crd.File.Data))
		if err != nil {
			return err
		}
		for _, obj := range objs {
			err := k.Dynamic.Resource(crdGVR).Delete(ctx, obj.GetName(), metav1.DeleteOptions{})
			if err != nil && !apierrors.IsNotFound(err) {
				return fmt.Errorf("deleting CRD %s: %w", obj.GetName(), err)
			}
		}
	}
	fmt.Fprintf(o.Out, "Deleted the argoproj.io CRDs\n")
	return nil
}

// DryRun validates every object of manifest on the server (server-side apply with
// dryRun=All: schema, defaulting, admission) without changing anything.
func (k *Kube) DryRun(ctx context.Context, manifest string) (int, error) {
	objs, err := Decode(manifest)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, obj := range objs {
		if err := k.Apply(ctx, obj, FieldManager+"-lint", true); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", describe(obj), err))
		}
	}
	return len(objs), errors.Join(errs...)
}
