package epcis

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// fieldReader reads typed fields from one decoded JSON object and keeps the first error, so
// a decoder reads every field in a row and checks once.
type fieldReader struct {
	obj   map[string]any
	scope *scope
	path  string
	err   *Error
}

func (r *fieldReader) fail(key string, reason Reason, format string, args ...any) {
	if r.err == nil {
		r.err = newError(join(r.path, key), reason, format, args...)
	}
}

func (r *fieldReader) child(key string, obj map[string]any) fieldReader {
	return fieldReader{obj: obj, scope: r.scope, path: join(r.path, key)}
}

// take returns obj[key] when no error is pending; a missing required key fails.
func (r *fieldReader) take(key string, required bool) (any, bool) {
	if r.err != nil {
		return nil, false
	}
	raw, ok := r.obj[key]
	if !ok && required {
		r.fail(key, ReasonMissing, "missing required field %s", key)
	}
	return raw, ok
}

func (r *fieldReader) str(key string, required bool) string {
	raw, ok := r.take(key, required)
	if !ok {
		return ""
	}
	s, isString := raw.(string)
	if !isString {
		r.fail(key, ReasonInvalid, "want a string, got %s", jsonKind(raw))
		return ""
	}
	s = strings.TrimSpace(s)
	if s == "" && required {
		r.fail(key, ReasonMissing, "empty required field %s", key)
	}
	return s
}

func (r *fieldReader) time(key string, required bool) time.Time {
	s := r.str(key, required)
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		r.fail(key, ReasonInvalid, "%v", err)
	}
	return t
}

func (r *fieldReader) offset(key string) string {
	s := r.str(key, true)
	if s == "" {
		return ""
	}
	off, err := parseOffset(s)
	if err != nil {
		r.fail(key, ReasonInvalid, "%v", err)
	}
	return off
}

func (r *fieldReader) uri(key string) string {
	s := r.str(key, false)
	if s != "" && !isAbsoluteURI(s) {
		r.fail(key, ReasonInvalid, "invalid URI %q: want an absolute URI such as an EPC URN "+
			"or a GS1 Digital Link", s)
	}
	return s
}

func (r *fieldReader) list(key string) []any {
	raw, ok := r.take(key, false)
	if !ok {
		return nil
	}
	list, isList := raw.([]any)
	if !isList {
		r.fail(key, ReasonInvalid, "want an array, got %s", jsonKind(raw))
	}
	return list
}

