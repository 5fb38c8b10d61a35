package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/v1/mutate"

	"github.com/skiff-dev/skiff/internal/containerimage"
)

const (
	// DefaultRepository is the local image name; the kubelet never pulls it (IfNotPresent).
	DefaultRepository = "skiff.local/skiff"
	// DefaultTarball is where `make image` writes the image.
	DefaultTarball = "bin/skiff-image.tar"
	// BinDir holds the commands inside the image.
	BinDir = "/usr/local/bin"
	// NonRoot is the user and group the image runs as (distroless' nonroot).
	NonRoot = 65532
)

// Binary is one in-cluster command of the image; a Deployment selects it with its command.
type Binary struct {
	Name    string // file name in BinDir, e.g. skiff-controller
	Package string // Go package, relative to the repository root
}

// Binaries are the commands the image holds. Later ones (workflow executor, event
// runtimes) are added here and to the Dockerfile.
var Binaries = []Binary{
	{Name: "skiff-controller", Package: "./controller"},
	{Name: "skiff-webhook", Package: "./webhook"},
	{Name: "skiff-exec", Package: "./executor"},
}

// BuildOptions say what to build.
type BuildOptions struct {
	Repository string
	Version    string
	Arch       string    // GOARCH; default runtime.GOARCH
	Out        string    // tarball path
	Log        io.Writer // progress
	Dir        string    // repository root; default the working directory
}

// Result describes a built image.
type Result struct {
	Ref      string
	Binaries []string
	Size     int64
}

// Build compiles every Binary that exists in the repository and writes the image tarball.
// A Binary whose package does not exist yet is skipped with a warning.
func Build(ctx context.Context, o BuildOptions) (Result, error) {
	if o.Arch == "" {
		o.Arch = runtime.GOARCH
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	ref := o.Repository + ":" + o.Version
	if err := checkTag(o.Version); err != nil {
		return Result{}, err
	}
	tmp, err := os.MkdirTemp("", "skiff-image-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmp)

	res := Result{Ref: ref}
	files := baseFiles()
	for _, b := range Binaries {
		if _, err := os.Stat(filepath.Join(o.Dir, b.Package, "main.go")); err != nil {
			fmt.Fprintf(o.Log, "WARNING: skipping %s: %s has no main.go yet\n", b.Name, b.Package)
			continue
		}
		out := filepath.Join(tmp, b.Name)
		fmt.Fprintf(o.Log, "go build %s -> %s/%s (linux/%s, static)\n", b.Package, BinDir, b.Name, o.Arch)
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", out, b.Package)
		cmd.Dir = o.Dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+o.Arch)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = o.Log, &stderr
		if err := cmd.Run(); err != nil {
			return Result{}, fmt.Errorf("building %s: %w\n%s", b.Package, err, stderr.String())
		}
		data, err := os.ReadFile(out)
		if err != nil {
			return Result{}, err
		}
		files = append(files, containerimage.File{Path: filepath.Join(BinDir, b.Name), Mode: 0o755, Data: data})
		res.Binaries = append(res.Binaries, b.Name)
	}
	if len(res.Binaries) == 0 {
		return Result{}, fmt.Errorf("no binaries to put into the image")
	}

	img, err := containerimage.Build(files, containerimage.Spec{
		Cmd: []string{filepath.Join(BinDir, res.Binaries[0])},
		Env: []string{"PATH=" + BinDir + ":/usr/bin:/bin", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", "HOME=/home/nonroot"},
	})
	if err != nil {
		return Result{}, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return Result{}, err
	}
	cf = cf.DeepCopy()
	cf.Architecture = o.Arch
	cf.Config.User = fmt.Sprintf("%d:%d", NonRoot, NonRoot)
	cf.Config.WorkingDir = "/home/nonroot"
	cf.Config.Labels = map[string]string{
		"org.opencontainers.image.title":   "skiff",
		"org.opencontainers.image.version": o.Version,
		"org.opencontainers.image.source":  "https://github.com/skiff-dev/skiff",
		"dev.skiff.binaries":               strings.Join(res.Binaries, ","),
	}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return Result{}, err
	}
	if err := containerimage.WriteTarball(o.Out, ref, img); err != nil {
		return Result{}, err
	}
	st, err := os.Stat(o.Out)
	if err != nil {
		return Result{}, err
	}
	res.Size = st.Size()
	return res, nil
}

// baseFiles is the image's filesystem besides the binaries: users like distroless' (root
// and nonroot 65532), a writable /tmp, nonroot's home, and the host's CA bundle when it has one.
func baseFiles() []containerimage.File {
	files := []containerimage.File{
		{Path: "etc/passwd", Mode: 0o644, Data: []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")},
		{Path: "etc/group", Mode: 0o644, Data: []byte("root:x:0:\nnonroot:x:65532:\n")},
		{Path: "tmp", Dir: true, Mode: 0o777 | os.ModeSticky},
		{Path: "home/nonroot", Dir: true, Mode: 0o755},
	}
	for _, ca := range []string{"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"} {
		if data, err := os.ReadFile(ca); err == nil {
			files = append(files, containerimage.File{Path: "etc/ssl/certs/ca-certificates.crt", Mode: 0o644, Data: data})
			break
		}
	}
	return files
}

var tagRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

func checkTag(v string) error {
	if !tagRE.MatchString(v) {
		return fmt.Errorf("version %q is not a valid image tag", v)
	}
	if v == "latest" {
		return fmt.Errorf("refusing the tag latest: the kubelet would try to pull it (use a version)")
	}
	return nil
}

// Version is the image tag: explicit when given, else the VERSION file, else `git describe
// --tags --always --dirty` (prefixed v0.0.0- when the repository has no tag yet).
func Version(explicit string) (string, error) {
	if explicit != "" {
		return explicit, checkTag(explicit)
	}
	if data, err := os.ReadFile("VERSION"); err == nil {
		v := strings.TrimSpace(string(data))
		return v, checkTag(v)
	}
	out, err := exec.Command("git", "describe", "--tags", "--always", "--dirty").Output()
	if err != nil {
		return "", fmt.Errorf("git describe (no VERSION file either): %w", err)
	}
	v := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^v?[0-9]`).MatchString(v) || regexp.MustCompile(`^[0-9a-f]{7,}(-dirty)?$`).MatchString(v) {
		v = "v0.0.0-" + v // no tag yet: describe printed only the commit
	}
	return v, checkTag(v)
}
