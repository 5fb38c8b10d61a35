package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/skiff-dev/skiff/api/stepcontract"
)

// Outputs past a termination message are printed by the wait container on its standard
// output; the controller reads them back with a GET of the pod's log, so step pods need no
// RBAC to hand them over.
// +kubebuilder:rbac:groups="",resources=pods/log,verbs=get

// PodLogs reads a container's log, at most limitBytes of it.
type PodLogs interface {
	Read(ctx context.Context, namespace, pod, container string, limitBytes int64) ([]byte, error)
}

type clientsetLogs struct {
	cs  kubernetes.Interface
	err error
}

func (c clientsetLogs) Read(ctx context.Context, namespace, pod, container string, limitBytes int64) ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	return c.cs.CoreV1().Pods(namespace).GetLogs(pod, &corev1.PodLogOptions{Container: container, LimitBytes: &limitBytes}).DoRaw(ctx)
}

// NewPodLogs reads logs with a clientset for cfg.
func NewPodLogs(cs kubernetes.Interface) PodLogs { return clientsetLogs{cs: cs} }

// podLogsFor is the reconciler's PodLogs: the one it was given, or one for cfg.
func podLogsFor(given PodLogs, cfg *rest.Config) PodLogs {
	if given != nil {
		return given
	}
	cs, err := kubernetes.NewForConfig(cfg)
	return clientsetLogs{cs: cs, err: err}
}

// logSlack is read beyond the announced line: the wait container's own diagnostics.
const logSlack = 1 << 20

// errLogMismatch: the log does not hold the announced outputs; reading again will not help.
var errLogMismatch = errors.New("the wait container's log does not hold the outputs its termination message announces")

// readLoggedOutputs fetches the outputs a wait container printed and checks them against
// the size and SHA-256 it announced and against the output limits.
func (o *operation) readLoggedOutputs(pod *corev1.Pod, ref *stepcontract.LogRef) (stepcontract.Message, error) {
	if ref.Container != stepcontract.WaitContainer || ref.Bytes <= 0 || ref.Bytes > stepcontract.MaxReport {
		return stepcontract.Message{}, fmt.Errorf("%w: container %q, %d bytes", errLogMismatch, ref.Container, ref.Bytes)
	}
	if o.r.PodLogs == nil {
		return stepcontract.Message{}, errors.New("the controller has no client to read pod logs")
	}
	log, err := o.r.PodLogs.Read(o.ctx, pod.Namespace, pod.Name, ref.Container, ref.Bytes+logSlack)
	if err != nil {
		return stepcontract.Message{}, fmt.Errorf("reading the log of container %s of pod %s: %w", ref.Container, pod.Name, err)
	}
	return loggedOutputs(log, ref)
}

// loggedOutputs finds the line of log whose size and SHA-256 are ref's and decodes it.
func loggedOutputs(log []byte, ref *stepcontract.LogRef) (stepcontract.Message, error) {
	for line := range bytes.Lines(log) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if int64(len(line)) != ref.Bytes {
			continue
		}
		sum := sha256.Sum256(line)
		if hex.EncodeToString(sum[:]) != ref.SHA256 {
			continue
		}
		var m stepcontract.Message
		if err := json.Unmarshal(line, &m); err != nil {
			return m, fmt.Errorf("%w: %v", errLogMismatch, err)
		}
		if err := stepcontract.CheckOutputSizes(&m); err != nil {
			return m, err
		}
		return m, nil
	}
	return stepcontract.Message{}, fmt.Errorf("%w (%d bytes, sha256 %s)", errLogMismatch, ref.Bytes, ref.SHA256)
}
