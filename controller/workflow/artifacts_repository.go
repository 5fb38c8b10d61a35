package workflow

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/yaml"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

const (
	// artifactRepositoriesConfigMap is the ConfigMap read when spec.artifactRepositoryRef
	// names none, as upstream.
	artifactRepositoriesConfigMap = "artifact-repositories"
	// annotationDefaultArtifactRepository names the ConfigMap key used when the ref names none.
	annotationDefaultArtifactRepository = "workflows.argoproj.io/default-artifact-repository"
	// defaultArtifactKeyFormat is upstream's default object key prefix.
	defaultArtifactKeyFormat = "{{workflow.name}}/{{pod.name}}"
)

// artifactRepository returns the workflow's artifact repository: the one recorded in
// status.artifactRepositoryRef, or else the one spec.artifactRepositoryRef (or the
// namespace's artifact-repositories ConfigMap) names, which it records so every later step
// of the run uses the same one even if the ConfigMap changes.
func (o *operation) artifactRepository() (*v1alpha1.S3ArtifactRepository, error) {
	if st := o.wf.Status.ArtifactRepositoryRef; st != nil && st.ArtifactRepository != nil {
		return s3Repository(st.ArtifactRepository, st.ConfigMap, st.Key)
	}
	ref := v1alpha1.ArtifactRepositoryRef{}
	if o.wf.Spec.ArtifactRepositoryRef != nil {
		ref = *o.wf.Spec.ArtifactRepositoryRef
	}
	if ref.ConfigMap == "" {
		ref.ConfigMap = artifactRepositoriesConfigMap
	}
	reader := o.r.APIReader
	if reader == nil {
		reader = o.r.Client
	}
	cm := &corev1.ConfigMap{}
	if err := reader.Get(o.ctx, client.ObjectKey{Namespace: o.wf.Namespace, Name: ref.ConfigMap}, cm); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, fmt.Errorf("no artifact repository: ConfigMap %s/%s not found (output artifacts without a full s3 location need one)", o.wf.Namespace, ref.ConfigMap)
		}
		return nil, fmt.Errorf("reading artifact repository ConfigMap %s/%s: %w", o.wf.Namespace, ref.ConfigMap, err)
	}
	if ref.Key == "" {
		ref.Key = cm.Annotations[annotationDefaultArtifactRepository]
		if ref.Key == "" {
			return nil, fmt.Errorf("artifact repository ConfigMap %s/%s has no %s annotation and spec.artifactRepositoryRef.key is empty",
				o.wf.Namespace, ref.ConfigMap, annotationDefaultArtifactRepository)
		}
	}
	value, ok := cm.Data[ref.Key]
	if !ok {
		return nil, fmt.Errorf("artifact repository ConfigMap %s/%s has no key %q", o.wf.Namespace, ref.ConfigMap, ref.Key)
	}
	repo := &v1alpha1.ArtifactRepository{}
	if err := yaml.UnmarshalStrict([]byte(value), repo); err != nil {
		return nil, fmt.Errorf("artifact repository %s/%s key %q: %w", o.wf.Namespace, ref.ConfigMap, ref.Key, err)
	}
	s3, err := s3Repository(repo, ref.ConfigMap, ref.Key)
	if err != nil {
		return nil, err
	}
	o.wf.Status.ArtifactRepositoryRef = &v1alpha1.ArtifactRepositoryRefStatus{
		ArtifactRepositoryRef: ref, Namespace: o.wf.Namespace, ArtifactRepository: repo,
	}
	return s3, nil
}

// s3Repository checks that a repository is one Skiff can use: S3-compatible, with a bucket
// and endpoint, and no option the executor does not carry out.
func s3Repository(repo *v1alpha1.ArtifactRepository, cm, key string) (*v1alpha1.S3ArtifactRepository, error) {
	where := fmt.Sprintf("artifact repository %s key %q", cm, key)
	if repo.S3 == nil {
		return nil, fmt.Errorf("%s: only s3 repositories are supported by Skiff", where)
	}
	if repo.ArchiveLogs != nil && *repo.ArchiveLogs {
		return nil, fmt.Errorf("%s: archiveLogs: not supported by Skiff", where)
	}
	if f := repo.S3.UnimplementedOptions(); f != "" {
		return nil, fmt.Errorf("%s: s3.%s: not supported by Skiff", where, f)
	}
	if repo.S3.Bucket == "" || repo.S3.Endpoint == "" {
		return nil, fmt.Errorf("%s: s3.bucket and s3.endpoint are required", where)
	}
	return repo.S3, nil
}
