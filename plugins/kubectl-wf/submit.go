package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	sigsyaml "sigs.k8s.io/yaml"

	wfv1 "github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// SubmitOptions are the inputs of `kubectl wf submit`.
type SubmitOptions struct {
	*cli.Options
	Output *cli.Output

	File           string
	From           string
	Parameters     []string
	ParameterFile  string
	Entrypoint     string
	GenerateName   string
	ServiceAccount string
	DryRun         bool
	ServerDryRun   bool
	Watch          bool
	Wait           bool
	Timeout        time.Duration // with --wait: give up after this long

	params    map[string]string
	namespace string
}

// NewCmdSubmit returns `kubectl wf submit`.
func NewCmdSubmit(o *cli.Options) *cobra.Command {
	s := &SubmitOptions{Options: o, Output: cli.NewOutput("created")}
	cmd := &cobra.Command{
		Use:               "submit (FILE | - | --from KIND/NAME)",
		Short:             "Create Workflows from a manifest, a (Cluster)WorkflowTemplate or a CronWorkflow",
		Example:           "  kubectl wf submit hello-world.yaml -p message=hi\n  kubectl wf submit wf.yaml --dry-run -o yaml\n  kubectl wf submit --from workflowtemplate/my-template -p message=hi",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeManifests,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				s.File = args[0]
			}
			if err := s.Complete(); err != nil {
				return err
			}
			if err := s.Validate(); err != nil {
				return err
			}
			return s.Run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&s.Parameters, "parameter", "p", nil, "Set a workflow argument: NAME=VALUE (repeatable)")
	f.StringVar(&s.ParameterFile, "parameter-file", "", "YAML or JSON file of argument values (NAME: VALUE)")
	f.StringVar(&s.From, "from", "", "Submit from an existing workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronwf/NAME instead of a file")
	_ = cmd.RegisterFlagCompletionFunc("from", completeFrom(o))
	f.StringVar(&s.Entrypoint, "entrypoint", "", "Override spec.entrypoint")
	f.StringVar(&s.GenerateName, "generate-name", "", "Override metadata.generateName (and drop metadata.name)")
	f.StringVar(&s.ServiceAccount, "serviceaccount", "", "Override spec.serviceAccountName")
	f.BoolVar(&s.DryRun, "dry-run", false, "Print the Workflow that would be created, without creating it")
	f.BoolVar(&s.ServerDryRun, "server-dry-run", false, "Send the Workflow to the API server (admission included) without persisting it")
	f.BoolVarP(&s.Watch, "watch", "w", false, "After creating, show the workflow's tree live until it completes")
	f.BoolVar(&s.Wait, "wait", false, "After creating, wait until the workflow completes; exit non-zero unless it Succeeded")
	f.DurationVar(&s.Timeout, "timeout", 0, "With --wait, give up after this long (e.g. 30m) and exit 2; 0 waits forever")
	s.Output.AddFlags(cmd, false)
	return cmd
}

// Complete reads the parameters and the namespace.
func (s *SubmitOptions) Complete() error {
	s.params = map[string]string{}
	if s.ParameterFile != "" {
		data, err := os.ReadFile(s.ParameterFile)
		if err != nil {
			return err
		}
		var m map[string]any
		if err := sigsyaml.Unmarshal(data, &m); err != nil {
			return fmt.Errorf("%s: %w", s.ParameterFile, err)
		}
		for k, v := range m {
			if str, ok := v.(string); ok {
				s.params[k] = str
				continue
			}
			b, err := sigsyaml.Marshal(v)
			if err != nil {
				return err
			}
			s.params[k] = strings.TrimSpace(string(b))
		}
	}
	for _, p := range s.Parameters {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return fmt.Errorf("-p %q: want NAME=VALUE", p)
		}
		s.params[k] = v
	}
	ns, err := s.Namespace()
	s.namespace = ns
	return err
}

// Validate checks flag combinations.
func (s *SubmitOptions) Validate() error {
	if (s.File == "") == (s.From == "") {
		return errors.New("give a manifest (FILE or -) or --from KIND/NAME, one of the two")
	}
	if s.DryRun && s.ServerDryRun {
		return errors.New("--dry-run and --server-dry-run are exclusive")
	}
	if (s.Watch || s.Wait) && (s.DryRun || s.ServerDryRun) {
		return errors.New("--watch and --wait need a created workflow, not a dry run")
	}
	if s.Timeout < 0 {
		return fmt.Errorf("--timeout %s: want a positive duration, or 0 to wait forever", s.Timeout)
	}
	if s.Timeout > 0 && !s.Wait {
		return errors.New("--timeout limits --wait: add --wait")
	}
	return s.Output.Validate(false)
}

