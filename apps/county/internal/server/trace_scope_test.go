package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/trace"
)

func TestTraceScope(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		codes := setUpBatch(t, f, plotA, 2)
		reads := []string{
			"/api/v1/trace/producers/" + coopCode,
			"/api/v1/trace/products/JUJUBE-A",
			"/api/v1/trace/batches/2026-A-001",
			"/api/v1/trace/batches/2026-A-001/codes",
			"/api/v1/trace/batches/2026-A-001/events",
			"/api/v1/trace/issuances/v1.b0",
			"/api/v1/trace/certificates/C-2026-001",
			"/api/v1/trace/reports/R-2026-001",
		}
		for _, path := range reads {
			assert.Equal(t, http.StatusOK, f.do("GET", path, "cadre-a", nil).status, "cadre of the village: %s", path)
			assert.Equal(t, http.StatusOK, f.do("GET", path, "township", nil).status, "township officer: %s", path)
			assert.Equal(t, http.StatusOK, f.do("GET", path, "regulator", nil).status, "regulator: %s", path)
			r := f.do("GET", path, "cadre-c", nil)
			assert.Equal(t, http.StatusNotFound, r.status, "another village's cadre: %s", path)
			assert.Equal(t, http.StatusUnauthorized, f.do("GET", path, "", nil).status, "no token: %s", path)
			assert.Equal(t, http.StatusForbidden, f.do("GET", path, "public", nil).status, "role public: %s", path)
			assert.Equal(t, http.StatusForbidden, f.do("GET", path, "water", nil).status, "water officer: %s", path)
		}

		list := decode[struct{ Items []trace.Batch }](t, f.do("GET", "/api/v1/trace/batches", "cadre-c", nil))
		assert.Empty(t, list.Items, "another village lists none of village A's batches")
		products := decode[struct{ Items []trace.Product }](t, f.do("GET", "/api/v1/trace/products", "cadre-c", nil))
		assert.Empty(t, products.Items)
		assert.Equal(t, http.StatusForbidden, f.do("GET", "/api/v1/trace/batches?division="+villageA, "cadre-c", nil).status)

		writes := []struct {
			method, path string
			body         map[string]any
		}{
			{"POST", "/api/v1/trace/batches/2026-A-001/codes", map[string]any{"count": 1}},
			{"POST", "/api/v1/trace/batches/2026-A-001/steps/packing", map[string]any{"site": "x"}},
			{"POST", "/api/v1/trace/issuances/v1.b0/state", map[string]any{"state": "active"}},
			{"PUT", "/api/v1/trace/producers/" + coopCode, map[string]any{}},
		}
		for _, w := range writes {
			assert.Equal(t, http.StatusNotFound, f.do(w.method, w.path, "cadre-c", w.body).status,
				"another village's cadre: %s %s", w.method, w.path)
			assert.Equal(t, http.StatusForbidden, f.do(w.method, w.path, "regulator", w.body).status,
				"regulator: %s %s", w.method, w.path)
		}
		r := f.do("GET", "/api/v1/trace/issuances/v1.b0/export", "cadre-c", nil)
		assert.Equal(t, http.StatusNotFound, r.status)

		// A batch on a plot of another village is rejected without saying
		// whether the plot exists.
		r = f.do("POST", "/api/v1/trace/batches", "cadre-a", batchBody("2026-A-002", "JUJUBE-A", plotB))
		assert.Equal(t, http.StatusUnprocessableEntity, r.status)
		code, field := r.errorField()
		assert.Equal(t, "invalid_field", code)
		assert.Equal(t, "plot", field)
		r = f.do("POST", "/api/v1/trace/producers", "cadre-a", producerBody(validCredit("93654202MA0000001"), villageC))
		assert.Equal(t, http.StatusForbidden, r.status)

		// EPCIS serves county-wide accounts only.
		assert.Equal(t, http.StatusForbidden, f.do("GET", "/api/v1/epcis/events", "cadre-a", nil).status)
		assert.Equal(t, http.StatusForbidden, f.do("POST", "/api/v1/epcis/capture", "township", "{}").status)
		assert.Equal(t, http.StatusOK, f.do("GET", "/api/v1/epcis/events", "regulator", nil).status)

		// The public role and anonymous callers reach the lookup page.
		assert.Equal(t, http.StatusOK, f.do("GET", "/t/"+codes[0], "public", nil).status)
		assert.Equal(t, http.StatusOK, f.do("GET", "/t/"+codes[0], "", nil).status)
	})
}

func TestTraceUnconfigured(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	assert.Equal(t, http.StatusServiceUnavailable, f.do("GET", "/api/v1/trace/producers", "admin", nil).status)
	assert.Equal(t, http.StatusServiceUnavailable, f.do("GET", "/t/ABC", "", nil).status)
}

