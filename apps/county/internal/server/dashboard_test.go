package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// plotMapped is a plot of village A with a boundary, for the map.
const plotMapped = "6542021010010100005"

// seedDashboard adds what the dashboard's routes read beyond the fixture:
// division names, a plot with a boundary, a contract with a transfer, and
// daily totals a year and a month before the fixture's days. The fixture has
// 10.50 m³ on 1 May 2026 and 4.25 m³ on 2 May for each of wells A and B.
func (f *fixture) seedDashboard() {
	t := f.t
	ctx := context.Background()
	err := f.county.PutDivisions(ctx, []store.Division{
		{Code: county, Name: "测试县"}, {Code: township, Name: "一乡"}, {Code: "654202102", Name: "二乡"},
		{Code: villageA, Name: "甲村"}, {Code: villageB, Name: "乙村"}, {Code: villageC, Name: "丙村"},
	})
	if err != nil {
		t.Fatal(err)
	}

	// A boundary of 9 positions of which the 4 mid-edge ones lie on the
	// edges, so that simplification keeps the 4 corners and the closing one.
	lon, lat, d := 84.6, 44.4, 0.001
	ring := []float64{lon, lat, lon + d/2, lat, lon + d, lat, lon + d, lat + d/2, lon + d, lat + d,
		lon + d/2, lat + d, lon, lat + d, lon, lat + d/2, lon, lat}
	pl := &land.Plot{Code: plotMapped, Village: villageA, DeclaredArea: decimal.RequireFromString("3.10"),
		Use: "0103", Class: land.ClassContracted, Geometry: polygon(ring)}
	if err := f.land.PutPlot(ctx, pl); err != nil {
		t.Fatal(err)
	}

	contract := &land.Contract{Code: land.ContractCode(houseA + "J"),
		Term:  land.Period{Start: land.NewDate(2018, 1, 1), End: land.NewDate(2047, 12, 31)},
		Plots: []land.ContractedPlot{{Plot: plotA, Area: decimal.RequireFromString("2.50")}, {Plot: plotMapped, Area: decimal.RequireFromString("3.00")}}}
	if err := f.land.PutContract(ctx, contract); err != nil {
		t.Fatal(err)
	}
	transfer := &land.Transfer{Code: land.TransferContractCode(houseA + "J"), Contract: contract.Code,
		Lessee: land.Party{Name: "合作社"}, Method: land.TransferRent,
		Period: land.Period{Start: land.NewDate(2025, 3, 1), End: land.NewDate(2030, 2, 28)},
		Plots:  []land.TransferredPlot{{Plot: plotMapped, Area: decimal.RequireFromString("3.00")}},
		Rent:   decimal.RequireFromString("450")}
	if err := f.land.PutTransfer(ctx, transfer); err != nil {
		t.Fatal(err)
	}

	days := []store.Daily{
		{Well: wellA, Day: land.NewDate(2025, 5, 1), Volume: decimal.RequireFromString("5")},
		{Well: wellA, Day: land.NewDate(2026, 4, 1), Volume: decimal.Zero},
	}
	if err := f.county.PutDaily(ctx, days); err != nil {
		t.Fatal(err)
	}
}

// polygon returns a polygon of one ring of lon, lat pairs.
func polygon(ring []float64) *geom.Polygon {
	return geom.NewPolygonFlat(geom.XY, ring, []int{len(ring)})
}

func TestDivisionsRoute(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	f.seedDashboard()
	tests := []struct {
		account, query string
		want           []string
	}{
		{"admin", "", []string{county, township, villageA, villageB, "654202102", villageC}},
		{"township", "", []string{township, villageA, villageB}},
		{"cadre-a", "", []string{villageA}},
		{"admin", "?division=654202102", []string{"654202102", villageC}},
	}
	for _, tt := range tests {
		res := f.do("GET", "/api/v1/divisions"+tt.query, tt.account, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s%s: got %d %s", tt.account, tt.query, res.status, res.body)
		}
		items := decode[struct {
			Items []struct{ Code, Name, Level string }
		}](t, res).Items
		var got []string
		for _, it := range items {
			got = append(got, it.Code)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("divisions of %s%s = %v, want %v", tt.account, tt.query, got, tt.want)
		}
	}
}

