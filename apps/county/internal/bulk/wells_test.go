package bulk

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/water"
)

const wellsHeader = "code,kind,name,lon,lat,division,district,source,use,permit_number,permit_annual_m3,permit_start,permit_end,holder_name,holder_code,plots,irrigated_area_mu,irrigation,depth_m,pump_power_kw,pump_head_m,pump_efficiency,pump_flow_m3h,flow_meter,flow_meter_installed,electricity_meter,electricity_meter_installed,card_controller,card_controller_installed"

func TestImportWells(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		f, err := os.Open("testdata/wells.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rep, err := ImportWells(ctx, s, f, Options{Actor: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			`line 4, lon "183.2": longitude 183.2 is out of range, want -180 to 180 degrees`,
			`line 5, kind "pump": water: invalid well kind "pump", want one of unknown, well, intake`,
			`line 6, source "surface-water": want groundwater for a pumped well`,
			`line 7, pump_power_kw "7,5": "7,5" is not a decimal number; write digits with a point, such as 12.5`,
			`line 8, code "654229-J0001": well 654229-J0001 is also on line 2; keep one row per well`,
			`line 9, division: division is empty, want 12-digit village code, or 9-digit township code`,
			`line 10, flow_meter_installed "2025-04-01": 2025-04-01 is set but the well has no flow meter; fill in the meter id or leave the day empty`,
		}
		if got := problems(rep.Rejected); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if rep.Read != 9 || rep.Created != 2 || rep.Updated != 0 || rep.Unchanged != 0 {
			t.Errorf("counts: read %d, created %d, updated %d, unchanged %d; want 9, 2, 0, 0", rep.Read, rep.Created, rep.Updated, rep.Unchanged)
		}
		w, err := s.Water.Well(ctx, "654229-J0001")
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Pump.Power.String(); got != "7.5" {
			t.Errorf("pump power: got %s, want 7.5", got)
		}
		if m, ok := w.Meter(water.FlowMeter); !ok || m.ID != "FM-0001" || m.Installed.String() != "2025-04-01" {
			t.Errorf("flow meter: got %+v", m)
		}
		if got := auditCount(t, s, "well"); got != 2 {
			t.Errorf("audit entries: got %d, want 2", got)
		}

		// A second import of the same file changes nothing.
		f.Seek(0, 0)
		rep, err = ImportWells(ctx, s, f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 2 {
			t.Errorf("second import: created %d, updated %d, unchanged %d; want 0, 0, 2", rep.Created, rep.Updated, rep.Unchanged)
		}
		if got := auditCount(t, s, "well"); got != 2 {
			t.Errorf("audit entries after the second import: got %d, want 2", got)
		}
	})
}

func TestImportWellsUpdateKeepsColumnsAbsent(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		in := csvText(wellsHeader,
			"W-1,well,一号井,83.35,44.8,654229101201,,shallow-groundwater,agriculture,,,,,,,,,,80,7.5,,,,FM-1,,,,,")
		if _, err := ImportWells(ctx, s, in, Options{}); err != nil {
			t.Fatal(err)
		}
		rep, err := ImportWells(ctx, s, csvText("code,kind,lon,lat,division,source,use",
			"W-1,well,83.36,44.8,654229101201,shallow-groundwater,agriculture"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 1 {
			t.Fatalf("updated: got %d, want 1 (%v)", rep.Updated, problems(rep.Rejected))
		}
		w, err := s.Water.Well(ctx, "W-1")
		if err != nil {
			t.Fatal(err)
		}
		if w.Location.Lon != 83.36 {
			t.Errorf("lon: got %v, want 83.36", w.Location.Lon)
		}
		if w.Name != "一号井" || w.Depth.String() != "80" || len(w.Meters) != 1 {
			t.Errorf("columns absent from the file changed: name %q, depth %s, meters %v", w.Name, w.Depth, w.Meters)
		}
		if w.Version != 2 {
			t.Errorf("version: got %d, want 2", w.Version)
		}
	})
}

