package server_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// traceBadInputs are rejected bodies of each trace write endpoint, beside the
// common ones.
func traceBadInputs() map[string][]badInput {
	with := func(m map[string]any, change func(map[string]any)) map[string]any {
		change(m)
		return m
	}
	producer := func(change func(map[string]any)) map[string]any {
		return with(producerBody(validCredit("93654202MA0000009"), villageA), change)
	}
	product := func(change func(map[string]any)) map[string]any {
		return with(productBody("JUJUBE-B", coopCode), change)
	}
	batch := func(change func(map[string]any)) map[string]any {
		return with(batchBody("2026-A-009", "JUJUBE-A", plotA), change)
	}
	report := func(change func(map[string]any)) map[string]any {
		return with(reportBody("R-2026-009", "2026-A-001"), change)
	}
	cert := func(change func(map[string]any)) map[string]any {
		return with(certificateBody("C-2026-009", "2026-A-001"), change)
	}
	return map[string][]badInput{
		"POST /api/v1/trace/producers": {
			{"wrong type name", producer(func(m map[string]any) { m["name"] = 5 }), 400, "invalid_type", "name"},
			{"invalid credit code", producer(func(m map[string]any) { m["code"] = "93654202MA00000000" }), 422, "invalid_field", "code"},
			{"unknown kind", producer(func(m map[string]any) { m["kind"] = "guild" }), 422, "invalid_field", "kind"},
			{"missing division", producer(func(m map[string]any) { delete(m, "division") }), 422, "invalid_field", "division"},
			{"version set", producer(func(m map[string]any) { m["version"] = 3 }), 422, "invalid_field", "version"},
		},
		"POST /api/v1/trace/products": {
			{"wrong type unit", product(func(m map[string]any) { m["unit"] = []int{1} }), 400, "invalid_type", "unit"},
			{"invalid GTIN", product(func(m map[string]any) { m["gtin"] = "06901234000017" }), 422, "invalid_field", "gtin"},
			{"unknown category", product(func(m map[string]any) { m["category"] = "rocks" }), 422, "invalid_field", "category"},
			{"unknown producer", product(func(m map[string]any) { m["producer"] = validCredit("93654202MA0000007") }), 422, "invalid_field", "producer"},
		},
		"POST /api/v1/trace/batches": {
			{"wrong type quantity", batch(func(m map[string]any) { m["quantity"] = "12 kg" }), 400, "invalid_type", "quantity"},
			{"invalid quantity", batch(func(m map[string]any) {
				m["quantity"] = map[string]any{"value": "12,5", "unit": "KGM"}
			}), 422, "invalid_field", "quantity"},
			{"invalid day", batch(func(m map[string]any) { m["harvestedOn"] = "2026-13-01" }), 422, "invalid_field", "harvestedOn"},
			{"invalid plot", batch(func(m map[string]any) { m["plot"] = "12345" }), 422, "invalid_field", "plot"},
			{"unknown plot", batch(func(m map[string]any) { m["plot"] = "6542021010010100099" }), 422, "invalid_field", "plot"},
			{"invalid id", batch(func(m map[string]any) { m["id"] = "no spaces allowed" }), 422, "invalid_field", "id"},
			{"unknown product", batch(func(m map[string]any) { m["product"] = "NOPE" }), 422, "invalid_field", "product"},
			{"unknown planting", batch(func(m map[string]any) {
				m["planting"] = map[string]any{"Plot": plotA, "Year": 2020, "Season": "whole_year", "Crop": "红枣"}
			}), 422, "invalid_field", "planting"},
			{"planting of another plot", batch(func(m map[string]any) {
				m["planting"] = map[string]any{"Plot": plotB, "Year": 2020, "Season": "whole_year", "Crop": "红枣"}
			}), 422, "invalid_field", "planting.plot"},
		},
		"PUT /api/v1/trace/producers/" + coopCode: {
			{"missing version", with(producerBody(coopCode, villageA), func(map[string]any) {}), 422, "invalid_field", "version"},
			{"other code", with(producerBody(validCredit("93654202MA0000009"), villageA), func(m map[string]any) {
				m["version"] = 1
			}), 422, "invalid_field", "code"},
			{"stale version", with(producerBody(coopCode, villageA), func(m map[string]any) { m["version"] = 9 }), 409, "conflict", "version"},
			{"division outside", with(producerBody(coopCode, villageC), func(m map[string]any) { m["version"] = 1 }), 403, "forbidden", "division"},
		},
		"PUT /api/v1/trace/products/JUJUBE-A": {
			{"missing version", product(func(m map[string]any) { m["id"] = "JUJUBE-A" }), 422, "invalid_field", "version"},
			{"other id", product(func(m map[string]any) { m["version"] = 1 }), 422, "invalid_field", "id"},
		},
		"POST /api/v1/trace/batches/2026-A-001/codes": {
			{"zero count", map[string]any{"count": 0}, 422, "invalid_field", "count"},
			{"too many", map[string]any{"count": 100_001}, 422, "invalid_field", "count"},
			{"wrong type count", map[string]any{"count": "ten"}, 400, "invalid_type", "count"},
			{"bad state", map[string]any{"count": 1, "state": "revoked"}, 422, "invalid_field", "state"},
		},
		"POST /api/v1/trace/batches/2026-A-001/steps/shipping": {
			{"missing site", map[string]any{"codes": []string{}}, 422, "invalid_field", "site"},
			{"invalid code", map[string]any{"site": "s", "codes": []string{"XXXX"}}, 422, "invalid_field", "codes[0]"},
			{"invalid destination", map[string]any{"site": "s", "destinations": []string{"99"}}, 422, "invalid_field", "destinations"},
			{"wrong type at", map[string]any{"site": "s", "at": 5}, 422, "invalid_field", "at"},
		},
		"POST /api/v1/trace/batches/2026-A-001/steps/inspection": {
			{"missing report", map[string]any{"site": "lab"}, 422, "invalid_field", "report"},
			{"unknown report", map[string]any{"site": "lab", "report": "R-0"}, 422, "invalid_field", "report"},
		},
		"POST /api/v1/trace/issuances/v1.b0/state": {
			{"unknown state", map[string]any{"state": "lost"}, 422, "invalid_field", "state"},
		},
		"POST /api/v1/trace/reports": {
			{"unknown result", report(func(m map[string]any) { m["result"] = "maybe" }), 422, "invalid_field", "result"},
			{"no items", report(func(m map[string]any) { m["items"] = []any{} }), 422, "invalid_field", "items"},
			{"unknown batch", report(func(m map[string]any) { m["batch"] = "2026-X" }), 422, "invalid_field", "batch"},
		},
		"POST /api/v1/trace/certificates": {
			{"missing phone", cert(func(m map[string]any) { m["issuer"] = map[string]any{"name": "x"} }), 422, "invalid_field", "issuer.phone"},
			{"unknown basis", cert(func(m map[string]any) { m["bases"] = "luck" }), 422, "invalid_field", "bases"},
			{"wrong type quantity", cert(func(m map[string]any) { m["quantity"] = true }), 400, "invalid_type", "quantity"},
		},
	}
}