func TestMapPlots(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.seedDashboard()
		type mapBody struct {
			Type       string
			BBox       []float64
			Plots      int
			MeasuredMu string `json:"measured_mu"`
			Features   []struct {
				ID       string
				Geometry *struct {
					Type        string
					Coordinates [][][2]float64
				}
				Properties map[string]string
			}
		}
		res := f.do("GET", "/api/v1/map/plots", "cadre-a", nil)
		if res.status != http.StatusOK {
			t.Fatalf("got %d %s", res.status, res.body)
		}
		if res.header.Get("ETag") == "" {
			t.Error("no ETag")
		}
		m := decode[mapBody](t, res)
		if m.Type != "FeatureCollection" {
			t.Errorf("type = %q, want FeatureCollection", m.Type)
		}
		if m.Plots != 2 || len(m.Features) != 2 {
			t.Fatalf("plots = %d with %d features, want 2 of village A", m.Plots, len(m.Features))
		}
		var mapped = m.Features[1]
		if mapped.ID != plotMapped {
			t.Fatalf("second feature is %s, want %s", mapped.ID, plotMapped)
		}
		if m.Features[0].Geometry != nil {
			t.Errorf("plot without boundary has geometry %+v, want null", m.Features[0].Geometry)
		}
		if mapped.Geometry == nil || mapped.Geometry.Type != "Polygon" {
			t.Fatalf("geometry = %+v, want a Polygon", mapped.Geometry)
		}
		if n := len(mapped.Geometry.Coordinates[0]); n != 5 {
			t.Errorf("simplified ring has %d positions, want 5", n)
		}
		wantProps := map[string]string{"code": plotMapped, "village": villageA, "use": "0103", "use_name": "旱地",
			"use_class": "01", "class": "contracted", "declared_mu": "3.10"}
		for k, v := range wantProps {
			if mapped.Properties[k] != v {
				t.Errorf("property %s = %q, want %q", k, mapped.Properties[k], v)
			}
		}
		if mapped.Properties["area_mu"] != m.MeasuredMu {
			t.Errorf("area_mu %s differs from the total %s of the one plot with a boundary", mapped.Properties["area_mu"], m.MeasuredMu)
		}
		area, err := decimal.NewFromString(m.MeasuredMu)
		if err != nil || area.LessThan(decimal.NewFromInt(13)) || area.GreaterThan(decimal.NewFromInt(15)) {
			// 0.001° × 0.001° at 44.4°N is about 111.2 m × 79.6 m, 8,850 m² or 13.3 mu.
			t.Errorf("measured_mu = %s, want about 13.3", m.MeasuredMu)
		}
		if len(m.BBox) != 4 || m.BBox[0] != 84.6 || m.BBox[1] != 44.4 {
			t.Errorf("bbox = %v, want [84.6 44.4 84.601 44.401]", m.BBox)
		}

		whole := decode[mapBody](t, f.do("GET", "/api/v1/map/plots?tolerance=0", "cadre-a", nil))
		if n := len(whole.Features[1].Geometry.Coordinates[0]); n != 9 {
			t.Errorf("ring with tolerance 0 has %d positions, want 9", n)
		}
		all := decode[mapBody](t, f.do("GET", "/api/v1/map/plots", "admin", nil))
		if all.Plots != 3 {
			t.Errorf("admin sees %d plots, want 3", all.Plots)
		}
		again := f.do("GET", "/api/v1/map/plots", "cadre-a", nil, "If-None-Match", res.header.Get("ETag"))
		if again.status != http.StatusNotModified {
			t.Errorf("repeat with If-None-Match: got %d, want 304", again.status)
		}
	})
}

