package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/apps/county/internal/bulk"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// Test records of the trace tests.
const (
	coopCode   = "93654202MA00000006"
	importedIn = "65420210100109" // issuer of the imported plots: village A, group 09
)

// validCredit returns the credit code of body (17 characters) with its check
// character.
func validCredit(body string) string {
	return body + string(trace.CreditCheckChar(body))
}

func producerBody(code, division string) map[string]any {
	return map[string]any{"code": code, "name": "团结村红枣专业合作社", "kind": "cooperative",
		"division": division, "phone": "13912345678"}
}

func productBody(id, producer string) map[string]any {
	return map[string]any{"id": id, "producer": producer, "name": "团结骏枣", "variety": "骏枣",
		"category": "fruit", "unit": "KGM", "standard": "GB/T 32714-2016"}
}

func batchBody(id, product, plot string) map[string]any {
	return map[string]any{"id": id, "product": product, "plot": plot, "harvestedOn": "2026-04-28",
		"quantity": map[string]any{"value": "1200.50", "unit": "KGM"}}
}

func reportBody(number, batch string) map[string]any {
	return map[string]any{"number": number, "lab": map[string]any{"name": "县农产品质量检测站"},
		"batch": batch, "sampledOn": "2026-04-29", "issuedOn": "2026-04-30", "result": "pass",
		"items": []map[string]any{{"name": "毒死蜱", "value": "0.01", "limit": "0.5", "unit": "mg/kg",
			"notDetected": true, "result": "pass"}}}
}

func certificateBody(number, batch string) map[string]any {
	return map[string]any{"number": number, "issuer": map[string]any{"name": "团结村红枣专业合作社",
		"phone": "13912345678"}, "product": "团结骏枣", "productId": "JUJUBE-A", "batch": batch,
		"quantity": map[string]any{"value": "1200.50", "unit": "KGM"}, "origin": villageA,
		"issuedOn": "2026-04-30", "bases": "quality_control,commissioned_testing", "report": "R-2026-001"}
}

// importPlot imports the plots of a public boundary file into village A and
// returns the code of one.
func importPlot(t *testing.T, f *traceFixture) string {
	t.Helper()
	ctx := context.Background()
	path := sharedFile(t, "fields/ai4sf_vietnam_tile1_sample.geojson")
	stores := bulk.Stores{Land: f.land, Sequences: f.land.(land.SequenceStore), Water: f.water, County: f.county}
	rep, err := bulk.ImportPlots(ctx, stores, path, bulk.PlotOptions{Allocate: importedIn,
		Options: bulk.Options{Actor: "test"}})
	require.NoError(t, err)
	require.Positive(t, rep.Created, "plots imported: %+v", rep.Rejected)
	plots, _, err := f.land.Plots(ctx, land.PlotFilter{Issuer: importedIn, Page: land.Page{Limit: 1}})
	require.NoError(t, err)
	for _, p := range plots {
		if strings.HasPrefix(string(p.Code), importedIn) {
			return string(p.Code)
		}
	}
	t.Fatal("no imported plot in village A")
	return ""
}

// addPlanting stores a planting record of red dates on the plot and returns
// its key as the API takes it.
func addPlanting(t testing.TB, f *traceFixture, plot string) any {
	t.Helper()
	pl := &land.Planting{Plot: land.PlotCode(plot), Year: 2025, Season: land.SeasonWholeYear, Crop: "红枣",
		Variety: "骏枣", SownArea: decimal.RequireFromString("2.5")}
	require.NoError(t, f.land.PutPlanting(context.Background(), pl))
	data, err := json.Marshal(pl.Key())
	require.NoError(t, err)
	var key any
	require.NoError(t, json.Unmarshal(data, &key))
	return key
}

