package v1alpha1

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// AnyString is a parameter value. Argo values are strings, but YAML authors often write
// numbers and booleans unquoted (value: 3, default: true), so any JSON value is accepted and
// kept as text: a string as is, a number as its literal digits, a boolean as "true"/"false",
// and a list or object as its compact JSON text. It is always written back as a JSON string.
//
// The schema accepts any JSON value (it cannot express "any scalar"), so that everything the
// API server stores also decodes here.
//
// +kubebuilder:validation:Type=""
// +kubebuilder:pruning:PreserveUnknownFields
type AnyString string

// AnyStringPtr returns a pointer to an AnyString holding s.
func AnyStringPtr(s string) *AnyString {
	v := AnyString(s)
	return &v
}

// String returns the value as text.
func (s AnyString) String() string { return string(s) }

// MarshalJSON writes the value as a JSON string.
func (s AnyString) MarshalJSON() ([]byte, error) {
	return json.Marshal(string(s))
}

// UnmarshalJSON reads any JSON value as text (see AnyString). A JSON null leaves it unchanged.
func (s *AnyString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return errors.New("AnyString: empty JSON value")
	}
	switch data[0] {
	case 'n':
		if string(data) != "null" {
			return fmt.Errorf("AnyString: invalid JSON value %q", data)
		}
		return nil
	case '"':
		var str string
		if err := json.Unmarshal(data, &str); err != nil {
			return err
		}
		*s = AnyString(str)
	case 't', 'f':
		b, err := strconv.ParseBool(string(data))
		if err != nil {
			return fmt.Errorf("AnyString: invalid JSON value %q", data)
		}
		*s = AnyString(strconv.FormatBool(b))
	case '{', '[':
		var buf bytes.Buffer
		if err := json.Compact(&buf, data); err != nil {
			return err
		}
		*s = AnyString(buf.String())
	default:
		var n json.Number
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("AnyString: invalid JSON value %q: %w", data, err)
		}
		*s = AnyString(n.String())
	}
	return nil
}

// Item is one element of withItems: any JSON value (string, number, boolean, object or
// list). It is kept verbatim and written back unchanged; templates see it as {{item}} (and
// {{item.<key>}} for objects).
//
// +kubebuilder:validation:Type=""
// +kubebuilder:pruning:PreserveUnknownFields
type Item struct {
	// Raw is the item's JSON encoding.
	Raw json.RawMessage `json:"-"`
}

// ItemFrom returns the Item encoding v.
func ItemFrom(v any) (Item, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return Item{}, err
	}
	return Item{Raw: raw}, nil
}

// MarshalJSON writes the item's JSON unchanged (null when empty).
func (i Item) MarshalJSON() ([]byte, error) {
	if len(i.Raw) == 0 {
		return []byte("null"), nil
	}
	return i.Raw, nil
}

// UnmarshalJSON keeps a copy of the item's JSON.
func (i *Item) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return errors.New("Item: invalid JSON")
	}
	i.Raw = append(i.Raw[:0], bytes.TrimSpace(data)...)
	return nil
}

// String returns the item as templates substitute it: a JSON string unquoted, anything else
// as its JSON text.
func (i Item) String() string {
	var str string
	if len(i.Raw) > 0 && i.Raw[0] == '"' && json.Unmarshal(i.Raw, &str) == nil {
		return str
	}
	return string(i.Raw)
}

// Amount is a number written exactly as in the source (e.g. a histogram bucket bound), kept
// as its decimal text so no precision is lost.
//
// +kubebuilder:validation:Type=number
type Amount struct {
	// Value is the number's decimal text.
	Value json.Number `json:"-"`
}

// Float64 returns the amount as a float64.
func (a Amount) Float64() (float64, error) { return a.Value.Float64() }

// MarshalJSON writes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) {
	if a.Value == "" {
		return []byte("0"), nil
	}
	if _, err := strconv.ParseFloat(string(a.Value), 64); err != nil {
		return nil, fmt.Errorf("Amount: %q is not a number", a.Value)
	}
	return []byte(a.Value), nil
}

// UnmarshalJSON reads a JSON number.
func (a *Amount) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	n, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("Amount: want a JSON number, got %s", data)
	}
	a.Value = n
	return nil
}

// Plugin is the body of an executor plugin template: an object with exactly one key, the
// plugin's name, whose value is the plugin's own configuration (free-form, kept verbatim).
//
// +kubebuilder:validation:Type=object
// +kubebuilder:pruning:PreserveUnknownFields
// +kubebuilder:validation:MinProperties=1
// +kubebuilder:validation:MaxProperties=1
type Plugin struct {
	// Raw is the object's JSON encoding.
	Raw json.RawMessage `json:"-"`
}

// MarshalJSON writes the plugin object unchanged.
func (p Plugin) MarshalJSON() ([]byte, error) {
	if len(p.Raw) == 0 {
		return []byte("{}"), nil
	}
	return p.Raw, nil
}

// UnmarshalJSON keeps a copy of the plugin object; it must be a JSON object.
func (p *Plugin) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || data[0] != '{' || !json.Valid(data) {
		return fmt.Errorf("Plugin: want a JSON object, got %s", data)
	}
	p.Raw = append(p.Raw[:0], data...)
	return nil
}

// Name returns the plugin's name (the object's only key), or "" when it has none.
func (p Plugin) Name() string {
	var m map[string]json.RawMessage
	if json.Unmarshal(p.Raw, &m) != nil {
		return ""
	}
	for k := range m {
		return k
	}
	return ""
}