func TestPlanUse(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.seedDashboard()
		type body struct {
			Year    int
			Through string
			Zone    string
			Counts  map[string]int
			Planned string `json:"planned_m3"`
			Used    string `json:"used_m3"`
			Wells   []struct {
				Code, Class, Division string
				Used                  string  `json:"used_m3"`
				Plan                  *string `json:"plan_m3"`
				Percent               *string
				Records               int
				Lon, Lat              float64
			}
		}
		res := f.do("GET", "/api/v1/stats/plan-use", "admin", nil)
		if res.status != http.StatusOK {
			t.Fatalf("got %d %s", res.status, res.body)
		}
		b := decode[body](t, res)
		if b.Year != 2026 || b.Through != "2026-05-02" || b.Zone != "Asia/Shanghai" {
			t.Errorf("year %d through %s zone %s, want 2026 through 2026-05-02 in Asia/Shanghai", b.Year, b.Through, b.Zone)
		}
		if len(b.Wells) != 2 {
			t.Fatalf("got %d wells, want 2", len(b.Wells))
		}
		a := b.Wells[0]
		if a.Code != wellA || a.Used != "14.75" || a.Plan == nil || *a.Plan != "1200" {
			t.Errorf("well A = %+v, want 14.75 m³ of a 1200 m³ plan", a)
		}
		if a.Percent == nil || *a.Percent != "1.23" || a.Class != "under-80" {
			t.Errorf("well A percent %v class %s, want 1.23 under-80", a.Percent, a.Class)
		}
		if a.Records != 3 || a.Lon != 84.6 {
			t.Errorf("well A records %d lon %v, want 3 and 84.6", a.Records, a.Lon)
		}
		if b.Counts["under-80"] != 2 || b.Counts["over"] != 0 || b.Planned != "2400" || b.Used != "29.5" {
			t.Errorf("counts %v planned %s used %s, want 2 under-80 of 2400 m³ using 29.5", b.Counts, b.Planned, b.Used)
		}

		mine := decode[body](t, f.do("GET", "/api/v1/stats/plan-use", "cadre-a", nil))
		if len(mine.Wells) != 1 || mine.Wells[0].Code != wellA {
			t.Errorf("village cadre sees %+v, want well A only", mine.Wells)
		}
		past := decode[body](t, f.do("GET", "/api/v1/stats/plan-use?year=2025", "admin", nil))
		if past.Through != "2025-12-31" || past.Wells[0].Used != "5" || past.Wells[0].Class != "no-plan" || past.Wells[0].Plan != nil {
			t.Errorf("2025: through %s, well A %+v, want 5 m³ and no plan through 2025-12-31", past.Through, past.Wells[0])
		}
		if past.Counts["no-plan"] != 2 {
			t.Errorf("2025 counts %v, want 2 no-plan", past.Counts)
		}
	})
}

type waterStatsBody struct {
	Zone, Month, From, Through, Division, By string
	Partial                                  bool
	Total                                    *waterStatsRow
	Rows                                     []waterStatsRow
}

type waterStatsRow struct {
	Code, Name string
	Volume     string `json:"volume_m3"`
	Records    int
	YoY        waterChange
	MoM        waterChange
}

type waterChange struct {
	Status      string
	Percent     *string
	Base        string `json:"base_m3"`
	BaseFrom    string `json:"base_from"`
	BaseThrough string `json:"base_through"`
}

func (c waterChange) String() string {
	p := "null"
	if c.Percent != nil {
		p = *c.Percent
	}
	return c.Status + " " + p + " of " + c.Base + " [" + c.BaseFrom + "," + c.BaseThrough + "]"
}

