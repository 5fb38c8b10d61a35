// Package cli holds what every Skiff kubectl plugin shares: connection options, printers,
// the status tree, colour and watch helpers.
package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Options are the flags and clients every verb of a plugin shares. Tests replace the client
// constructors and the clock; nothing lives in package-level state.
type Options struct {
	ConfigFlags *genericclioptions.ConfigFlags
	genericiooptions.IOStreams

	AllNamespaces bool
	NoColor       bool

	// NewClient builds the controller-runtime client for Skiff objects.
	NewClient func() (client.Client, error)
	// NewClientset builds the typed client used for pod logs.
	NewClientset func() (kubernetes.Interface, error)
	// Namespace is the namespace from -n or the kubeconfig context.
	Namespace func() (string, error)
	// Now is the clock (fixed in tests).
	Now func() time.Time
	// Getenv reads the environment (TERM for colour).
	Getenv func(string) string
	// Terminal reports whether stdout is a terminal (colour is for terminals only).
	Terminal func() bool
}

// NewScheme returns a scheme with the Kubernetes built-ins and the Skiff kinds.
func NewScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	_ = clientgoscheme.AddToScheme(s)
	_ = v1alpha1.AddToScheme(s)
	return s
}

// NewOptions returns options that talk to the cluster of the kubeconfig. Every plugin's main
// builds its options here, so this is also where controller-runtime gets its logger.
func NewOptions(streams genericiooptions.IOStreams, getenv func(string) string) *Options {
	SetLogger(streams.ErrOut)
	o := &Options{
		ConfigFlags: genericclioptions.NewConfigFlags(true),
		IOStreams:   streams,
		Now:         time.Now,
		Getenv:      getenv,
	}
	o.Terminal = func() bool { return IsTerminal(o.Out) }
	o.NewClient = func() (client.Client, error) {
		cfg, err := o.ConfigFlags.ToRESTConfig()
		if err != nil {
			return nil, err
		}
		return client.New(cfg, client.Options{Scheme: NewScheme()})
	}
	o.NewClientset = func() (kubernetes.Interface, error) {
		cfg, err := o.ConfigFlags.ToRESTConfig()
		if err != nil {
			return nil, err
		}
		return kubernetes.NewForConfig(cfg)
	}
	o.Namespace = func() (string, error) {
		ns, _, err := o.ConfigFlags.ToRawKubeConfigLoader().Namespace()
		return ns, err
	}
	return o
}

// AddFlags adds the connection flags (-n, --context, --kubeconfig, ...), -A and --no-color
// to a plugin's root command.
func (o *Options) AddFlags(cmd *cobra.Command) {
	o.ConfigFlags.AddFlags(cmd.PersistentFlags())
	cmd.PersistentFlags().BoolVarP(&o.AllNamespaces, "all-namespaces", "A", o.AllNamespaces, "Act on all namespaces")
	cmd.PersistentFlags().BoolVar(&o.NoColor, "no-color", o.NoColor, "Disable coloured output")
}

// ListNamespace is the namespace to list in: "" for all namespaces with -A.
func (o *Options) ListNamespace() (string, error) {
	if o.AllNamespaces {
		return "", nil
	}
	return o.Namespace()
}

// Colour returns the palette for stdout: coloured on a terminal, plain with --no-color,
// TERM=dumb or NO_COLOR.
func (o *Options) Colour() Colour {
	tty := o.Terminal == nil || o.Terminal()
	return Colour{Enabled: tty && !o.NoColor && o.Getenv("TERM") != "dumb" && o.Getenv("NO_COLOR") == ""}
}

// ExitError ends the command with a code and no further message (the command has already
// explained itself on stdout/stderr).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }
