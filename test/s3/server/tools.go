//go:build tools

// Package server records versitygw's command so go.sum covers everything it needs; the
// test/s3 package builds it with `go build github.com/versity/versitygw/cmd/versitygw`.
package server

import _ "github.com/versity/versitygw/cmd/versitygw"