func TestWaterStats(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.seedDashboard()
		res := f.do("GET", "/api/v1/stats/water", "admin", nil)
		if res.status != http.StatusOK {
			t.Fatalf("got %d %s", res.status, res.body)
		}
		b := decode[waterStatsBody](t, res)
		if b.Month != "2026-05" || b.From != "2026-05-01" || b.Through != "2026-05-02" || !b.Partial || b.By != "township" {
			t.Errorf("month %s [%s,%s] partial %v by %s, want 2026-05 to date 2026-05-02 by township",
				b.Month, b.From, b.Through, b.Partial, b.By)
		}
		if len(b.Rows) != 1 {
			t.Fatalf("got %d rows, want township 654202101 only: %+v", len(b.Rows), b.Rows)
		}
		tw := b.Rows[0]
		if tw.Code != township || tw.Name != "一乡" || tw.Volume != "29.5" || tw.Records != 4 {
			t.Errorf("township row %+v, want 一乡 29.5 m³ from 4 records", tw)
		}
		// A year earlier only well A reported, 5 m³ on 1 May 2025.
		if got := tw.YoY.String(); got != "defined 490.00 of 5 [2025-05-01,2025-05-02]" {
			t.Errorf("township YoY = %s", got)
		}
		// The month before, well A reported 0 m³ on 1 April: a zero base has no percentage.
		if got := tw.MoM.String(); got != "zero-base null of 0 [2026-04-01,2026-04-02]" {
			t.Errorf("township MoM = %s", got)
		}
		if b.Total == nil || b.Total.Code != county || b.Total.Name != "测试县" || b.Total.Volume != "29.5" {
			t.Errorf("total %+v, want 测试县 29.5 m³", b.Total)
		}

		villages := decode[waterStatsBody](t, f.do("GET", "/api/v1/stats/water", "township", nil))
		if villages.By != "village" || len(villages.Rows) != 2 {
			t.Fatalf("township officer: by %s with %d rows, want 2 villages", villages.By, len(villages.Rows))
		}
		a, bv := villages.Rows[0], villages.Rows[1]
		if a.Code != villageA || a.Name != "甲村" || a.YoY.String() != "defined 195.00 of 5 [2025-05-01,2025-05-02]" {
			t.Errorf("village A %s %s YoY %s, want 甲村 +195.00%%", a.Code, a.Name, a.YoY)
		}
		if bv.YoY.Status != "no-base" || bv.YoY.Percent != nil || bv.MoM.Status != "no-base" {
			t.Errorf("village B YoY %s MoM %s, want no-base without percent", bv.YoY, bv.MoM)
		}
		if villages.Total == nil || villages.Total.Code != township {
			t.Errorf("township officer's total %+v, want the township", villages.Total)
		}

		april := decode[waterStatsBody](t, f.do("GET", "/api/v1/stats/water?month=2026-04&division="+township, "admin", nil))
		if april.Partial || april.Through != "2026-04-30" || april.Rows[0].Volume != "0" || april.Rows[0].Records != 1 {
			t.Errorf("April: partial %v through %s row %+v, want the whole month with 0 m³ from 1 record", april.Partial, april.Through, april.Rows[0])
		}
		if got := april.Rows[0].YoY.Status; got != "no-current" && got != "no-base" {
			t.Errorf("April village A YoY status %s", got)
		}

		mine := decode[waterStatsBody](t, f.do("GET", "/api/v1/stats/water", "cadre-a", nil))
		if len(mine.Rows) != 1 || mine.Rows[0].Code != villageA || mine.Total == nil || mine.Total.Volume != "14.75" {
			t.Errorf("village cadre: rows %+v total %+v, want village A with 14.75 m³", mine.Rows, mine.Total)
		}
		empty := decode[waterStatsBody](t, f.do("GET", "/api/v1/stats/water?division=654202102", "admin", nil))
		if len(empty.Rows) != 0 || empty.Total != nil {
			t.Errorf("township without wells: rows %+v total %+v, want none", empty.Rows, empty.Total)
		}
	})
}

