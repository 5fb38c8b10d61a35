package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	corev1 "k8s.io/api/core/v1"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// Env looks up an environment variable (os.LookupEnv in the executor; tests pass a map).
type Env func(name string) (string, bool)

// errNotFound is returned when the object does not exist (an optional input may be absent).
var errNotFound = errors.New("object not found")

// s3Client connects to the bucket's endpoint with the credentials the controller passed as
// env vars. A bucket without credential secrets is read anonymously.
func s3Client(b *v1alpha1.S3Bucket, env Env) (*minio.Client, error) {
	if b.Endpoint == "" {
		return nil, errors.New("s3.endpoint is empty")
	}
	if b.Bucket == "" {
		return nil, errors.New("s3.bucket is empty")
	}
	creds := credentials.NewStatic("", "", "", credentials.SignatureAnonymous)
	if b.AccessKeySecret != nil || b.SecretKeySecret != nil {
		if b.AccessKeySecret == nil || b.SecretKeySecret == nil {
			return nil, errors.New("s3 needs both accessKeySecret and secretKeySecret")
		}
		ak, err := secretValue(b.AccessKeySecret, "accessKeySecret", env)
		if err != nil {
			return nil, err
		}
		sk, err := secretValue(b.SecretKeySecret, "secretKeySecret", env)
		if err != nil {
			return nil, err
		}
		creds = credentials.NewStaticV4(ak, sk, "")
	}
	opts := &minio.Options{Creds: creds, Secure: b.Insecure == nil || !*b.Insecure, Region: b.Region}
	switch b.AddressingStyle {
	case "path":
		opts.BucketLookup = minio.BucketLookupPath
	case "virtual-hosted":
		opts.BucketLookup = minio.BucketLookupDNS
	}
	c, err := minio.New(b.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("s3 endpoint %q: %w", b.Endpoint, err)
	}
	return c, nil
}

func secretValue(sel *corev1.SecretKeySelector, field string, env Env) (string, error) {
	v, ok := env(stepcontract.SecretEnv(sel))
	if !ok {
		return "", fmt.Errorf("s3.%s (secret %q key %q) was not passed to the executor", field, sel.Name, sel.Key)
	}
	return v, nil
}

// getObject downloads bucket/key into the file dst.
func getObject(ctx context.Context, a *v1alpha1.S3Artifact, env Env, dst string) error {
	c, err := s3Client(&a.S3Bucket, env)
	if err != nil {
		return err
	}
	if err := c.FGetObject(ctx, a.Bucket, a.Key, dst, minio.GetObjectOptions{}); err != nil {
		if r := minio.ToErrorResponse(err); r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound {
			return fmt.Errorf("s3://%s/%s: %w", a.Bucket, a.Key, errNotFound)
		}
		return fmt.Errorf("downloading s3://%s/%s from %s: %w", a.Bucket, a.Key, a.Endpoint, err)
	}
	return nil
}

// putObject uploads size bytes of r to bucket/key.
func putObject(ctx context.Context, a *v1alpha1.S3Artifact, env Env, r io.Reader, size int64, contentType string) error {
	c, err := s3Client(&a.S3Bucket, env)
	if err != nil {
		return err
	}
	if _, err := c.PutObject(ctx, a.Bucket, a.Key, r, size, minio.PutObjectOptions{ContentType: contentType}); err != nil {
		return fmt.Errorf("uploading s3://%s/%s to %s: %w", a.Bucket, a.Key, a.Endpoint, err)
	}
	return nil
}
