package containerimage

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Push writes the image or index to target (a loopback registry is spoken to over plain
// HTTP). Blobs the registry already has are not sent again.
func (n Named) Push(ctx context.Context, target name.Tag) error {
	var err error
	if n.Index != nil {
		err = remote.WriteIndex(target, n.Index, remote.WithContext(ctx))
	} else {
		err = remote.Write(target, n.Image, remote.WithContext(ctx))
	}
	if err != nil {
		return fmt.Errorf("pushing %s to %s: %w", n.Ref, target, err)
	}
	return nil
}
