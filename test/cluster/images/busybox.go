// Package images builds the local cluster's own images, the pod sandbox (pause) and busybox,
// with internal/containerimage.
package images

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

// DefaultBusybox is where Debian's busybox-static installs its binary.
const DefaultBusybox = "/bin/busybox"

var busyboxVersionRE = regexp.MustCompile(`BusyBox v([0-9]+\.[0-9]+(\.[0-9]+)?)`)

// BusyboxVersion returns the version of the busybox binary at path, e.g. "1.35.0".
func BusyboxVersion(path string) (string, error) {
	out, err := exec.Command(path, "--help").CombinedOutput()
	m := busyboxVersionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Errorf("reading the version of %s (%v): %q", path, err, firstLine(out))
	}
	return string(m[1]), nil
}

// BusyboxRef is the reference of the image built from the busybox at path, tagged with its
// version (never :latest, which would make the kubelet try to pull).
func BusyboxRef(path string) (string, error) {
	v, err := BusyboxVersion(path)
	if err != nil {
		return "", err
	}
	return "skiff.local/busybox:" + v, nil
}

// Busybox builds an image from the static busybox binary at path: /bin/busybox, a symlink
// for each applet it lists (sh, wget, httpd, ...), a writable /tmp and minimal users.
func Busybox(path string) (v1.Image, error) {
	bin, err := containerimage.BinaryFile(path, "bin/busybox")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command(path, "--list-full").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --list-full: %w (is it a static busybox?)", path, err)
	}
	var applets []string
	for _, a := range strings.Fields(string(out)) {
		if a != "bin/busybox" && !strings.Contains(a, "..") {
			applets = append(applets, a)
		}
	}
	files := []containerimage.File{bin}
	slices.Sort(applets)
	for _, a := range slices.Compact(applets) {
		files = append(files, containerimage.File{Path: a, Link: "/bin/busybox"})
	}
	files = append(files,
		containerimage.File{Path: "tmp", Dir: true, Mode: 0o777 | os.ModeSticky},
		containerimage.File{Path: "root", Dir: true, Mode: 0o700},
		containerimage.File{Path: "etc/passwd", Mode: 0o644, Data: []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")},
		containerimage.File{Path: "etc/group", Mode: 0o644, Data: []byte("root:x:0:\nnogroup:x:65534:\n")},
	)
	return containerimage.Build(files, containerimage.Spec{Cmd: []string{"sh"}, Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}})
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	return string(line)
}
