package main

import (
	"context"
	"testing"

	"github.com/skiff-dev/skiff/api/limits/limitstest"
	"github.com/skiff-dev/skiff/plugins/internal/cli"
)

// FuzzLintDocument: any YAML or JSON document through what `kubectl wf lint` does with it —
// the strict decoder (the one conformance uses too) and validate.Object for every kind, as
// the webhook validates — without a panic and within the budget. Seeded with every document
// of the upstream corpus.
func FuzzLintDocument(f *testing.F) {
	for _, s := range []string{
		"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: x}\nspec: {entrypoint: a, templates: [{name: a, suspend: {}}]}\n",
		"apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: s}\nspec: {dependencies: [{name: d, eventSourceName: e, eventName: n}], triggers: [{template: {name: t, conditions: \"((d\", log: {}}}]}\n",
		"apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: {name: c}\nspec: {schedules: [\"TZ=UTC\"], workflowSpec: {entrypoint: a, templates: [{name: a, suspend: {}}]}}\n",
		"a: &a [*a, *a]\n", "kind: [", "{}",
	} {
		f.Add([]byte(s))
	}
	for _, doc := range limitstest.CorpusDocuments(f) {
		f.Add(doc)
	}
	scheme := cli.NewScheme()
	f.Fuzz(func(t *testing.T, raw []byte) {
		limitstest.Within(t, "lint a document", func() {
			_ = LintDocument(context.Background(), scheme, cli.Document{Source: "fuzz", Raw: raw})
		})
	})
}
