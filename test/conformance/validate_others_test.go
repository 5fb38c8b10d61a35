package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/skiff-dev/skiff/api/v1alpha1"
	"github.com/skiff-dev/skiff/api/validate"
	"github.com/skiff-dev/skiff/test/corpus"
)

// othersKinds are the kinds this test covers (the Workflow family has its own test).
var othersKinds = map[string]bool{
	"Rollout": true, "AnalysisTemplate": true, "ClusterAnalysisTemplate": true, "AnalysisRun": true, "Experiment": true,
	"Application": true, "AppProject": true, "EventSource": true, "Sensor": true, "EventBus": true,
}

// lintInvalidFolder holds upstream's `kubectl argo rollouts lint` negative fixtures.
const lintInvalidFolder = "rollouts/lint/invalid"

// lintInvalidExceptions are fixtures of lintInvalidFolder that are denied, but not with
// upstream's message; the test checks each is still denied and the reason still holds.
var lintInvalidExceptions = map[string]string{
	"rollouts/lint/invalid/invalid-unknown-field.yml": "denied by strict decoding, whose message names the full path (spec.strategy.unknown-strategy) where upstream's names the key only",
}

// othersFileLookup resolves references from the documents of one file, as upstream's lint does;
// it also knows Argo CD's built-in "default" AppProject, which permits everything.
type othersFileLookup struct {
	objs map[string][]byte // kind/name -> JSON
}

func newOthersFileLookup(docs []corpus.Doc) *othersFileLookup {
	l := &othersFileLookup{objs: map[string][]byte{}}
	for _, d := range docs {
		if d.JSON == nil || d.Err != nil {
			continue
		}
		var m struct {
			Metadata struct{ Name string } `json:"metadata"`
		}
		if json.Unmarshal(d.JSON, &m) == nil && m.Metadata.Name != "" {
			l.objs[d.GVK.Kind+"/"+m.Metadata.Name] = d.JSON
		}
	}
	return l
}

func (l *othersFileLookup) Get(_ context.Context, _, name string, obj runtime.Object) error {
	var kind string
	switch obj.(type) {
	case *corev1.Service:
		kind = "Service"
	case *v1alpha1.AnalysisTemplate:
		kind = "AnalysisTemplate"
	case *v1alpha1.ClusterAnalysisTemplate:
		kind = "ClusterAnalysisTemplate"
	case *v1alpha1.EventSource:
		kind = "EventSource"
	case *v1alpha1.AppProject:
		kind = "AppProject"
	default:
		return fmt.Errorf("othersFileLookup: unexpected %T", obj)
	}
	js, ok := l.objs[kind+"/"+name]
	if !ok && kind == "AppProject" && name == "default" {
		p := obj.(*v1alpha1.AppProject)
		p.Name = "default"
		p.Spec.SourceRepos = []string{"*"}
		p.Spec.Destinations = []v1alpha1.AppDestination{{Server: "*", Name: "*", Namespace: "*"}}
		return nil
	}
	if !ok {
		return apierrors.NewNotFound(corev1.Resource(strings.ToLower(kind)), name)
	}
	return json.Unmarshal(js, obj)
}

// othersSplitUnsupported separates "not supported by Skiff" denials from real ones.
func othersSplitUnsupported(errs field.ErrorList) (unsupported []string, other field.ErrorList) {
	for _, e := range errs {
		if strings.Contains(e.Detail, v1alpha1.UnsupportedMessage) {
			unsupported = append(unsupported, e.Field)
			continue
		}
		other = append(other, e)
	}
	return unsupported, other
}

type othersCount struct{ docs, accepted, unsupported, denied, expectedReject int }

func TestValidateOthersCorpus(t *testing.T) {
	c := loadCorpus(t)
	s := newScheme(t)
	ctx := context.Background()
	counts := map[string]*othersCount{}
	features := map[string]int{}
	var failures []string
	for _, folder := range c.Folders() {
		if !corpus.IsValidFolder(folder) {
			continue
		}
		byFile := map[string][]corpus.Doc{}
		for _, d := range c.Docs[folder] {
			byFile[d.File] = append(byFile[d.File], d)
		}
		for _, d := range c.Docs[folder] {
			if !d.Usable() || !othersKinds[d.GVK.Kind] {
				continue
			}
			if _, bad := corpus.RejectedByKubernetes[d.ID()]; bad {
				continue
			}
			cnt := counts[folder]
			if cnt == nil {
				cnt = &othersCount{}
				counts[folder] = cnt
			}
			cnt.docs++
			obj, err := decodeStrict(s, d.GVK, d.JSON)
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: does not decode: %v", d.ID(), err))
				cnt.denied++
				continue
			}
			res := validate.Object(ctx, obj, validate.Options{Lookup: newOthersFileLookup(byFile[d.File]), Lint: true})
			unsup, other := othersSplitUnsupported(res.Errors)
			switch {
			case len(other) > 0:
				if exp, ok := c.ExpectedReject(d.File); ok {
					cnt.expectedReject++
					fmt.Printf("denied as upstream does (%s): %s: %v\n", exp.Message, d.ID(), other.ToAggregate())
					continue
				}
				cnt.denied++
				failures = append(failures, fmt.Sprintf("%s (%s): valid upstream but denied: %v", d.ID(), d.GVK.Kind, other.ToAggregate()))
			case len(unsup) > 0:
				cnt.unsupported++
				for _, f := range unsup {
					features[d.GVK.Kind+" "+f]++
				}
			default:
				cnt.accepted++
			}
		}
	}
	// The lint negative fixtures: every in-scope document group must be denied.
	invalid, err := corpus.ReadFolder(c.Root, lintInvalidFolder)
	if err != nil {
		t.Fatal(err)
	}
	cnt := &othersCount{}
	counts[lintInvalidFolder+" (must deny)"] = cnt
	failures = append(failures, othersCheckLintInvalid(t, c, s, invalid, cnt)...)

	printOthersTable(counts)
	keys := make([]string, 0, len(features))
	for k := range features {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("denied-unsupported feature: %s (%d documents)\n", k, features[k])
	}
	sort.Strings(failures)
	for _, f := range failures {
		t.Error(f)
	}
}