func TestImportWellsFileErrors(t *testing.T) {
	s := openStores(t, sqliteDialect)
	tests := []struct {
		name, in, want string
	}{
		{"unknown column", "code,kind,colour\n", `column 3 "colour" is unknown; the known columns are ` + strings.ReplaceAll(wellsHeader, ",", ", ")},
		{"missing column", "code,kind,lon,lat,division,source\n", `column "use" is missing from the header; the required columns are code, kind, lon, lat, division, source, use`},
		{"repeated column", "code,kind,Code\n", `column "code" appears twice in the header; keep one`},
		{"empty", "", "the file is empty, want a header row such as code,kind,lon,lat,division,source,use"},
		{"geojson", `{"type":"FeatureCollection","features":[]}`, "the file is JSON, not CSV; want comma-separated text with a header row such as code,kind,lon,lat,division,source,use"},
		{"zip", "PK\x03\x04rest", "the file is a zip archive, not CSV; want comma-separated text with a header row such as code,kind,lon,lat,division,source,use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ImportWells(context.Background(), s, strings.NewReader(tt.in), Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestImportWellsBrokenQuote(t *testing.T) {
	s := openStores(t, sqliteDialect)
	in := csvText("code,kind,lon,lat,division,source,use",
		`W-1,well,83.35,44.8,654229101201,shallow-groundwater,agriculture`,
		`W-2,"well,83.35,44.8,654229101201,shallow-groundwater,agriculture`)
	rep, err := ImportWells(context.Background(), s, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `line 3: extraneous or missing " in quoted-field; quote a cell that has commas or quotes, and double the quotes inside it`
	if got := problems(rep.Rejected); len(got) != 1 || got[0] != want {
		t.Errorf("rejected: got %q, want %q", got, want)
	}
	if rep.Created != 1 {
		t.Errorf("created: got %d, want 1", rep.Created)
	}
}

func TestImportWellsAtomicAndDryRun(t *testing.T) {
	s := openStores(t, sqliteDialect)
	ctx := context.Background()
	in := func() *strings.Reader {
		return csvText("code,kind,lon,lat,division,source,use",
			"W-1,well,83.35,44.8,654229101201,shallow-groundwater,agriculture",
			"W-2,well,83.35,44.8,654229101201,shallow-groundwater,swimming")
	}
	rep, err := ImportWells(ctx, s, in(), Options{Atomic: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Aborted || rep.Created != 0 || len(rep.Rejected) != 1 {
		t.Errorf("atomic: aborted %v, created %d, rejected %d; want true, 0, 1", rep.Aborted, rep.Created, len(rep.Rejected))
	}
	if !strings.Contains(summary(t, rep), "wells: -atomic: nothing was written because 1 records were rejected") {
		t.Errorf("atomic summary: %s", summary(t, rep))
	}
	rep, err = ImportWells(ctx, s, in(), Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 1 || len(rep.Rejected) != 1 {
		t.Errorf("dry run: created %d, rejected %d; want 1, 1", rep.Created, len(rep.Rejected))
	}
	if _, err := s.Water.Well(ctx, "W-1"); err == nil {
		t.Error("dry run or atomic import stored well W-1")
	}
	want := "wells: read 2, would import 1 (created 1, updated 0, unchanged 0), repaired 0, rejected 1\nwells: rejected by reason: invalid_use 1\n"
	if got := summary(t, rep); !strings.HasSuffix(got, want) {
		t.Errorf("summary: got\n%s\nwant it to end with\n%s", got, want)
	}
}

func TestWellsRoundTrip(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		f, err := os.Open("testdata/wells.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := ImportWells(ctx, s, f, Options{}); err != nil {
			t.Fatal(err)
		}
		var first bytes.Buffer
		n, err := ExportWells(ctx, s, &first, "")
		if err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("exported %d wells, want 2", n)
		}
		if !strings.HasPrefix(first.String(), wellsHeader+"\n") {
			t.Errorf("header: got %q", strings.SplitN(first.String(), "\n", 2)[0])
		}

		other := openStores(t, sqliteDialect)
		rep, err := ImportWells(ctx, other, bytes.NewReader(first.Bytes()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 || len(rep.Rejected) != 0 {
			t.Fatalf("re-import: created %d, rejected %v", rep.Created, problems(rep.Rejected))
		}
		var second bytes.Buffer
		if _, err := ExportWells(ctx, other, &second, ""); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Errorf("round trip changed the file:\n%s\nthen:\n%s", first.String(), second.String())
		}
		rep, err = ImportWells(ctx, s, bytes.NewReader(first.Bytes()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unchanged != 2 {
			t.Errorf("importing the export into its source: unchanged %d, want 2", rep.Unchanged)
		}

		var township bytes.Buffer
		if n, err := ExportWells(ctx, s, &township, "654229201"); err != nil || n != 1 {
			t.Errorf("export of township 654229201: %d wells, err %v; want 1", n, err)
		}
	})
}

// TestWellsExportGuardsFormulas checks that the export puts a quote before
// the free-text cells that start like a spreadsheet formula, leaves numbers
// and codes alone, and that the import takes the quote off again.
func TestWellsExportGuardsFormulas(t *testing.T) {
	dialects(t, func(t *testing.T, s Stores) {
		ctx := context.Background()
		f, err := os.Open("testdata/wells.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := ImportWells(ctx, s, f, Options{}); err != nil {
			t.Fatal(err)
		}
		var first bytes.Buffer
		if _, err := ExportWells(ctx, s, &first, ""); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(first.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		code := water.WellCode(rows[1][0])
		rec, err := s.Water.Well(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		rec.Name = `=HYPERLINK("http://example.com","3号井")`
		rec.Permit.Number = "+86 123"
		rec.Holder.Name = "@SUM(1,2)"
		rec.Holder.Code = "-2+3"
		rec.Location.Lon = -0.5
		if err := s.Water.PutWell(ctx, rec); err != nil {
			t.Fatal(err)
		}

		var out bytes.Buffer
		if _, err := ExportWells(ctx, s, &out, ""); err != nil {
			t.Fatal(err)
		}
		rows, err = csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		cells := map[string]string{}
		for _, row := range rows[1:] {
			if row[0] != string(code) {
				continue
			}
			for i, name := range rows[0] {
				cells[name] = row[i]
			}
		}
		for column, want := range map[string]string{
			"name":          `'=HYPERLINK("http://example.com","3号井")`,
			"permit_number": "'+86 123",
			"holder_name":   "'@SUM(1,2)",
			"holder_code":   "'-2+3",
			"lon":           "-0.5",
			"code":          string(code),
		} {
			if cells[column] != want {
				t.Errorf("column %s = %q, want %q", column, cells[column], want)
			}
		}

		other := openStores(t, sqliteDialect)
		if _, err := ImportWells(ctx, other, bytes.NewReader(out.Bytes()), Options{}); err != nil {
			t.Fatal(err)
		}
		back, err := other.Water.Well(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if back.Name != rec.Name || back.Permit.Number != rec.Permit.Number ||
			back.Holder.Name != rec.Holder.Name || back.Holder.Code != rec.Holder.Code {
			t.Errorf("re-imported name %q, permit %q, holder %q %q; want %q, %q, %q %q", back.Name,
				back.Permit.Number, back.Holder.Name, back.Holder.Code, rec.Name, rec.Permit.Number,
				rec.Holder.Name, rec.Holder.Code)
		}
	})
}

func TestGuardFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"3号井", "3号井"},
		{"=1+1", "'=1+1"},
		{"+86", "'+86"},
		{"-x", "'-x"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"'=already", "'=already"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := guardFormula(tt.in); got != tt.want {
			t.Errorf("guardFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
