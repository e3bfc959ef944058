package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzDecodeBodies feeds outside bytes to the body decoders and the field
// checks of every write endpoint. Each must return a value or a field error
// with a 4xx status, and never panic.
func FuzzDecodeBodies(f *testing.F) {
	seeds := []string{
		`{"code":"6542021010010100001","village":"654202101001","declared_area":"2.50",` +
			`"geometry":{"type":"Polygon","coordinates":[[[84,44],[84.001,44],[84.001,44.001],[84,44.001],[84,44]]]}}`,
		`{"code":"654202101001010001","name":"户主","members":[{"name":"a","relation":"head"}]}`,
		`{"account":"admin","secret":"x"}`,
		`{"geometry":{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4]]]]}}`,
		`{"declared_area":1e400}`,
		`{"annual_m3":"1200","warnings_percent":["80"],"at_limit":"alarm","version":1}`,
		`{"monthly_m3":["1","2","3","4","5","6","7","8","9","10","11",12]}`,
		`[`, `null`, `{"a":1}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		newRequest := func() *http.Request {
			r := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, DefaultMaxBodyBytes)
			return r
		}
		check := func(fe *fieldError) {
			if fe != nil && (fe.status < 400 || fe.status > 499) {
				t.Errorf("status %d for %q, want 4xx", fe.status, body)
			}
		}

		var plot plotInput
		if fe := decodeBody(newRequest(), &plot); fe != nil {
			check(fe)
		} else {
			_, fe := plot.plot()
			check(fe)
		}
		var household householdInput
		if fe := decodeBody(newRequest(), &household); fe != nil {
			check(fe)
		} else {
			_, fe := household.contractor()
			check(fe)
		}
		var plan planInput
		if fe := decodeBody(newRequest(), &plan); fe != nil {
			check(fe)
		} else {
			_, fe := plan.plan("W-1", 2026)
			check(fe)
		}
		var login loginInput
		check(decodeBody(newRequest(), &login))
	})
}