func TestLookupUnknownAndMalformed(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite)
	setUpBatch(t, f, plotA, 1)
	r := f.do("GET", "/t/not-a-code", "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Contains(t, string(r.body), "无法识别的追溯码")
	assert.Equal(t, "text/html; charset=utf-8", r.header.Get("Content-Type"))

	// A well-formed code of another county's keys verifies against none.
	r = f.do("GET", "/t/1SE6-1XHP-SF46-E73Q", "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Contains(t, string(r.body), "查无此码")

	r = f.do("GET", "/01/06901234000016/21/12345", "", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Contains(t, string(r.body), "查无此码")
	r = f.do("GET", "/t/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "", nil)
	assert.NotContains(t, string(r.body), "<script>", "the code is escaped")
}

func TestLookupVoidedAndInactive(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite)
	codes := setUpBatch(t, f, plotA, 2)
	r := f.do("POST", "/api/v1/trace/issuances/v1.b0/state", "cadre-a", map[string]any{"state": "suspended"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	page := f.do("GET", "/t/"+codes[0], "", nil)
	assert.Contains(t, string(page.body), "此码已停用")

	r = f.do("POST", "/api/v1/trace/issuances/v1.b0/state", "cadre-a", map[string]any{"state": "issued"})
	require.Equal(t, http.StatusOK, r.status, "%s", r.body)
	page = f.do("GET", "/t/"+codes[1], "", nil)
	assert.Contains(t, string(page.body), "此码尚未启用")
	assert.Contains(t, string(page.body), "异常提示", "the scan before activation raised a flag")

	// The flag becomes a device alarm of origin trace in village A.
	var alarms []map[string]any
	require.Eventually(t, func() bool {
		list := decode[struct{ Items []map[string]any }](t, f.do("GET", "/api/v1/device-alarms", "cadre-a", nil))
		alarms = list.Items
		return len(alarms) > 0
	}, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, "trace", alarms[0]["origin"])
	assert.Equal(t, "trace_before_activation", alarms[0]["rule"])
	assert.Equal(t, villageA, alarms[0]["division"])
	flags := decode[struct{ Items []trace.Flag }](t, f.do("GET", "/api/v1/trace/flags", "cadre-a", nil))
	require.Len(t, flags.Items, 1)
	assert.NotEmpty(t, flags.Items[0].Evidence.Scans)
	none := decode[struct{ Items []trace.Flag }](t, f.do("GET", "/api/v1/trace/flags", "cadre-c", nil))
	assert.Empty(t, none.Items, "another village sees no flag of village A")

	stats := decode[map[string]any](t, f.do("GET", "/api/v1/trace/stats", "cadre-a", nil))
	assert.EqualValues(t, 2, stats["codes_issued"])
	assert.EqualValues(t, 1, stats["flags"])
}

func TestLookupSecondSale(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite)
	codes := setUpBatch(t, f, plotA, 1)
	sale := func(at string) response {
		return f.do("POST", "/api/v1/trace/batches/2026-A-001/steps/retail-sale", "cadre-a",
			map[string]any{"at": at, "site": "shop-1", "codes": codes, "place": "650102"})
	}
	require.Equal(t, http.StatusCreated, sale("2026-05-01T09:00:00+08:00").status)
	r := sale("2026-05-01T15:00:00+08:00")
	require.Equal(t, http.StatusCreated, r.status, "%s", r.body)
	assert.Contains(t, string(r.body), "second_sale")
}

func TestLookupRateLimit(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite, func(c *server.TraceConfig) {
		c.LookupRate, c.LookupBurst = 0.01, 3
	})
	codes := setUpBatch(t, f, plotA, 1)
	for i := range 3 {
		assert.Equal(t, http.StatusOK, f.do("GET", "/t/"+codes[0], "", nil).status, "lookup %d", i+1)
	}
	r := f.do("GET", "/t/"+codes[0], "", nil)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.NotEmpty(t, r.header.Get("Retry-After"))
	other := f.do("GET", "/t/"+codes[0], "", nil, "User-Agent", "another phone")
	assert.Equal(t, http.StatusOK, other.status, "another client has its own bucket")
	assert.True(t, strings.Contains(string(other.body), "第 4 次查询"), "a limited lookup is not counted")
}

// TestLookupRateLimitPerAddress checks that a client which changes its user
// agent on every lookup is still held to the limit of its address.
func TestLookupRateLimitPerAddress(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite, func(c *server.TraceConfig) {
		c.LookupRate, c.LookupBurst = 0.01, 2
	})
	codes := setUpBatch(t, f, plotA, 1)
	served := 0
	for i := range 3 * 2 * server.LookupAddressFactor {
		r := f.do("GET", "/t/"+codes[0], "", nil, "User-Agent", fmt.Sprintf("robot %d", i))
		switch r.status {
		case http.StatusOK:
			served++
		case http.StatusTooManyRequests:
			assert.NotEmpty(t, r.header.Get("Retry-After"))
		default:
			t.Fatalf("lookup %d: status %d %s", i+1, r.status, r.body)
		}
	}
	assert.Equal(t, 2*server.LookupAddressFactor, served, "lookups served to one address under many user agents")
}
