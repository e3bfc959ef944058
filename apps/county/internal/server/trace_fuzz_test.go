package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shuxiang/shuxiang/trace"
)

// FuzzDecodeFields feeds request bodies to the field-by-field decoder of the
// trace routes: it must return a field error or a record, never panic, and
// name a field for every wrong type.
func FuzzDecodeFields(f *testing.F) {
	f.Add([]byte(`{"id":"2026-A-001","product":"P","plot":"6542021010010100001","harvestedOn":"2026-04-28",` +
		`"quantity":{"value":"1.5","unit":"KGM"}}`))
	f.Add([]byte(`{"quantity":"x"}`))
	f.Add([]byte(`{"harvestedOn":5}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":"a"} {}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/trace/batches", bytes.NewReader(body))
		var b trace.Batch
		fe := decodeFields(r, &b)
		if fe == nil {
			return
		}
		if fe.status < 400 || fe.status > 499 {
			t.Fatalf("status %d for %q, want 4xx", fe.status, body)
		}
		if fe.code == "invalid_type" && fe.field == "" {
			t.Fatalf("invalid_type without a field for %q", body)
		}
	})
}

// FuzzParseLoc reads the loc query parameter of a lookup: a point in range or
// nil.
func FuzzParseLoc(f *testing.F) {
	f.Add("87.62,43.83")
	f.Add("181,0")
	f.Add("NaN,1")
	f.Add(",")
	f.Fuzz(func(t *testing.T, v string) {
		p := parseLoc(v)
		if p != nil && p.Validate() != nil {
			t.Fatalf("parseLoc(%q) = %+v, an invalid point", v, *p)
		}
	})
}
