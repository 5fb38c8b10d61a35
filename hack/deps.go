//go:build deps

package hack
