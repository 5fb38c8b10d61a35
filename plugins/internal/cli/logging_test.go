package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericiooptions"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"
)

// TestNewOptionsSetsControllerRuntimeLogger: building a plugin's options hands
// controller-runtime a logger. Were none set, messages would go to its placeholder and, after
// 30 s, its "log.SetLogger(...) was never called" stack trace to stderr; that the messages
// below reach the options' stderr shows the logger is in place from the start, so the 30 s
// fallback (which only runs while no logger is set) can never fire.
func TestNewOptionsSetsControllerRuntimeLogger(t *testing.T) {
	var errOut bytes.Buffer
	NewOptions(genericiooptions.IOStreams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, ErrOut: &errOut}, func(string) string { return "" })
	log := ctrllog.Log.WithName("client")
	log.Info("v1 ConfigMap is deprecated")
	log.V(1).Info("debug detail the user does not need")
	log.Error(errors.New("connection refused"), "watch failed", "resource", "workflows")
	want := "Warning: v1 ConfigMap is deprecated\nWarning: watch failed: connection refused resource=workflows\n"
	if got := errOut.String(); got != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(errOut.String(), "SetLogger") {
		t.Errorf("stderr has controller-runtime's missing-logger warning:\n%s", errOut.String())
	}
}
