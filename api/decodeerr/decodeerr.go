// Package decodeerr turns the errors of decoding JSON into Skiff's Go types into Kubernetes
// field errors. encoding/json names a wrongly typed value by Go struct and type names and
// a dotted path without list indexes ("Go struct field ContainerTemplate.spec.templates.
// container.ContainerSpec.command of type string"); users wrote YAML, so they get the JSON
// path with indexes and the JSON type instead: "spec.templates[0].container.command[0]:
// Invalid value: true: must be a string". The admission webhook and `kubectl wf lint` share it.
package decodeerr

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsjson "sigs.k8s.io/json"
)

// FieldErrors translates err, returned by decoding the JSON document data, into field
// errors. Type mismatches are located in data; strict errors (unknown and duplicate fields,
// from sigs.k8s.io/json or runtime.StrictDecodingError) already carry their path. Any other
// error (malformed JSON) is reported on the whole object, without Go type names.
func FieldErrors(data []byte, err error) field.ErrorList {
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return field.ErrorList{typeError(data, typeErr)}
	}
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		var out field.ErrorList
		for _, e := range strict.Errors() {
			out = append(out, FieldErrors(data, e)...)
		}
		return out
	}
	var fe sigsjson.FieldError
	if errors.As(err, &fe) {
		return field.ErrorList{strictError(fe)}
	}
	if isSyntax, off := sigsjson.SyntaxErrorOffset(err); isSyntax {
		return field.ErrorList{field.Invalid(nil, field.OmitValueType{}, "not valid JSON at byte "+strconv.FormatInt(off, 10))}
	}
	return field.ErrorList{field.Invalid(nil, field.OmitValueType{}, "cannot be read: "+plain(err.Error()))}
}

// typeError names the value that did not fit, by its path in data when it can be found.
func typeError(data []byte, e *json.UnmarshalTypeError) *field.Error {
	detail := "must be " + expected(e.Type)
	if v, ok := locate(data, e); ok {
		return &field.Error{Type: field.ErrorTypeInvalid, Field: v.path, BadValue: v.value, Detail: detail}
	}
	// Not found (data is not the decoded document): the dotted path is all there is.
	return &field.Error{Type: field.ErrorTypeInvalid, Field: e.Field, BadValue: jsonKind(e.Value), Detail: detail}
}

// strictError reports an unknown or duplicate field at the path the decoder recorded.
func strictError(fe sigsjson.FieldError) *field.Error {
	detail := "unknown field"
	if strings.HasPrefix(fe.Error(), "duplicate field") {
		detail = "duplicate field"
	}
	return &field.Error{Type: field.ErrorTypeForbidden, Field: fe.FieldPath(), BadValue: "", Detail: detail}
}

// expected says what JSON a Go type reads, as the schema would: "a string", "an object"...
func expected(t reflect.Type) string {
	if t == nil {
		return "of another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a base64-encoded string"
		}
		return "an array"
	case reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "of another type"
}

// jsonKind is the JSON type named by encoding/json's Value ("bool", "number -5", "string").
func jsonKind(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	if kind == "bool" {
		return "boolean"
	}
	return kind
}

// plain drops encoding/json's "json: " prefix.
func plain(msg string) string {
	return strings.TrimPrefix(msg, "json: ")
}
