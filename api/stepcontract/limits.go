package stepcontract

import (
	"errors"
	"fmt"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const (
	// MaxTerminationMessage is what Kubernetes keeps of a termination message; the kubelet
	// cuts longer files, which would leave invalid JSON.
	MaxTerminationMessage = 4096
	// MaxOutputValue bounds one output value (the result, or one parameter), as upstream.
	MaxOutputValue = 256 << 10
	// MaxStepOutputs bounds the result and parameters of one step together.
	MaxStepOutputs = 1 << 20
	// MaxReport bounds a report or a logged Message (the outputs, JSON-escaped, plus
	// artifact keys and notes); a larger one is refused rather than read.
	MaxReport = 8 * MaxStepOutputs
)

// ErrOutputTooLarge is wrapped by CheckOutputSizes' errors.
var ErrOutputTooLarge = errors.New("output too large")

// CheckOutputSizes names the first output past MaxOutputValue, or the step's outputs
// together past MaxStepOutputs.
func CheckOutputSizes(m *Message) error {
	total := len(m.Result)
	if len(m.Result) > MaxOutputValue {
		return tooLarge("outputs.result is %d bytes, over the limit of %d bytes per output value", len(m.Result), MaxOutputValue)
	}
	for _, p := range m.Parameters {
		if len(p.Value) > MaxOutputValue {
			return tooLarge("outputs.parameters.%s is %d bytes, over the limit of %d bytes per output value", p.Name, len(p.Value), MaxOutputValue)
		}
		total += len(p.Value)
	}
	if total > MaxStepOutputs {
		return tooLarge("the step's outputs (result and parameters) are %d bytes together, over the limit of %d bytes per step", total, MaxStepOutputs)
	}
	return nil
}

// NeedsWait says whether a container or script template's pod gets a wait container: when
// it has output artifacts (wait uploads them), output parameters or is a script (their
// values and a script's result may be larger than a termination message). A plain
// container template's result is what fits in main's termination message, as before.
func NeedsWait(t *v1alpha1.Template) bool {
	return len(t.Outputs.Artifacts) > 0 || len(t.Outputs.Parameters) > 0 || t.Script != nil
}

func tooLarge(format string, args ...any) error {
	return &sizeError{msg: fmt.Sprintf(format, args...)}
}

// sizeError reads as its message alone and matches ErrOutputTooLarge.
type sizeError struct{ msg string }

func (e *sizeError) Error() string        { return e.msg }
func (e *sizeError) Is(target error) bool { return target == ErrOutputTooLarge }
