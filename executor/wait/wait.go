// Package wait is the step pod's wait container: a native sidecar that holds the output
// artifacts' credentials, never runs user code, waits for main's report in the shared
// volume, uploads the output artifacts main packed and reports the step's outputs: in its
// termination message, or when they do not fit there on its standard output, announced in
// the termination message by size and SHA-256 (stepcontract.LogRef).
package wait

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/executor/artifacts"
)

// uploadTimeout bounds the uploads, so an unreachable store fails the step instead of
// hanging it (the kubelet's grace period after main exits may cut it shorter).
const uploadTimeout = 10 * time.Minute

// Options say where the report is and where the outcome goes.
type Options struct {
	// Template is the step's template: its output artifacts' bound locations.
	Template *v1alpha1.Template
	// Dir is the shared volume (default stepcontract.MountPath).
	Dir string
	// TerminationLog defaults to stepcontract.TerminationLog.
	TerminationLog string
	// Stdout receives the outputs that do not fit the termination message.
	Stdout io.Writer
	// Log receives diagnostics (default os.Stderr).
	Log io.Writer
	// Env looks up the credentials (default os.LookupEnv).
	Env artifacts.Env
	// Terminate delivers the kubelet's SIGTERM, sent once main has exited.
	Terminate <-chan os.Signal
	// Poll is how often the report is looked for (default 250ms); Linger how long after
	// SIGTERM it is still looked for, as main may have just written it (default 2s).
	Poll, Linger time.Duration
}

func (o *Options) defaults() {
	if o.Dir == "" {
		o.Dir = stepcontract.MountPath
	}
	if o.TerminationLog == "" {
		o.TerminationLog = stepcontract.TerminationLog
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	if o.Env == nil {
		o.Env = os.LookupEnv
	}
	if o.Poll == 0 {
		o.Poll = 250 * time.Millisecond
	}
	if o.Linger == 0 {
		o.Linger = 2 * time.Second
	}
}

// Run waits for the report, uploads, reports, and then stays until SIGTERM: a sidecar that
// exits is restarted by the kubelet while main runs. It returns the exit code (0 once it
// has reported; the step's own outcome is in the report).
func Run(o Options) int {
	o.defaults()
	terminated := false
	r, err := o.awaitReport(&terminated)
	var m stepcontract.Message
	if err != nil {
		fmt.Fprintf(o.Log, "skiff-exec: wait: %v\n", err)
		m = stepcontract.Message{ExitCode: 1, Message: err.Error()}
	} else {
		m = o.upload(r)
	}
	code := 0
	if err := o.emit(m); err != nil {
		fmt.Fprintf(o.Log, "skiff-exec: wait: %v\n", err)
		code = 1
	}
	if !terminated {
		<-o.Terminate
	}
	return code
}

// awaitReport polls for main's report until it appears, or until Linger after SIGTERM.
func (o *Options) awaitReport(terminated *bool) (*stepcontract.Report, error) {
	tick := time.NewTicker(o.Poll)
	defer tick.Stop()
	var deadline <-chan time.Time
	for {
		r, err := readReport(o.Dir)
		if !errors.Is(err, fs.ErrNotExist) {
			return r, err
		}
		select {
		case <-tick.C:
		case <-o.Terminate:
			*terminated = true
			deadline = time.After(o.Linger)
		case <-deadline:
			return nil, errors.New("the main container exited without a report: it was killed, or skiff-exec could not run in it")
		}
	}
}

// readReport reads the report through an os.Root on the shared volume, so a symlink put
// there cannot make wait read a file of its own; fs.ErrNotExist while there is none.
func readReport(dir string) (*stepcontract.Report, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("the shared volume: %w", err)
	}
	defer root.Close()
	name := filepath.Base(stepcontract.ReportPath)
	info, err := root.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || info.Size() > stepcontract.MaxReport {
		return nil, fmt.Errorf("the report is not a regular file of at most %d bytes", stepcontract.MaxReport)
	}
	b, err := root.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading the report: %w", err)
	}
	r := &stepcontract.Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("the report is not JSON: %w", err)
	}
	return r, nil
}

// upload sends the packed artifacts and returns the step's Message with their keys.
func (o *Options) upload(r *stepcontract.Report) stepcontract.Message {
	m := r.Message
	m.Artifacts, m.Outputs = nil, nil
	var notes []string
	if m.Message != "" {
		notes = append(notes, m.Message)
	}
	if err := stepcontract.CheckOutputSizes(&m); err != nil {
		m.Result, m.Parameters = "", nil
		notes = append(notes, err.Error())
	}
	if len(r.Packed) > 0 {
		var decl []v1alpha1.Artifact
		if o.Template != nil {
			decl = o.Template.Outputs.Artifacts
		}
		var errs []string
		root, err := os.OpenRoot(filepath.Join(o.Dir, filepath.Base(stepcontract.OutputsDir)))
		if err != nil {
			errs = []string{fmt.Sprintf("output artifacts: %v", err)}
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), uploadTimeout)
			m.Artifacts, errs = artifacts.Upload(ctx, decl, r.Packed, root, o.Env)
			cancel()
			root.Close()
		}
		for _, e := range errs {
			fmt.Fprintf(o.Log, "skiff-exec: wait: %s\n", e)
		}
		notes = append(notes, errs...)
		if len(errs) > 0 && m.ExitCode == 0 {
			m.ExitCode = 1
		}
	}
	m.Message = strings.Join(notes, "; ")
	return m
}

// emit writes m as the termination message, or prints it as one line on Stdout and writes
// a termination message that says where it is.
func (o *Options) emit(m stepcontract.Message) error {
	b := stepcontract.Encode(m)
	if len(b) > stepcontract.MaxTerminationMessage {
		if _, err := o.Stdout.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("printing the outputs: %w", err)
		}
		sum := sha256.Sum256(b)
		ref := stepcontract.Message{ExitCode: m.ExitCode, Outputs: &stepcontract.LogRef{
			Container: stepcontract.WaitContainer, Bytes: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}}
		b = stepcontract.Encode(ref)
	}
	if err := os.WriteFile(o.TerminationLog, b, 0o644); err != nil {
		return fmt.Errorf("writing the termination message: %w", err)
	}
	return nil
}
