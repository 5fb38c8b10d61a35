// Package conformance checks Skiff's argoproj.io/v1alpha1 API against the upstream Argo
// example corpus in ../shared/corpus (beside the repository; SKIFF_CORPUS overrides).
//
// The tests:
//   - decode every document of Skiff's fourteen kinds strictly (unknown and duplicate fields
//     rejected) and print a per-folder table;
//   - round-trip each one (decode → encode → decode) and compare the encoding with the
//     original JSON, so a field the types lose, rename or add shows up with its path;
//   - validate each document against the CRDs generated into manifests/crds, the way
//     kube-apiserver does (pruning of unknown fields, OpenAPI schema, list types, CEL rules);
//   - check that the documents upstream rejects at the schema stage are rejected;
//   - validate the CRDs themselves with the apiserver's CRD validation (CEL cost included).
//
// Knobs: SKIFF_CORPUS=<dir> points at the corpus; SKIFF_ONLY=<folder>[,<folder>...] limits the
// run to folders under those prefixes (for working on one family at a time).
package conformance
