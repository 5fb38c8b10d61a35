// Command skiff-s3 builds the artifact tests' S3 server ahead of time (`make s3-server`), so
// the first test that needs it does not spend minutes building: `skiff-s3 build` prints the
// cached binary's path.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/skiff-dev/skiff/test/s3"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] != "build" {
		fmt.Fprintln(os.Stderr, "usage: skiff-s3 build")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	bin, err := s3.Binary(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "skiff-s3:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "versitygw ready in %s\n", time.Since(start).Round(time.Second))
	fmt.Println(bin)
}