// othersCheckLintInvalid validates each file of the lint negative fixtures like upstream's lint:
// the file is denied when one of its Rollouts is, with upstream's message where the table
// gives one.
func othersCheckLintInvalid(t *testing.T, c *corpus.Corpus, s *runtime.Scheme, docs []corpus.Doc, cnt *othersCount) []string {
	var failures []string
	byFile := map[string][]corpus.Doc{}
	var files []string
	for _, d := range docs {
		if _, ok := byFile[d.File]; !ok {
			files = append(files, d.File)
		}
		byFile[d.File] = append(byFile[d.File], d)
	}
	sort.Strings(files)
	for _, file := range files {
		cnt.docs++
		var messages []string
		for _, d := range byFile[file] {
			if d.Err != nil {
				messages = append(messages, d.Err.Error())
				continue
			}
			if !d.InScope() || !othersKinds[d.GVK.Kind] {
				continue
			}
			obj, err := decodeStrict(s, d.GVK, d.JSON)
			if err != nil {
				messages = append(messages, err.Error())
				continue
			}
			res := validate.Object(context.Background(), obj, validate.Options{Lookup: newOthersFileLookup(byFile[file]), Lint: true})
			for _, e := range res.Errors {
				messages = append(messages, e.Error())
			}
		}
		joined := strings.Join(messages, "\n")
		if len(messages) == 0 {
			cnt.accepted++
			failures = append(failures, fmt.Sprintf("%s: upstream's lint rejects it, Skiff accepts it", file))
			continue
		}
		cnt.denied++
		want := othersUpstreamDetail(c.Expectations[file].Message)
		why, excepted := lintInvalidExceptions[file]
		switch {
		case want == "" || strings.Contains(joined, want):
			if excepted {
				failures = append(failures, fmt.Sprintf("%s: listed in lintInvalidExceptions (%s) but the message now matches: remove it", file, why))
			}
		case excepted:
			fmt.Printf("denied, not with upstream's message (%s): %s\n", why, file)
		default:
			failures = append(failures, fmt.Sprintf("%s: denied, but no error contains upstream's %q; got:\n%s", file, want, joined))
		}
	}
	return failures
}

// othersUpstreamDetail keeps the part of an upstream lint message after the field path and value:
// "Error: spec.x: Invalid value: 0: Message" -> "Message".
func othersUpstreamDetail(msg string) string {
	msg = strings.TrimPrefix(msg, "Error: ")
	for _, marker := range []string{"Invalid value: ", "Required value: "} {
		if i := strings.Index(msg, marker); i >= 0 {
			rest := msg[i+len(marker):]
			if marker == "Invalid value: " {
				if j := strings.Index(rest, ": "); j >= 0 {
					rest = rest[j+2:]
				}
			}
			return rest
		}
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

func printOthersTable(counts map[string]*othersCount) {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "FOLDER (Rollouts/Argo CD/Events kinds)\tDOCUMENTS\tACCEPTED\tDENIED-UNSUPPORTED\tDENIED\tDENIED AS UPSTREAM\t")
	names := make([]string, 0, len(counts))
	for f := range counts {
		names = append(names, f)
	}
	sort.Strings(names)
	var total othersCount
	for _, f := range names {
		c := counts[f]
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t\n", f, c.docs, c.accepted, c.unsupported, c.denied, c.expectedReject)
		if !strings.HasSuffix(f, "(must deny)") {
			total.docs += c.docs
			total.accepted += c.accepted
			total.unsupported += c.unsupported
			total.denied += c.denied
			total.expectedReject += c.expectedReject
		}
	}
	fmt.Fprintf(w, "TOTAL (valid sets)\t%d\t%d\t%d\t%d\t%d\t\n", total.docs, total.accepted, total.unsupported, total.denied, total.expectedReject)
	w.Flush()
}
