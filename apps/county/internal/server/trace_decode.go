package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// decodeFields reads one JSON object into the struct v field by field, so
// that a value a field's own decoder rejects, such as an unknown enum name or
// an invalid date, is reported with the field's name. It rejects unknown
// fields, duplicate keys, trailing data, bodies over the limit and other
// media types, as decodeBody does.
func decodeFields(r *http.Request, v any) *fieldError {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return &fieldError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
				msg: fmt.Sprintf("content type %q is not supported, send application/json", ct)}
		}
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return jsonError(err)
	}
	if fe := checkNUL(data); fe != nil {
		return fe
	}
	if fe := checkDuplicateKeys(data); fe != nil {
		return fe
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return jsonError(err)
	}
	if _, extra := dec.Token(); !errors.Is(extra, io.EOF) {
		return &fieldError{status: http.StatusBadRequest, code: "invalid_json", msg: "the body has data after the JSON object; send one object"}
	}
	if raw == nil {
		return &fieldError{status: http.StatusBadRequest, code: "invalid_type", field: "(body)", msg: "want a JSON object, got null"}
	}
	fields := jsonFields(reflect.ValueOf(v).Elem())
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		dst, ok := fields[name]
		if !ok {
			return &fieldError{status: http.StatusBadRequest, code: "unknown_field", field: name,
				msg: fmt.Sprintf("field %q is not known; see /api/v1/openapi.json", name)}
		}
		if err := decodeField(raw[name], dst); err != nil {
			return fieldDecodeError(name, err)
		}
	}
	return nil
}

// decodeField decodes one field's value, rejecting unknown fields of nested
// objects too.
func decodeField(raw json.RawMessage, dst reflect.Value) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(dst.Addr().Interface())
}

// fieldDecodeError turns the error of one field's decoder into a field error:
// a wrong JSON type is 400 invalid_type, and a value of the right type that
// the field rejects is 422 invalid_field.
func fieldDecodeError(name string, err error) *fieldError {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return &fieldError{status: http.StatusBadRequest, code: "invalid_type", field: name,
			msg: fmt.Sprintf("want a JSON %s, got %s", jsonKind(typ.Type.Kind().String()), typ.Value)}
	}
	if msg, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &fieldError{status: http.StatusBadRequest, code: "unknown_field", field: name,
			msg: fmt.Sprintf("field %s of %s is not known; see /api/v1/openapi.json", msg, name)}
	}
	return invalid(name, "%v", err)
}

// jsonFields maps the JSON names of a struct's fields, those of embedded
// structs included, to the fields.
func jsonFields(v reflect.Value) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
			for k, f := range jsonFields(v.Field(i)) {
				out[k] = f
			}
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out[name] = v.Field(i)
	}
	return out
}
