package s3

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Server is a running versitygw serving the buckets under its directory.
type Server struct {
	// Endpoint is host:port for S3 clients (plain HTTP).
	Endpoint string
	// AccessKey and SecretKey are the root account's credentials, random per server.
	AccessKey, SecretKey string

	cmd  *exec.Cmd
	done chan struct{}
	log  string
}

// Options say where the server listens.
type Options struct {
	// ListenHost is the address to listen on (default 127.0.0.1; "0.0.0.0" to be reached
	// from pods through the node's address).
	ListenHost string
	// AdvertiseHost replaces ListenHost in Endpoint (e.g. the node's InternalIP).
	AdvertiseHost string
}

// Start builds (once) and starts versitygw over dir/data, logging to dir/versitygw.log,
// and waits until it answers. Stop it with Stop.
func Start(ctx context.Context, dir string, o Options) (*Server, error) {
	bin, err := Binary(ctx)
	if err != nil {
		return nil, err
	}
	if o.ListenHost == "" {
		o.ListenHost = "127.0.0.1"
	}
	if o.AdvertiseHost == "" {
		o.AdvertiseHost = o.ListenHost
	}
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, err
	}
	port, err := freePort(o.ListenHost)
	if err != nil {
		return nil, err
	}
	s := &Server{
		Endpoint:  net.JoinHostPort(o.AdvertiseHost, strconv.Itoa(port)),
		AccessKey: "skiff" + randomHex(6),
		SecretKey: randomHex(20),
		done:      make(chan struct{}),
		log:       filepath.Join(dir, "versitygw.log"),
	}
	log, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "--port", net.JoinHostPort(o.ListenHost, strconv.Itoa(port)), "--quiet", "posix", data)
	// Credentials through the environment, not the command line other users can read.
	s.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY_ID="+s.AccessKey, "ROOT_SECRET_ACCESS_KEY="+s.SecretKey)
	s.cmd.Stdout, s.cmd.Stderr = log, log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() { _ = s.cmd.Wait(); log.Close(); close(s.done) }()
	if err := s.waitReady(ctx, net.JoinHostPort(o.ListenHost, strconv.Itoa(port))); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// waitReady polls until the gateway answers HTTP (any status: unsigned requests get 403).
func (s *Server) waitReady(ctx context.Context, addr string) error {
	if addr[0] == '0' { // 0.0.0.0: probe through loopback
		_, port, _ := net.SplitHostPort(addr)
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-s.done:
			b, _ := os.ReadFile(s.log)
			return fmt.Errorf("versitygw exited before answering: %s", b)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("versitygw did not answer on %s within 30s (log %s)", addr, s.log)
		}
	}
}

// Stop ends the server and waits for it.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Client returns an S3 client for the server as its root account.
func (s *Server) Client() (*minio.Client, error) {
	return minio.New(s.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""),
		BucketLookup: minio.BucketLookupPath,
	})
}

// CreateBucket makes a bucket through the S3 API.
func (s *Server) CreateBucket(ctx context.Context, name string) error {
	c, err := s.Client()
	if err != nil {
		return err
	}
	return c.MakeBucket(ctx, name, minio.MakeBucketOptions{})
}

func freePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, errors.New("not a TCP address")
	}
	return addr.Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