// setUpBatch creates a producer, product, batch, test report and certificate
// in village A as the village's cadre, and issues n active codes. It returns
// the codes from the CSV export.
func setUpBatch(t testing.TB, f *traceFixture, plot string, n int, planting ...any) []string {
	t.Helper()
	must := func(r response, want int) response {
		t.Helper()
		require.Equal(t, want, r.status, "%s", r.body)
		return r
	}
	must(f.do("POST", "/api/v1/trace/producers", "cadre-a", producerBody(coopCode, villageA)), 201)
	must(f.do("POST", "/api/v1/trace/products", "cadre-a", productBody("JUJUBE-A", coopCode)), 201)
	batch := batchBody("2026-A-001", "JUJUBE-A", plot)
	if len(planting) > 0 {
		batch["planting"] = planting[0]
	}
	must(f.do("POST", "/api/v1/trace/batches", "cadre-a", batch), 201)
	must(f.do("POST", "/api/v1/trace/reports", "cadre-a", reportBody("R-2026-001", "2026-A-001")), 201)
	must(f.do("POST", "/api/v1/trace/certificates", "cadre-a", certificateBody("C-2026-001", "2026-A-001")), 201)
	var is trace.Issuance
	issued := must(f.do("POST", "/api/v1/trace/batches/2026-A-001/codes", "cadre-a",
		map[string]any{"count": n, "state": "active"}), 201)
	require.NoError(t, json.Unmarshal(issued.body, &is))
	assert.Equal(t, trace.SchemeMinted, is.Scheme)
	assert.Equal(t, uint64(n), is.Count)
	export := must(f.do("GET", "/api/v1/trace/issuances/"+is.ID+"/export?format=csv", "cadre-a", nil), 200)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export.body, []byte("\ufeff")))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, n+1, "header and one row per code")
	var codes []string
	for _, row := range rows[1:] {
		assert.True(t, strings.HasPrefix(row[1], "https://"+traceDomain+"/t/"), "lookup URL %s", row[1])
		codes = append(codes, row[0])
	}
	return codes
}

func TestTraceEndToEnd(t *testing.T) {
	traceDialects(t, func(t *testing.T, f *traceFixture) {
		plot := importPlot(t, f)
		codes := setUpBatch(t, f, plot, 5, addPlanting(t, f, plot))
		batch := decode[trace.Batch](t, f.do("GET", "/api/v1/trace/batches/2026-A-001", "cadre-a", nil))
		assert.Equal(t, land.DivisionCode(villageA), batch.Origin, "origin is the plot's village")

		steps := []struct {
			step string
			body map[string]any
		}{
			{"packing", map[string]any{"at": "2026-04-30T09:00:00+08:00", "site": "packhouse-1",
				"codes": codes[:2], "parent": "https://" + traceDomain + "/site/packhouse-1/case/1"}},
			{"inspection", map[string]any{"at": "2026-04-30T10:00:00+08:00", "site": "county-lab",
				"codes": codes[:2], "report": "R-2026-001"}},
			{"shipping", map[string]any{"at": "2026-05-01T08:00:00+08:00", "site": "packhouse-1",
				"codes": codes[:2], "from": coopCode, "to": validCredit("91650100MA0000001"),
				"destinations": []string{"650100"}}},
			{"receiving", map[string]any{"at": "2026-05-01T20:00:00+08:00", "site": "urumqi-market",
				"codes": codes[:2], "from": coopCode, "to": validCredit("91650100MA0000001")}},
			{"retail-sale", map[string]any{"at": "2026-05-02T09:00:00+08:00", "site": "shop-7",
				"codes": codes[:1], "place": "650102"}},
		}
		for _, s := range steps {
			r := f.do("POST", "/api/v1/trace/batches/2026-A-001/steps/"+s.step, "cadre-a", s.body)
			require.Equal(t, http.StatusCreated, r.status, "%s: %s", s.step, r.body)
		}

		page := f.do("GET", "/t/"+codes[0], "", nil)
		require.Equal(t, http.StatusOK, page.status)
		assert.Equal(t, "text/html; charset=utf-8", page.header.Get("Content-Type"))
		html := string(page.body)
		for _, want := range []string{plot, "团结骏枣", "团结村红枣专业合作社", "采收", "包装", "检验", "发运", "收货",
			"零售", "检测结果：合格", "R-2026-001", "C-2026-001", "第 1 次查询", "种植记录", "2025年 全年", "红枣"} {
			assert.Contains(t, html, want)
		}
		assert.NotContains(t, html, "<script")
		for i, step := range []string{"采收", "包装", "检验", "发运", "收货", "零售"} {
			if i > 0 {
				prev := []string{"采收", "包装", "检验", "发运", "收货", "零售"}[i-1]
				assert.Less(t, strings.Index(html, ">"+prev+"<"), strings.Index(html, ">"+step+"<"), "steps in time order")
			}
		}
		again := f.do("GET", "/t/"+strings.ToLower(codes[0]), "", nil)
		assert.Contains(t, string(again.body), "第 2 次查询")

		events := f.do("GET", "/api/v1/trace/batches/2026-A-001/events", "cadre-a", nil)
		require.Equal(t, http.StatusOK, events.status, "%s", events.body)
		for _, step := range []string{"creating_class_instance", "packing", "inspecting", "shipping", "receiving", "retail_selling"} {
			assert.Contains(t, string(events.body), step)
		}
		queries := []struct {
			query      string
			want, none []string
		}{
			{"EQ_ILMD_lotNumber=2026-A-001", []string{"creating_class_instance"}, []string{"shipping"}},
			{"MATCH_anyEPCClass=https://" + traceDomain + "/lot/2026-A-001&EQ_bizStep=shipping",
				[]string{"shipping"}, []string{"receiving"}},
			{"EQ_bizLocation=https://" + traceDomain + "/site/county-lab", []string{"inspecting"}, []string{"packing"}},
			{"GE_eventTime=2026-05-01T00:00:00%2B08:00&LT_eventTime=2026-05-02T00:00:00%2B08:00",
				[]string{"shipping", "receiving"}, []string{"retail_selling", "packing"}},
			{"MATCH_epc=https://" + traceDomain + "/t/" + strings.ReplaceAll(codes[0], "-", "") + "&EQ_bizStep=retail_selling",
				[]string{"retail_selling"}, []string{"inspecting"}},
		}
		for _, q := range queries {
			r := f.do("GET", "/api/v1/epcis/events?"+q.query, "admin", nil)
			require.Equal(t, http.StatusOK, r.status, "%s: %s", q.query, r.body)
			for _, w := range q.want {
				assert.Contains(t, string(r.body), `"`+w+`"`, q.query)
			}
			for _, n := range q.none {
				assert.NotContains(t, string(r.body), `"`+n+`"`, q.query)
			}
		}

		got := f.do("GET", "/api/v1/trace/batches/2026-A-001", "cadre-a", nil)
		etag := got.header.Get("ETag")
		require.NotEmpty(t, etag)
		assert.Equal(t, http.StatusNotModified, f.do("GET", "/api/v1/trace/batches/2026-A-001", "cadre-a", nil,
			"If-None-Match", etag).status)

		f.stopRecorder()
		stats, err := f.trace.ScanStats(context.Background(), "https://"+traceDomain+"/t/"+strings.ReplaceAll(codes[0], "-", ""))
		require.NoError(t, err)
		assert.Equal(t, 2, stats.Count, "both lookups are stored")
	})
}

