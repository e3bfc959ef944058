package epcis

// Name is a namespaced field name: the namespace IRI and the local name, as in XML. The
// JSON-LD key "example:myField" with "example" bound to "https://ns.example.com/epcis/" is
// Name{Space: "https://ns.example.com/epcis/", Local: "myField"}. Space is empty only for
// the unqualified children that some XML extensions carry.
type Name struct {
	Space string
	Local string
}

// String returns the name in Clark notation, "{space}local", which the event hash uses.
func (n Name) String() string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// Extension is one user extension field (EPCIS 2.0): a namespaced name and its
// value. It also carries ILMD fields, which have the same form.
type Extension struct {
	Name  Name
	Value Value
}

// ValueKind is the kind of data a [Value] contains.
type ValueKind uint8

// The kinds of extension values. XML text is always a [KindString]; JSON keeps its own types.
const (
	KindString ValueKind = iota
	KindNumber
	KindBool
	KindObject
	KindArray
	KindNull
)

var valueKindNames = [...]string{"string", "number", "boolean", "object", "array", "null"}

// String returns the kind's name.
func (k ValueKind) String() string {
	if int(k) < len(valueKindNames) {
		return valueKindNames[k]
	}
	return "unknown"
}

// Value is the value of an extension field. XML repeats an element to give several values
// where JSON writes an array: both decode to a [KindArray] value.
type Value struct {
	Kind ValueKind
	// Text is the string, the number literal as written, or "true" or "false".
	Text string
	// Fields are the members of an object in document order.
	Fields []Extension
	// Items are the elements of an array.
	Items []Value
}

// StringValue returns a string value.
func StringValue(s string) Value { return Value{Kind: KindString, Text: s} }

// ObjectValue returns an object value with the given fields.
func ObjectValue(fields ...Extension) Value { return Value{Kind: KindObject, Fields: fields} }
