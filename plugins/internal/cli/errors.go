package cli

import (
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ErrorMessage is the line a plugin prints for an error that ends it, worded as kubectl
// words it: an API server refusal reads `Error from server (NotFound): workflows.argoproj.io
// "x" not found`, anything else `Error: ...`.
func ErrorMessage(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		s := status.Status()
		switch {
		case s.Reason == metav1.StatusReasonUnauthorized:
			return fmt.Sprintf("error: You must be logged in to the server (%s)", s.Message)
		case s.Reason != "":
			return fmt.Sprintf("Error from server (%s): %s", s.Reason, err.Error())
		default:
			return "Error from server: " + err.Error()
		}
	}
	return "Error: " + err.Error()
}
