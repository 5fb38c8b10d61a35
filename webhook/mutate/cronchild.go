package mutate

import (
	"context"
	"fmt"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// The owner check reads the CronWorkflow live: CronWorkflows are not in the webhook's cache.
// +kubebuilder:rbac:groups=argoproj.io,resources=cronworkflows,verbs=get

// CronChildren recognises the Workflows the Skiff controller creates for a CronWorkflow: they
// carry the creator labels the controller copied from the CronWorkflow, which must survive
// admission. Anyone else's labels are replaced, so a user cannot forge them by adding a
// CronWorkflow ownerReference to their own Workflow.
type CronChildren struct {
	// ControllerUsername is the controller's service account user
	// (system:serviceaccount:NAMESPACE:NAME); empty trusts nobody.
	ControllerUsername string
	// Reader reads the owner CronWorkflow from the API server.
	Reader client.Reader
}

// ServiceAccountUsername parses NAMESPACE:NAME (the --controller-service-account flag) into
// the username the API server gives that service account's requests.
func ServiceAccountUsername(path *field.Path, v string) (string, error) {
	ns, name, ok := strings.Cut(v, ":")
	if !ok {
		return "", field.Invalid(path, v, "want NAMESPACE:NAME")
	}
	var problems []string
	problems = append(problems, validation.IsDNS1123Label(ns)...)
	problems = append(problems, validation.IsDNS1123Subdomain(name)...)
	if len(problems) > 0 {
		return "", field.Invalid(path, v, strings.Join(problems, "; "))
	}
	return serviceAccountPrefix + ns + ":" + name, nil
}

// Genuine reports whether obj, being created by user, is the controller's child of a
// CronWorkflow that exists with the UID its ownerReference names. A failed lookup (other
// than not found) is an error: the request is denied and the controller retries, rather
// than a genuine child losing its labels.
func (c *CronChildren) Genuine(ctx context.Context, user authenticationv1.UserInfo, obj metav1.Object) (bool, error) {
	if c == nil || c.ControllerUsername == "" || user.Username != c.ControllerUsername {
		return false, nil
	}
	for _, o := range obj.GetOwnerReferences() {
		if o.Kind != "CronWorkflow" || o.APIVersion != v1alpha1.GroupVersion.String() {
			continue
		}
		cw := &v1alpha1.CronWorkflow{}
		err := c.Reader.Get(ctx, client.ObjectKey{Namespace: obj.GetNamespace(), Name: o.Name}, cw)
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("reading the owner CronWorkflow %s/%s: %w", obj.GetNamespace(), o.Name, err)
		}
		return cw.UID == o.UID, nil
	}
	return false, nil
}