// Run decodes (or builds, with --from), overrides, validates and creates each Workflow.
func (s *SubmitOptions) Run(ctx context.Context) error {
	var c client.Client
	var err error
	if !s.DryRun || s.From != "" {
		if c, err = s.NewClient(); err != nil {
			return err
		}
	}
	var wfs []*wfv1.Workflow
	if s.From != "" {
		wf, err := s.fromResource(ctx, c) // submit_from.go
		if err != nil {
			return err
		}
		wfs = append(wfs, wf)
	} else if wfs, err = s.readWorkflows(); err != nil {
		return err
	}
	for _, wf := range wfs {
		if err := s.apply(wf); err != nil {
			return err
		}
		opts := validate.Options{}
		if c != nil {
			opts.Lookup = lookup{c}
		}
		res := validate.Object(ctx, wf, opts)
		for _, w := range res.Warnings {
			fmt.Fprintf(s.ErrOut, "Warning: %s\n", w)
		}
		if err := res.Errors.ToAggregate(); err != nil {
			return fmt.Errorf("%s: %w", objectName(wf), err)
		}
		if err := s.create(ctx, c, wf); err != nil {
			return err
		}
	}
	return s.follow(ctx, wfs)
}

// readWorkflows decodes the Workflows of the manifest.
func (s *SubmitOptions) readWorkflows() ([]*wfv1.Workflow, error) {
	docs, err := cli.ReadDocuments([]string{s.File}, s.In)
	if err != nil {
		return nil, err
	}
	scheme := cli.NewScheme()
	var wfs []*wfv1.Workflow
	for _, d := range docs {
		obj, gvk, err := cli.DecodeStrict(scheme, d.Raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", d.Source, describe(d), err)
		}
		wf, ok := obj.(*wfv1.Workflow)
		if !ok {
			return nil, fmt.Errorf("%s: %s: only Workflows can be submitted, not %s", d.Source, describe(d), gvk.Kind)
		}
		wfs = append(wfs, wf)
	}
	if len(wfs) == 0 {
		return nil, fmt.Errorf("%s: no Workflow found", s.File)
	}
	return wfs, nil
}

// follow runs --watch or --wait on the created workflows.
func (s *SubmitOptions) follow(ctx context.Context, wfs []*wfv1.Workflow) error {
	names := make([]string, len(wfs))
	for i, wf := range wfs {
		names[i] = wf.Name
	}
	if s.Watch {
		for _, n := range names {
			w := &WatchOptions{Options: s.Options, Name: n, Interval: time.Second}
			if err := w.Run(ctx); err != nil {
				return err
			}
		}
	}
	if s.Wait {
		w := &WaitOptions{Options: s.Options, Names: names, Interval: time.Second, Timeout: s.Timeout}
		return w.Run(ctx)
	}
	return nil
}

func (s *SubmitOptions) apply(wf *wfv1.Workflow) error {
	if wf.Namespace == "" || s.ConfigFlags.Namespace != nil && *s.ConfigFlags.Namespace != "" {
		wf.Namespace = s.namespace
	}
	if s.GenerateName != "" {
		wf.GenerateName, wf.Name = s.GenerateName, ""
	}
	if s.Entrypoint != "" {
		wf.Spec.Entrypoint = s.Entrypoint
	}
	if s.ServiceAccount != "" {
		wf.Spec.ServiceAccountName = s.ServiceAccount
	}
	names := make([]string, 0, len(s.params))
	for k := range s.params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		setParameter(&wf.Spec.Arguments, k, s.params[k])
	}
	return nil
}

// setParameter sets an argument's value, adding the argument when the spec lacks it (upstream
// `argo submit -p` does the same).
func setParameter(args *wfv1.Arguments, name, value string) {
	for i := range args.Parameters {
		if args.Parameters[i].Name == name {
			args.Parameters[i].Value = wfv1.AnyStringPtr(value)
			args.Parameters[i].ValueFrom = nil
			return
		}
	}
	args.Parameters = append(args.Parameters, wfv1.Parameter{Name: name, Value: wfv1.AnyStringPtr(value)})
}

func (s *SubmitOptions) create(ctx context.Context, c client.Client, wf *wfv1.Workflow) error {
	if !s.DryRun {
		var opts []client.CreateOption
		if s.ServerDryRun {
			opts = append(opts, client.DryRunAll)
		}
		if err := c.Create(ctx, wf, opts...); err != nil {
			return err
		}
	}
	if !s.Output.Readable() {
		return s.Output.Print(wf, s.Out)
	}
	if s.DryRun {
		s.Output.Flags.OutputFormat = ptr("yaml")
		defer func() { s.Output.Flags.OutputFormat = ptr("") }()
		return s.Output.Print(wf, s.Out)
	}
	suffix := ""
	if s.ServerDryRun {
		suffix = " (server dry run)"
	}
	fmt.Fprintf(s.Out, "workflow.argoproj.io/%s created%s\n", wf.Name, suffix)
	return nil
}

func ptr[T any](v T) *T { return &v }

// objectName is the name, or the generateName prefix of an object not created yet.
func objectName(wf *wfv1.Workflow) string {
	if wf.Name != "" {
		return wf.Name
	}
	return wf.GenerateName
}

// lookup lets validation resolve templateRef through the API server.
type lookup struct{ c client.Client }

func (l lookup) Get(ctx context.Context, namespace, name string, obj runtime.Object) error {
	co, ok := obj.(client.Object)
	if !ok {
		return fmt.Errorf("cannot look up %T", obj)
	}
	return l.c.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, co)
}
