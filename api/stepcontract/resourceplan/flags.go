package resourceplan

import (
	"fmt"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Flags are the kubectl flags of a resource template that Skiff carries out itself. Upstream
// passes resource.flags to kubectl; Skiff talks to the API server directly, so it honours the
// common ones and rejects any other rather than drop it.
type Flags struct {
	// Type and Name are the positional arguments (TYPE NAME or TYPE/NAME) that name the
	// object for get, delete and patch instead of the manifest.
	Type, Name string
	// Namespace is -n/--namespace.
	Namespace string
	// Selector is -l/--selector for delete: every object of Type whose labels match.
	Selector string
	// FieldValidation is --validate (Strict, Warn or Ignore; empty: the server's default).
	FieldValidation string
	// FieldManager is --field-manager (default "skiff-workflow").
	FieldManager string
	// Propagation is --cascade for delete (default Background, as kubectl).
	Propagation metav1.DeletionPropagation
	// GracePeriod is --grace-period for delete (nil: the object's default).
	GracePeriod *int64
	// NoWait is --wait=false for delete: do not wait for the object to be gone.
	NoWait bool
	// IgnoreNotFound is --ignore-not-found: a get of a missing object succeeds with no
	// object; for delete it is always on (as upstream) unless --ignore-not-found=false.
	IgnoreNotFound bool
}

// supportedFlags is listed in the error for an unknown flag.
const supportedFlags = "TYPE NAME, TYPE/NAME, -n/--namespace, -l/--selector (delete TYPE), --validate, --field-manager, --server-side, --cascade, --grace-period, --wait, --ignore-not-found"

// ParseFlags reads resource.flags for action.
func ParseFlags(action string, args []string) (*Flags, error) {
	f := &Flags{FieldManager: DefaultFieldManager, Propagation: metav1.DeletePropagationBackground, IgnoreNotFound: action == "delete"}
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		// value returns the flag's value, from "--x=v" or the next argument.
		value := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("resource.flags: %s needs a value", name)
			}
			i++
			return args[i], nil
		}
		boolean := func() (bool, error) {
			if !hasVal {
				return true, nil
			}
			b, err := strconv.ParseBool(val)
			if err != nil {
				return false, fmt.Errorf("resource.flags: %s=%s: not true or false", name, val)
			}
			return b, nil
		}
		onlyFor := func(actions ...string) error {
			for _, ac := range actions {
				if ac == action {
					return nil
				}
			}
			return fmt.Errorf("resource.flags: %s applies to action %s, not %s", name, strings.Join(actions, "/"), action)
		}
		var err error
		switch {
		case name == "-n" || name == "--namespace":
			f.Namespace, err = value()
		case strings.HasPrefix(name, "-n") && len(name) > 2 && !strings.HasPrefix(name, "--"):
			f.Namespace = name[2:]
		case name == "-l" || name == "--selector":
			if err = onlyFor("delete"); err == nil {
				f.Selector, err = value()
			}
		case name == "--validate":
			if err = onlyFor("create", "apply", "replace", "patch"); err == nil {
				f.FieldValidation, err = validation(hasVal, val)
			}
		case name == "--field-manager":
			if err = onlyFor("create", "apply", "replace", "patch"); err == nil {
				f.FieldManager, err = value()
			}
		case name == "--server-side":
			var on bool
			if err = onlyFor("apply"); err == nil {
				if on, err = boolean(); err == nil && !on {
					err = fmt.Errorf("resource.flags: --server-side=false: Skiff applies server-side only")
				}
			}
		case name == "--cascade":
			if err = onlyFor("delete"); err == nil {
				f.Propagation, err = cascade(hasVal, val)
			}
		case name == "--grace-period":
			var v string
			if err = onlyFor("delete"); err == nil {
				if v, err = value(); err == nil {
					n, perr := strconv.ParseInt(v, 10, 64)
					switch {
					case perr != nil:
						err = fmt.Errorf("resource.flags: --grace-period %q: not a whole number of seconds", v)
					case n >= 0: // kubectl: a negative period means the object's default
						f.GracePeriod = &n
					}
				}
			}
		case name == "--wait":
			var on bool
			if err = onlyFor("delete"); err == nil {
				on, err = boolean()
				f.NoWait = !on
			}
		case name == "--ignore-not-found":
			if err = onlyFor("get", "delete"); err == nil {
				f.IgnoreNotFound, err = boolean()
			}
		default:
			err = fmt.Errorf("resource.flags: %q is not supported by Skiff (supported: %s)", a, supportedFlags)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := f.positional(action, positional); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Flags) positional(action string, args []string) error {
	if f.Selector != "" {
		if len(args) != 1 || strings.Contains(args[0], "/") {
			if len(args) == 0 {
				return fmt.Errorf("resource.flags: --selector=%s needs the type of the objects to select in the flags too (e.g. [configmap, --selector=%s])", f.Selector, f.Selector)
			}
			return fmt.Errorf("resource.flags: --selector=%s: give the type alone (TYPE), not %q", f.Selector, strings.Join(args, " "))
		}
		if _, err := labels.Parse(f.Selector); err != nil {
			return fmt.Errorf("resource.flags: --selector %q: %v", f.Selector, err)
		}
		f.Type = args[0]
		return nil
	}
	switch {
	case len(args) == 0:
		return nil
	case action != "get" && action != "delete" && action != "patch":
		return fmt.Errorf("resource.flags: %q: action %s takes the object from the manifest, not from arguments", strings.Join(args, " "), action)
	case len(args) == 1 && strings.Count(args[0], "/") == 1:
		f.Type, f.Name, _ = strings.Cut(args[0], "/")
	case len(args) == 2 && !strings.Contains(args[0], "/") && !strings.Contains(args[1], "/"):
		f.Type, f.Name = args[0], args[1]
	default:
		return fmt.Errorf("resource.flags: %q: name one object, as TYPE NAME or TYPE/NAME", strings.Join(args, " "))
	}
	if f.Type == "" || f.Name == "" {
		return fmt.Errorf("resource.flags: %q: name one object, as TYPE NAME or TYPE/NAME", strings.Join(args, " "))
	}
	return nil
}

func validation(hasVal bool, v string) (string, error) {
	if !hasVal {
		return metav1.FieldValidationStrict, nil
	}
	switch strings.ToLower(v) {
	case "true", "strict":
		return metav1.FieldValidationStrict, nil
	case "warn":
		return metav1.FieldValidationWarn, nil
	case "false", "ignore":
		return metav1.FieldValidationIgnore, nil
	}
	return "", fmt.Errorf("resource.flags: --validate=%s: want strict, warn, ignore, true or false", v)
}

func cascade(hasVal bool, v string) (metav1.DeletionPropagation, error) {
	if !hasVal {
		return metav1.DeletePropagationBackground, nil
	}
	switch strings.ToLower(v) {
	case "background", "true":
		return metav1.DeletePropagationBackground, nil
	case "foreground":
		return metav1.DeletePropagationForeground, nil
	case "orphan", "false":
		return metav1.DeletePropagationOrphan, nil
	}
	return "", fmt.Errorf("resource.flags: --cascade=%s: want background, foreground or orphan", v)
}

// DefaultFieldManager is the field manager of the objects resource templates write.
const DefaultFieldManager = "skiff-workflow"
