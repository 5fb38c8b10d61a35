package admit

import (
	"reflect"

	"k8s.io/apimachinery/pkg/runtime"
)

// newOf returns a new zero object of the pointer type of t.
func newOf(t runtime.Object) runtime.Object {
	typ := reflect.TypeOf(t)
	return reflect.New(typ.Elem()).Interface().(runtime.Object)
}