func TestLandStats(t *testing.T) {
	dialects(t, func(t *testing.T, f *fixture) {
		f.seedDashboard()
		type group struct {
			Key, Name  string
			Plots      int
			MeasuredMu string `json:"measured_mu"`
			DeclaredMu string `json:"declared_mu"`
		}
		type body struct {
			Plots, Unsurveyed int
			MeasuredMu        string `json:"measured_mu"`
			DeclaredMu        string `json:"declared_mu"`
			Contracts         struct {
				Count, Households int
				AreaMu            string `json:"area_mu"`
			}
			Transfers struct {
				Count, Active int
				AreaMu        string `json:"area_mu"`
				Rent          string `json:"annual_rent_yuan"`
				MeanRent      string `json:"mean_rent_yuan_per_mu"`
			}
			ByUse       []group `json:"by_use"`
			ByUseDetail []group `json:"by_use_detail"`
			ByClass     []group `json:"by_class"`
			ByDivision  []group `json:"by_division"`
		}
		res := f.do("GET", "/api/v1/stats/land", "admin", nil)
		if res.status != http.StatusOK {
			t.Fatalf("got %d %s", res.status, res.body)
		}
		b := decode[body](t, res)
		if b.Plots != 3 || b.Unsurveyed != 2 || b.DeclaredMu != "8.10" {
			t.Errorf("plots %d unsurveyed %d declared %s, want 3, 2 and 8.10 mu", b.Plots, b.Unsurveyed, b.DeclaredMu)
		}
		if b.Contracts.Count != 1 || b.Contracts.Households != 1 || b.Contracts.AreaMu != "5.50" {
			t.Errorf("contracts %+v, want 1 of 1 household with 5.50 mu", b.Contracts)
		}
		if b.Transfers.Count != 1 || b.Transfers.Active != 1 || b.Transfers.AreaMu != "3.00" ||
			b.Transfers.Rent != "1350.00" || b.Transfers.MeanRent != "450.00" {
			t.Errorf("transfers %+v, want 1 active of 3.00 mu at 450 yuan/mu", b.Transfers)
		}
		if len(b.ByUse) != 1 || b.ByUse[0].Key != "01" || b.ByUse[0].Name != "耕地" || b.ByUse[0].Plots != 3 {
			t.Errorf("by use %+v, want 3 plots of 01 耕地", b.ByUse)
		}
		if len(b.ByUseDetail) != 2 || b.ByUseDetail[0].Key != "0102" || b.ByUseDetail[0].Name != "水浇地" {
			t.Errorf("by use detail %+v, want 0102 水浇地 and 0103 旱地", b.ByUseDetail)
		}
		if len(b.ByDivision) != 1 || b.ByDivision[0].Key != township || b.ByDivision[0].Name != "一乡" {
			t.Errorf("by division %+v, want township 一乡", b.ByDivision)
		}
		if len(b.ByClass) != 2 || b.ByClass[0].Key != "contracted" || b.ByClass[1].Name != "未登记" {
			t.Errorf("by class %+v, want contracted and unknown", b.ByClass)
		}

		other := decode[body](t, f.do("GET", "/api/v1/stats/land", "cadre-c", nil))
		if other.Plots != 0 || other.Contracts.Count != 0 || other.Transfers.Count != 0 || other.MeasuredMu != "0.00" {
			t.Errorf("village C sees %+v, want nothing", other)
		}
		town := decode[body](t, f.do("GET", "/api/v1/stats/land", "township", nil))
		if len(town.ByDivision) != 2 || town.ByDivision[0].Key != villageA || town.ByDivision[0].Plots != 2 {
			t.Errorf("township by division %+v, want villages A (2 plots) and B", town.ByDivision)
		}
	})
}

