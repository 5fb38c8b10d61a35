package mutate

import (
	"net/mail"
	"regexp"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
)

// Creator label keys, as upstream.
const (
	LabelCreator                  = "workflows.argoproj.io/creator"
	LabelCreatorEmail             = "workflows.argoproj.io/creator-email"
	LabelCreatorPreferredUsername = "workflows.argoproj.io/creator-preferred-username"
)

const serviceAccountPrefix = "system:serviceaccount:"

// CreatorLabels returns the three creator labels for a user; an empty value means the label
// must be removed.
func CreatorLabels(u authenticationv1.UserInfo) map[string]string {
	email := firstExtra(u, func(k string) bool { return k == "email" || strings.HasSuffix(k, "/email") })
	if email == "" && strings.Contains(u.Username, "@") {
		if a, err := mail.ParseAddress(u.Username); err == nil && a.Address == u.Username {
			email = u.Username
		}
	}
	preferred := firstExtra(u, func(k string) bool {
		return k == "preferred_username" || strings.HasSuffix(k, "/preferred_username")
	})
	if preferred == "" {
		preferred = u.Username
		if rest, ok := strings.CutPrefix(u.Username, serviceAccountPrefix); ok {
			if i := strings.LastIndex(rest, ":"); i >= 0 {
				preferred = rest[i+1:]
			}
		}
	}
	return map[string]string{
		LabelCreator:                  DNSFriendly(u.Username),
		LabelCreatorEmail:             DNSFriendly(strings.Replace(email, "@", ".at.", 1)),
		LabelCreatorPreferredUsername: DNSFriendly(preferred),
	}
}

func firstExtra(u authenticationv1.UserInfo, match func(string) bool) string {
	for k, v := range u.Extra {
		if match(k) && len(v) > 0 && v[0] != "" {
			return v[0]
		}
	}
	return ""
}

var (
	notLabelChars = regexp.MustCompile(`[^-_.a-zA-Z0-9]`)
	leadingJunk   = regexp.MustCompile(`^[^a-zA-Z0-9]*`)
	trailingJunk  = regexp.MustCompile(`[^a-zA-Z0-9]*$`)
)

// DNSFriendly sanitises a string into a label value exactly as upstream's argo-server does:
// characters outside [-_.a-zA-Z0-9] become '-', the value keeps its last 63 characters, and
// leading and trailing non-alphanumerics are dropped.
func DNSFriendly(s string) string {
	v := notLabelChars.ReplaceAllString(s, "-")
	if len(v) > 63 {
		v = v[len(v)-63:]
	}
	v = leadingJunk.ReplaceAllString(v, "")
	return trailingJunk.ReplaceAllString(v, "")
}
