package images

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

// Pause builds the pod sandbox image from a static binary that sleeps until signalled (see
// ./pause): it only holds the pod's namespaces open.
func Pause(binary string) (v1.Image, error) {
	f, err := containerimage.BinaryFile(binary, "pause")
	if err != nil {
		return nil, err
	}
	return containerimage.Build([]containerimage.File{f}, containerimage.Spec{Entrypoint: []string{"/pause"}})
}