// TestDashboardScope checks the dashboard's routes with a village cadre of
// village A: another village, the township or the county is forbidden, and
// without a division only village A's records count.
func TestDashboardScope(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	f.seedDashboard()
	routes := []string{"/api/v1/divisions", "/api/v1/map/plots", "/api/v1/stats/plan-use",
		"/api/v1/stats/water", "/api/v1/stats/land"}
	for _, route := range routes {
		for _, div := range []string{villageB, township, county, villageC} {
			res := f.do("GET", route+"?division="+div, "cadre-a", nil)
			if res.status != http.StatusForbidden {
				t.Errorf("%s?division=%s as village A's cadre: got %d, want 403", route, div, res.status)
			}
			if _, field := res.errorField(); field != "division" {
				t.Errorf("%s?division=%s: error field %q, want division", route, div, field)
			}
		}
		res := f.do("GET", route, "cadre-a", nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s as village A's cadre: got %d %s", route, res.status, res.body)
		}
		body := string(res.body)
		if strings.Contains(body, villageB) || strings.Contains(body, wellB) || strings.Contains(body, plotB) {
			t.Errorf("%s as village A's cadre shows village B: %s", route, body)
		}
		if !strings.Contains(body, villageA) {
			t.Errorf("%s as village A's cadre does not show village A: %s", route, body)
		}
	}
	for _, tt := range []struct{ account, route string }{
		{"gateway", "/api/v1/map/plots"}, {"gateway", "/api/v1/stats/water"}, {"gateway", "/api/v1/stats/land"},
		{"gateway", "/api/v1/stats/plan-use"}, {"gateway", "/api/v1/divisions"}, {"gateway", "/api/v1/events"},
	} {
		if res := f.do("GET", tt.route, tt.account, nil); res.status != http.StatusForbidden {
			t.Errorf("%s as %s: got %d, want 403", tt.route, tt.account, res.status)
		}
	}
}

func TestDashboardBadQuery(t *testing.T) {
	f := newFixture(t, sqlstore.SQLite)
	tests := []struct {
		path, field string
		status      int
	}{
		{"/api/v1/divisions?division=65420", "division", 400},
		{"/api/v1/divisions?colour=red", "colour", 400},
		{"/api/v1/map/plots?tolerance=-1", "tolerance", 400},
		{"/api/v1/map/plots?tolerance=101", "tolerance", 400},
		{"/api/v1/map/plots?tolerance=NaN", "tolerance", 400},
		{"/api/v1/map/plots?tolerance=abc", "tolerance", 400},
		{"/api/v1/map/plots?division=x", "division", 400},
		{"/api/v1/map/plots?limit=5", "limit", 400},
		{"/api/v1/stats/plan-use?year=20x6", "year", 400},
		{"/api/v1/stats/plan-use?year=26", "year", 400},
		{"/api/v1/stats/plan-use?year=1899", "year", 400},
		{"/api/v1/stats/plan-use?year=2027", "year", 400},
		{"/api/v1/stats/plan-use?division=654202101001999", "division", 400},
		{"/api/v1/stats/water?month=2026-13", "month", 400},
		{"/api/v1/stats/water?month=2026-5", "month", 400},
		{"/api/v1/stats/water?month=2026-06", "month", 400},
		{"/api/v1/stats/water?month=1899-12", "month", 400},
		{"/api/v1/stats/water?by=county", "by", 400},
		{"/api/v1/stats/water?by=township&division=" + township, "by", 400},
		{"/api/v1/stats/water?division=6542021", "division", 400},
		{"/api/v1/stats/water?year=2026", "year", 400},
		{"/api/v1/stats/land?division=abc", "division", 400},
		{"/api/v1/stats/land?by=township", "by", 400},
		{"/api/v1/events?kinds=alarm,weather", "kinds", 400},
		{"/api/v1/events?since=1", "since", 400},
	}
	for _, tt := range tests {
		res := f.do("GET", tt.path, "admin", nil)
		if res.status != tt.status {
			t.Errorf("%s: got %d %s, want %d", tt.path, res.status, res.body, tt.status)
		}
		code, field := res.errorField()
		if field != tt.field {
			t.Errorf("%s: field %q, want %q", tt.path, field, tt.field)
		}
		if code != "invalid_query" {
			t.Errorf("%s: code %q, want invalid_query", tt.path, code)
		}
	}
}