func TestTraceExports(t *testing.T) {
	f := newTraceFixture(t, sqlstore.SQLite)
	codes := setUpBatch(t, f, plotA, 3)
	require.Len(t, codes, 3)
	png := f.do("GET", "/api/v1/trace/issuances/v1.b0/export?format=png", "cadre-a", nil)
	require.Equal(t, http.StatusOK, png.status, "%s", png.body)
	assert.Equal(t, "application/zip", png.header.Get("Content-Type"))
	assert.True(t, bytes.HasPrefix(png.body, []byte("PK")))
	if testFont() == nil {
		t.Skip("no CJK font for the PDF exports")
	}
	pdf := f.do("GET", "/api/v1/trace/issuances/v1.b0/export?format=pdf&from=1&count=2", "cadre-a", nil)
	require.Equal(t, http.StatusOK, pdf.status, "%s", pdf.body)
	assert.True(t, bytes.HasPrefix(pdf.body, []byte("%PDF")))
	cert := f.do("GET", "/api/v1/trace/certificates/C-2026-001/pdf", "cadre-a", nil)
	require.Equal(t, http.StatusOK, cert.status, "%s", cert.body)
	assert.Equal(t, "application/pdf", cert.header.Get("Content-Type"))
	assert.True(t, bytes.HasPrefix(cert.body, []byte("%PDF")))
	audit := f.do("GET", "/api/v1/audit?limit=1000", "admin", nil)
	require.Equal(t, http.StatusOK, audit.status)
	assert.Contains(t, string(audit.body), `"export"`, "exports are audited")
}
