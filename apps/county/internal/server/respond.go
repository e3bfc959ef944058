package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
)

// countyWide reports whether p's division is a county or wider, so that p can
// also read records without a division.
func countyWide(p auth.Principal) bool {
	return p.Division != "" && p.Division.Level() <= land.DivisionCounty
}

// apiError is the body of every error response.
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	// Code is a stable machine-readable name, such as "invalid_field".
	Code string `json:"code"`
	// Message states what is wrong and what would be valid.
	Message string `json:"message"`
	// Field is the JSON field or query parameter at fault; empty when none is.
	Field string `json:"field,omitempty"`
}

// fieldError is a request fault in one field, returned by the decoders.
type fieldError struct {
	status int
	code   string
	field  string
	msg    string
}

func (e *fieldError) Error() string { return e.field + ": " + e.msg }

func invalid(field, format string, args ...any) *fieldError {
	return &fieldError{status: http.StatusUnprocessableEntity, code: "invalid_field", field: field, msg: fmt.Sprintf(format, args...)}
}

func badQuery(field, format string, args ...any) *fieldError {
	return &fieldError{status: http.StatusBadRequest, code: "invalid_query", field: field, msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, status int, code, msg, field string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(apiError{Error: errorBody{Code: code, Message: msg, Field: field}})
}

func writeFieldError(w http.ResponseWriter, e *fieldError) {
	writeError(w, e.status, e.code, e.msg, e.field)
}

// writeJSON writes v with status. A GET that succeeds gets an ETag over the
// body, and a matching If-None-Match makes it 304 Not Modified.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, etag, err := encodeBody(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "encode response: "+err.Error(), "")
		return
	}
	writeBody(w, r, status, body, etag)
}

// encodeBody returns v as JSON with a final newline and the strong entity tag
// of those bytes: the first 128 bits of their SHA-256, in base64url.
func encodeBody(v any) (body []byte, etag string, err error) {
	body, err = json.Marshal(v)
	if err != nil {
		return nil, "", err
	}
	body = append(body, '\n')
	sum := sha256.Sum256(body)
	return body, `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`, nil
}

// writeBody writes a JSON body made by encodeBody. A GET that succeeds gets
// etag, and a matching If-None-Match makes it 304 Not Modified.
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte, etag string) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	if r.Method == http.MethodGet && status == http.StatusOK {
		h.Set("ETag", etag)
		h.Set("Cache-Control", "private, no-cache")
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// etagMatches applies the weak comparison of RFC 9110 section 13.1.2 to an
// If-None-Match list.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// decodeBody reads one JSON object into v, rejecting unknown fields,
// duplicate keys, trailing data, bodies over the limit and other media
// types.
func decodeBody(r *http.Request, v any) *fieldError {
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
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); !errors.Is(extra, io.EOF) {
			return &fieldError{status: http.StatusBadRequest, code: "invalid_json", msg: "the body has data after the JSON object; send one object"}
		}
		return nil
	}
	return jsonError(err)
}

// checkNUL rejects a JSON body with the escape \u0000 in a string. Text
// with U+0000 cannot be stored in PostgreSQL, and no field of the API needs
// it. It scans the escapes only, which in valid JSON occur only in strings.
func checkNUL(data []byte) *fieldError {
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		if bytes.HasPrefix(data[i+1:], []byte("u0000")) {
			return &fieldError{status: http.StatusBadRequest, code: "invalid_json",
				msg: fmt.Sprintf("the body has the character U+0000 (\\u0000) at byte %d, which no text may contain; remove it", i)}
		}
		i++ // the escaped character, which may be a backslash
	}
	return nil
}

// jsonError turns a decoding error into a field error.
func jsonError(err error) *fieldError {
	var maxBytes *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxBytes):
		return &fieldError{status: http.StatusRequestEntityTooLarge, code: "body_too_large",
			msg: fmt.Sprintf("the body is larger than %d bytes", maxBytes.Limit)}
	case errors.As(err, &syntax):
		return &fieldError{status: http.StatusBadRequest, code: "invalid_json",
			msg: fmt.Sprintf("invalid JSON at byte %d: %v", syntax.Offset, err)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &fieldError{status: http.StatusBadRequest, code: "invalid_json", msg: "the body is empty or ends inside the JSON object"}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return &fieldError{status: http.StatusBadRequest, code: "invalid_type", field: field,
			msg: fmt.Sprintf("want a JSON %s, got %s", jsonKind(typ.Type.Kind().String()), typ.Value)}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		field, _ := strconv.Unquote(name)
		return &fieldError{status: http.StatusBadRequest, code: "unknown_field", field: field,
			msg: fmt.Sprintf("field %s is not known; see /api/v1/openapi.json", name)}
	}
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe
	}
	return &fieldError{status: http.StatusBadRequest, code: "invalid_json", msg: err.Error()}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	}
	return "number"
}

// page is one page of a listing.
type page[T any] struct {
	Items []T `json:"items"`
	// Next is the after parameter for the next page; empty on the last page.
	Next string `json:"next,omitempty"`
}

// Listing limits.
const (
	defaultLimit = 100
	maxLimit     = 1000
)

// pageQuery reads the limit and after query parameters.
func pageQuery(r *http.Request) (land.Page, *fieldError) {
	q := r.URL.Query()
	p := land.Page{Limit: defaultLimit, After: q.Get("after")}
	if len(p.After) > 200 {
		return p, badQuery("after", "after is %d bytes long; pass the next value of the previous page", len(p.After))
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return p, badQuery("limit", "limit %q is invalid, want an integer from 1 to %d", s, maxLimit)
		}
		p.Limit = n
	}
	return p, nil
}

// divisionQuery reads the division query parameter and checks it against the
// caller's scope. It returns "" when the caller sees the whole county and
// names no division, so that records without a division are listed too.
func divisionQuery(r *http.Request, p auth.Principal) (land.DivisionCode, *fieldError) {
	s := r.URL.Query().Get("division")
	if s == "" {
		if countyWide(p) {
			return "", nil
		}
		return p.Division, nil
	}
	d, err := land.ParseDivisionCode(s)
	if err != nil {
		return "", badQuery("division", "%v", err)
	}
	if !p.InScope(d) {
		return "", &fieldError{status: http.StatusForbidden, code: "forbidden", field: "division",
			msg: fmt.Sprintf("division %s is outside your division %s", d, p.Division)}
	}
	return d, nil
}

// rawText returns a JSON string or number as text, for decimal fields.
func rawText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	}
	if raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9' {
		return string(raw), true
	}
	return "", false
}