func TestTraceBadInput(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		setUpBatch(t, f, plotA, 1)
		for route, cases := range traceBadInputs() {
			method, path, _ := strings.Cut(route, " ")
			for _, bi := range append(commonBadInputs(), cases...) {
				before := f.traceSnapshot()
				r := f.do(method, path, "cadre-a", bi.body)
				code, field := r.errorField()
				assert.Equal(t, bi.status, r.status, "%s %s: %s", route, bi.name, r.body)
				assert.Equal(t, bi.code, code, "%s %s: %s", route, bi.name, r.body)
				assert.Equal(t, bi.field, field, "%s %s: %s", route, bi.name, r.body)
				assert.True(t, before == f.traceSnapshot(), "%s %s changed records", route, bi.name)
			}
		}
		r := f.do("POST", "/api/v1/trace/producers", "cadre-a", `{"code":"x"}`, "Content-Type", "text/plain")
		assert.Equal(t, http.StatusUnsupportedMediaType, r.status)
		r = f.do("GET", "/api/v1/trace/batches/no%20such", "cadre-a", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		r = f.do("POST", "/api/v1/trace/batches/2026-A-001/steps/dancing", "cadre-a", map[string]any{"site": "x"})
		assert.Equal(t, http.StatusNotFound, r.status)
		r = f.do("GET", "/api/v1/trace/issuances/v1.b0/export?format=gif", "cadre-a", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		r = f.do("GET", "/api/v1/trace/issuances/v1.b0/export?from=5", "cadre-a", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		r = f.do("GET", "/api/v1/trace/producers?kind=guild", "cadre-a", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		r = f.do("GET", "/api/v1/epcis/events?EQ_bizStep=dancing", "admin", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
		_, field := r.errorField()
		assert.Equal(t, "EQ_bizStep", field)
		r = f.do("GET", "/api/v1/epcis/events?GE_eventTime=yesterday", "admin", nil)
		assert.Equal(t, http.StatusBadRequest, r.status)
	})
}

// epcisDir returns the folder of the public EPCIS capture test documents.
func epcisDir(t *testing.T) string {
	return filepath.Dir(sharedFile(t, "gs1/epcis/openepcis/JSON/Capture/Invalid/ObjectEvent_with_invalid_action.json"))
}

func TestEPCISCaptureInvalid(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		files, err := filepath.Glob(filepath.Join(epcisDir(t), "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		before := f.traceSnapshot()
		for _, file := range files {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			r := f.do("POST", "/api/v1/epcis/capture", "admin", data, "Content-Type", "application/ld+json")
			name := filepath.Base(file)
			assert.GreaterOrEqual(t, r.status, 400, name)
			assert.Less(t, r.status, 500, "%s: %s", name, r.body)
			code, field := r.errorField()
			assert.NotEmpty(t, code, name)
			assert.NotEmpty(t, field, "%s: %s", name, r.body)
		}
		assert.True(t, before == f.traceSnapshot(), "rejected captures store nothing")
	})
}

// TestEPCISCaptureNUL checks that a JSON document with U+0000 in a string,
// which PostgreSQL cannot store, is rejected before the store sees it.
func TestEPCISCaptureNUL(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		doc := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],` +
			`"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-05-01T00:00:00Z",` +
			`"epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2026-05-01T08:00:00+08:00",` +
			`"eventTimeZoneOffset":"+08:00","epcList":["https://trace.example.cn/t/A\u0000BC"],` +
			`"action":"OBSERVE","bizStep":"shipping"}]}}`
		before := f.traceSnapshot()
		r := f.do("POST", "/api/v1/epcis/capture", "admin", doc, "Content-Type", "application/ld+json")
		assert.Equal(t, http.StatusBadRequest, r.status, "%s", r.body)
		code, _ := r.errorField()
		assert.Equal(t, "invalid_json", code)
		assert.True(t, before == f.traceSnapshot(), "a rejected capture stores nothing")
	})
}

func TestEPCISCaptureAndQuery(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		dir := filepath.Join(filepath.Dir(epcisDir(t)), "Documents")
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		var data []byte
		var ids []string
		for _, file := range files {
			data, err = os.ReadFile(file)
			require.NoError(t, err)
			r := f.do("POST", "/api/v1/epcis/capture", "admin", data, "Content-Type", "application/ld+json")
			if r.status == http.StatusCreated {
				out := decode[struct {
					EventIDs []string `json:"eventIds"`
				}](t, r)
				ids = out.EventIDs
				break
			}
		}
		require.NotEmpty(t, ids, "one public document captures")
		again := f.do("POST", "/api/v1/epcis/capture", "admin", data, "Content-Type", "application/ld+json")
		assert.Equal(t, http.StatusConflict, again.status, "%s", again.body)
		code, _ := again.errorField()
		assert.Equal(t, "duplicate_event", code)

		q := f.do("GET", "/api/v1/epcis/events?EQ_eventID="+ids[0], "admin", nil)
		require.Equal(t, http.StatusOK, q.status, "%s", q.body)
		assert.Contains(t, string(q.body), ids[0])
		paged := f.do("GET", "/api/v1/epcis/events?perPage=1", "admin", nil)
		require.Equal(t, http.StatusOK, paged.status)
		if len(ids) > 1 {
			assert.NotEmpty(t, paged.header.Get("Link"), "a next page")
		}
		xml := `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-05-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent><eventTime>2026-05-01T08:00:00+08:00</eventTime><eventTimeZoneOffset>+08:00</eventTimeZoneOffset><epcList><epc>https://trace.example.cn/t/ABC</epc></epcList><action>OBSERVE</action><bizStep>shipping</bizStep></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`
		r := f.do("POST", "/api/v1/epcis/capture", "admin", xml, "Content-Type", "application/xml")
		assert.Equal(t, http.StatusCreated, r.status, "%s", r.body)
		byEPC := f.do("GET", "/api/v1/epcis/events?MATCH_epc=https://trace.example.cn/t/ABC&EQ_bizStep=shipping", "admin", nil)
		assert.Contains(t, string(byEPC.body), "trace.example.cn/t/ABC")
	})
}
