package stepcontract

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Message is the JSON termination message of main, of a resource template's main and of
// wait; wait prints the same JSON on its standard output when it does not fit.
type Message struct {
	// ExitCode is the step's exit code: the user's command's (128+N when killed by signal
	// N, 126/127 when it could not start), or 1 when it succeeded but an output could not be
	// collected, packed or uploaded.
	ExitCode int `json:"exitCode"`
	// Result is the captured standard output, one trailing newline removed.
	Result string `json:"result,omitempty"`
	// Parameters are the output parameters skiff-exec read.
	Parameters []OutputParameter `json:"parameters,omitempty"`
	// Artifacts are the output artifacts uploaded, with their object keys.
	Artifacts []SavedArtifact `json:"artifacts,omitempty"`
	// Message explains failures, truncation and parameters left to the controller.
	Message string `json:"message,omitempty"`
	// Outputs, set by wait only, says the whole Message did not fit in the termination
	// message and was printed on wait's standard output instead.
	Outputs *LogRef `json:"outputs,omitempty"`
}

// OutputParameter is one collected output parameter.
type OutputParameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// SavedArtifact is an output artifact that was uploaded; the controller records it with the
// location it bound.
type SavedArtifact struct {
	Name string `json:"name"`
	// Key is the object key it was uploaded to.
	Key string `json:"key"`
}

// LogRef says where wait printed the outputs: one line of its log holding a Message of
// Bytes bytes (the line without its newline) whose SHA-256 is SHA256 (hex). The
// controller reads it with a GET of the pod's log and checks both before trusting it.
type LogRef struct {
	Container string `json:"container"`
	Bytes     int64  `json:"bytes"`
	SHA256    string `json:"sha256"`
}

// Report is what main hands wait in ReportPath: its Message (without artifacts) and the
// output artifacts it packed into OutputsDir.
type Report struct {
	Message
	Packed []PackedArtifact `json:"packed,omitempty"`
}

// PackedArtifact is an output artifact ready for upload: the file OutputsDir/File (a
// tar.gz, or the file itself with archive none).
type PackedArtifact struct {
	Name        string `json:"name"`
	File        string `json:"file"`
	ContentType string `json:"contentType"`
}

// Encode is m as JSON without HTML escaping (a termination message is counted in bytes,
// and `<` as \u003c would take six).
func Encode(m Message) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil { // cannot happen: strings and ints only
		return []byte(fmt.Sprintf(`{"exitCode":%d}`, m.ExitCode))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