func (r *fieldReader) uriList(key string) []string {
	list := r.list(key)
	if list == nil {
		return nil
	}
	out := make([]string, 0, len(list))
	for i, raw := range list {
		s, ok := raw.(string)
		s = strings.TrimSpace(s)
		if !ok || !isAbsoluteURI(s) {
			r.fail(fmt.Sprintf("%s[%d]", key, i), ReasonInvalid,
				"want an identifier URI, got %s", describe(raw))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// uriOrList reads a field that JSON writes as one string or an array of strings.
func (r *fieldReader) uriOrList(key string) []string {
	raw, ok := r.take(key, false)
	if !ok {
		return nil
	}
	if _, one := raw.(string); one {
		return []string{r.uri(key)}
	}
	return r.uriList(key)
}

func (r *fieldReader) action(key string) Action {
	s := r.str(key, false)
	if s == "" {
		return ""
	}
	a, err := ParseAction(s)
	if err != nil {
		r.fail(key, ReasonInvalid, "invalid action %q: want ADD, OBSERVE or DELETE", s)
	}
	return a
}

func (r *fieldReader) vocab(key string, v *vocabulary) string {
	s := r.str(key, false)
	if s == "" {
		return ""
	}
	out, err := v.parse(s)
	if err != nil {
		r.fail(key, ReasonVocabulary, "%v", err)
	}
	return out
}

func (r *fieldReader) vocabList(key string, v *vocabulary) []string {
	list := r.list(key)
	var out []string
	for i, raw := range list {
		s, ok := raw.(string)
		if !ok {
			r.fail(fmt.Sprintf("%s[%d]", key, i), ReasonInvalid, "want a string, got %s",
				jsonKind(raw))
			return nil
		}
		val, err := v.parse(s)
		if err != nil {
			r.fail(fmt.Sprintf("%s[%d]", key, i), ReasonVocabulary, "%v", err)
			return nil
		}
		out = append(out, val)
	}
	return out
}

func (r *fieldReader) object(key string) (map[string]any, bool) {
	raw, ok := r.take(key, false)
	if !ok {
		return nil, false
	}
	obj, isObj := raw.(map[string]any)
	if !isObj {
		r.fail(key, ReasonInvalid, "want an object, got %s", jsonKind(raw))
	}
	return obj, isObj
}

// objects reads an array of objects and calls fn with a reader for each.
func (r *fieldReader) objects(key string, fn func(c *fieldReader)) {
	for i, raw := range r.list(key) {
		itemKey := fmt.Sprintf("%s[%d]", key, i)
		obj, ok := raw.(map[string]any)
		if !ok {
			r.fail(itemKey, ReasonInvalid, "want an object, got %s", jsonKind(raw))
			return
		}
		c := r.child(itemKey, obj)
		fn(&c)
		if c.err != nil {
			r.err = c.err
			return
		}
	}
}

// only fails on the first key of the object that is not in known and not namespaced when
// extensions are allowed.
func (r *fieldReader) only(known []string, extensions bool) {
	for _, key := range sortedKeys(r.obj) {
		if slices.Contains(known, key) {
			continue
		}
		if _, ok := r.scope.expandKey(key); ok && extensions {
			continue
		}
		if r.err == nil {
			r.err = unknownKeyError(key, r.path)
		}
		return
	}
}

func (r *fieldReader) extensions(known []string) []Extension {
	if r.err != nil {
		return nil
	}
	exts, err := decodeExtensions(r.obj, known, r.scope, r.path)
	if err != nil {
		r.err = asError(err)
	}
	return exts
}

func (r *fieldReader) decimal(key string) *decimal.Decimal {
	raw, ok := r.take(key, false)
	if !ok {
		return nil
	}
	n, isNumber := raw.(json.Number)
	if !isNumber {
		r.fail(key, ReasonInvalid, "want a number, got %s", describe(raw))
		return nil
	}
	d, err := parseDecimal(n.String())
	if err != nil {
		r.fail(key, ReasonInvalid, "%v", err)
		return nil
	}
	return &d
}

var quantityFields = []string{"epcClass", "quantity", "uom"}

func (r *fieldReader) quantities(key string) []QuantityElement {
	var out []QuantityElement
	r.objects(key, func(c *fieldReader) {
		c.only(quantityFields, false)
		q := QuantityElement{EPCClass: c.str("epcClass", true), Quantity: c.decimal("quantity"),
			UOM: c.str("uom", false)}
		if c.err == nil && !isAbsoluteURI(q.EPCClass) {
			c.fail("epcClass", ReasonInvalid, "invalid EPC class %q: want a class URI",
				q.EPCClass)
		}
		out = append(out, q)
	})
	if out == nil && r.err == nil && r.obj[key] != nil {
		out = []QuantityElement{}
	}
	return out
}

func (r *fieldReader) errorDeclaration(key string) *ErrorDeclaration {
	obj, ok := r.object(key)
	if !ok {
		return nil
	}
	c := r.child(key, obj)
	known := []string{"declarationTime", "reason", "correctiveEventIDs"}
	decl := &ErrorDeclaration{
		DeclarationTime:    c.time("declarationTime", true),
		Reason:             ErrorReason(c.vocab("reason", errorReasonVocabulary)),
		CorrectiveEventIDs: c.uriList("correctiveEventIDs"),
	}
	decl.Extensions = c.extensions(known)
	r.err = c.err
	return decl
}

func (r *fieldReader) persistentDisposition(key string) *PersistentDisposition {
	obj, ok := r.object(key)
	if !ok {
		return nil
	}
	c := r.child(key, obj)
	c.only([]string{"set", "unset"}, false)
	pd := &PersistentDisposition{}
	for _, s := range c.vocabList("set", dispositionVocabulary) {
		pd.Set = append(pd.Set, Disposition(s))
	}
	for _, s := range c.vocabList("unset", dispositionVocabulary) {
		pd.Unset = append(pd.Unset, Disposition(s))
	}
	r.err = c.err
	return pd
}

func (r *fieldReader) location(key string) *Location {
	obj, ok := r.object(key)
	if !ok {
		return nil
	}
	c := r.child(key, obj)
	loc := &Location{ID: c.str("id", true)}
	if c.err == nil && !isAbsoluteURI(loc.ID) {
		c.fail("id", ReasonInvalid, "invalid location %q: want an SGLN URN or a GLN "+
			"Digital Link", loc.ID)
	}
	loc.Extensions = c.extensions([]string{"id"})
	r.err = c.err
	return loc
}

func (r *fieldReader) bizTransactions(key string) []BizTransaction {
	var out []BizTransaction
	r.objects(key, func(c *fieldReader) {
		c.only([]string{"type", "bizTransaction"}, false)
		bt := BizTransaction{Type: BizTransactionType(c.vocab("type", bttVocabulary))}
		bt.Value = c.str("bizTransaction", true)
		out = append(out, bt)
	})
	return out
}

func (r *fieldReader) sources(key string) []Source {
	var out []Source
	r.objects(key, func(c *fieldReader) {
		c.only([]string{"type", "source"}, false)
		typ := SourceDestType(c.vocab("type", sdtVocabulary))
		out = append(out, Source{Type: typ, Value: c.str("source", true)})
	})
	return out
}

func (r *fieldReader) destinations(key string) []Destination {
	var out []Destination
	r.objects(key, func(c *fieldReader) {
		c.only([]string{"type", "destination"}, false)
		typ := SourceDestType(c.vocab("type", sdtVocabulary))
		out = append(out, Destination{Type: typ, Value: c.str("destination", true)})
	})
	return out
}

func (r *fieldReader) ilmd(key string) []Extension {
	obj, ok := r.object(key)
	if !ok {
		return nil
	}
	c := r.child(key, obj)
	exts := c.extensions(nil)
	r.err = c.err
	if exts == nil && r.err == nil {
		exts = []Extension{}
	}
	return exts
}

// describe names a JSON value for a message, quoting strings.
func describe(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return jsonKind(v)
}

func asError(err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{Reason: ReasonInvalid, Err: err}
}
