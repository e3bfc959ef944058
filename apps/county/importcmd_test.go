package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

// storageArgs returns the -data and -database flags of a new database: SQLite
// in a temporary folder, or a new PostgreSQL schema.
func storageArgs(t *testing.T, dialect string) []string {
	t.Helper()
	args := []string{"-data", t.TempDir()}
	if dialect == "postgresql" {
		db := sqlstoretest.PostgreSQL(t, "countyimport")
		args = append(args, "-database", schemaURL(t, db.DB))
	}
	return args
}

// runCounty runs the county command and returns its status, standard output
// and standard error.
func runCounty(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := countyMain(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// writeFile writes body to name in a temporary folder and returns its path.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	testWells = "code,kind,name,lon,lat,division,source,use,depth_m,flow_meter\n" +
		"654229-J0001,well,一号井,83.3512,44.8021,654229101201,shallow-groundwater,agriculture,80.5,FM-1\n" +
		"654229-J0002,well,二号井,83.36,44.81,654229101202,deep-groundwater,agriculture,,\n" +
		"654229-J0003,well,,83.36,44.81,654229101202,deep-groundwater,gardening,,\n"
	testPlans = "well,year,annual_m3,warnings_percent\n" +
		"654229-J0001,2026,1200,80;90\n" +
		"654229-J0002,2026,abc,\n"
	testPlots = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"6542291012010100001","name":"东大块","use":"0101"},
 "geometry":{"type":"Polygon","coordinates":[[[83.35,44.8],[83.351,44.8],[83.351,44.801],[83.35,44.801],[83.35,44.8]]]}},
{"type":"Feature","properties":{"code":"6542291012020100001","name":"交叉"},
 "geometry":{"type":"Polygon","coordinates":[[[83.354,44.8],[83.355,44.801],[83.355,44.8],[83.354,44.801],[83.354,44.8]]]}}]}`
)

func TestImportExportCommands(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgresql"} {
		t.Run(dialect, func(t *testing.T) {
			db := storageArgs(t, dialect)
			wells := writeFile(t, "wells.csv", testWells)
			code, out, errOut := runCounty(t, append(append([]string{"import", "wells"}, db...), wells)...)
			if code != exitRejected {
				t.Fatalf("import wells: status %d, want %d: %s", code, exitRejected, errOut)
			}
			wantOut := `rejected: line 4, use "gardening": water: invalid use "gardening", want one of unknown, agriculture, rural-supply, urban-supply, industry, thermal-power, hydropower, services, special-industry, ecology
wells: read 3, imported 2 (created 2, updated 0, unchanged 0), repaired 0, rejected 1
wells: rejected by reason: invalid_use 1
`
			if out != wantOut {
				t.Errorf("import wells output:\n%s\nwant:\n%s", out, wantOut)
			}
			if !strings.Contains(errOut, `"msg":"import finished"`) || !strings.Contains(errOut, `"created":2`) {
				t.Errorf("import wells log: %s", errOut)
			}

			// The file may stand before the flags, and a second run changes nothing.
			code, out, _ = runCounty(t, append([]string{"import", "wells", wells}, db...)...)
			if code != exitRejected || !strings.Contains(out, "wells: read 3, imported 2 (created 0, updated 0, unchanged 2)") {
				t.Errorf("second import wells: status %d, output %s", code, out)
			}

			plans := writeFile(t, "plans.csv", testPlans)
			code, out, _ = runCounty(t, append(append([]string{"import", "plans"}, db...), plans)...)
			wantLine := `rejected: line 3, annual_m3 "abc": "abc" is not a decimal number of m³; write digits with a point, such as 12.5`
			if code != exitRejected || !strings.Contains(out, wantLine) {
				t.Errorf("import plans: status %d, output %s", code, out)
			}

			plots := writeFile(t, "plots.geojson", testPlots)
			code, out, _ = runCounty(t, append(append([]string{"import", "plots"}, db...), plots)...)
			wantLine = `rejected: feature 2 (id 6542291012020100001), geometry "(83.3545, 44.8005)": ring 0 (shell) vertex 0: edge 0-1 crosses edge 2-3 at (83.3545 44.8005); correct the boundary in the source file`
			if code != exitRejected || !strings.Contains(out, wantLine) || !strings.Contains(out, "plots: read 2, imported 1") {
				t.Errorf("import plots: status %d, output %s", code, out)
			}

			exported := map[string]string{}
			for _, kind := range []string{"plots", "wells", "plans", "daily"} {
				path := filepath.Join(t.TempDir(), kind+".out")
				code, _, errOut := runCounty(t, append(append([]string{"export", kind}, db...), "-o", path)...)
				if code != 0 {
					t.Fatalf("export %s: status %d: %s", kind, code, errOut)
				}
				body, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				exported[kind] = string(body)
			}
			if !strings.HasPrefix(exported["wells"], "code,kind,name,lon,lat,division,district,source,use,") ||
				!strings.Contains(exported["wells"], "654229-J0001,well,一号井,83.3512,44.8021,654229101201,,shallow-groundwater,agriculture,") {
				t.Errorf("wells export:\n%s", exported["wells"])
			}
			if !strings.Contains(exported["plans"], "654229-J0001,2026,1200,100.000000,") {
				t.Errorf("plans export:\n%s", exported["plans"])
			}
			if exported["daily"] != "well,day,volume_m3,energy_kwh,readings\n" {
				t.Errorf("daily export of a database without readings:\n%s", exported["daily"])
			}
			if !strings.Contains(exported["plots"], `"code":"6542291012010100001"`) {
				t.Errorf("plots export:\n%s", exported["plots"])
			}

			// The exports import back into a new database and export unchanged.
			other := storageArgs(t, "sqlite")
			for _, kind := range []string{"wells", "plans"} {
				path := writeFile(t, kind+".csv", exported[kind])
				if code, out, errOut := runCounty(t, append(append([]string{"import", kind}, other...), path)...); code != 0 {
					t.Fatalf("import exported %s: status %d: %s%s", kind, code, out, errOut)
				}
				code, again, _ := runCounty(t, append([]string{"export", kind}, other...)...)
				if code != 0 || again != exported[kind] {
					t.Errorf("%s round trip: status %d\n%s\nwant:\n%s", kind, code, again, exported[kind])
				}
			}
		})
	}
}

func TestExportDailyRange(t *testing.T) {
	db := storageArgs(t, "sqlite")
	if code, _, errOut := runCounty(t, append(append([]string{"import", "wells"}, db...), writeFile(t, "w.csv", testWells))...); code != exitRejected {
		t.Fatalf("import wells: status %d: %s", code, errOut)
	}
	sf := storageFlags{data: db[1]}
	a, err := openApp(context.Background(), sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	err = a.county.PutDaily(context.Background(), []storeDaily{
		daily("654229-J0001", "2026-05-01", "12.5"), daily("654229-J0001", "2026-05-02", "13.000"),
		daily("654229-J0002", "2026-05-02", "7"), daily("654229-J0001", "2026-05-03", "1"),
	})
	a.close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCounty(t, append([]string{"export", "daily", "-from", "2026-05-02", "-to", "2026-05-02", "-division", "654229101201"}, db...)...)
	want := "well,day,volume_m3,energy_kwh,readings\n654229-J0001,2026-05-02,13.000,0,0\n"
	if code != 0 || out != want {
		t.Errorf("export daily: status %d, output:\n%s\nwant:\n%s%s", code, out, want, errOut)
	}
	code, out, _ = runCounty(t, append([]string{"export", "daily", "-from", "2026-05-02"}, db...)...)
	if code != 0 || strings.Count(out, "\n") != 4 {
		t.Errorf("export daily from 2026-05-02: status %d, output:\n%s", code, out)
	}
}

func TestImportUsage(t *testing.T) {
	db := storageArgs(t, "sqlite")
	geojson := writeFile(t, "plots.geojson", testPlots)
	wells := writeFile(t, "wells.csv", testWells)
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"no kind", []string{"import"}, 2, "county import: want one of plots, wells, plans, then the flags and the file"},
		{"unknown kind", []string{"import", "households", "x.csv"}, 2, "county import: want one of plots, wells, plans"},
		{"no file", []string{"import", "wells"}, 2, "county import wells: the file to import is missing"},
		{"two files", []string{"import", "wells", "a.csv", "b.csv"}, 2, `county import wells: one file at a time, got "b.csv" after "a.csv"`},
		{"bad map", []string{"import", "plots", "-map", "code", geojson}, 2, `county import plots: -map: "code" is not FIELD=ATTRIBUTE, such as code=DKBM`},
		{"bad issuer", []string{"import", "plots", "-allocate", "12", geojson}, 2, `county import plots: -allocate: land: invalid issuer code "12": want 14 digits, got 2`},
		{"bad term", []string{"import", "plots", "-contract-term", "1998", geojson}, 2, `county import plots: -contract-term: "1998" is not START/END, want two days such as 1998-01-01/2027-12-31`},
		{"bad format", []string{"import", "plots", "-format", "dxf", geojson}, 2, `county import plots: -format: `},
		{"unknown map field", append([]string{"import", "plots", "-map", "owner=x", geojson}, db...), 1, `county import plots: ` + geojson + `: -map: plot field "owner" is unknown`},
		{"wells from geojson", append([]string{"import", "wells", geojson}, db...), 1,
			"county import wells: " + geojson + ": the file is JSON, not CSV; want comma-separated text with a header row such as code,kind,lon,lat,division,source,use"},
		{"plots from csv", append([]string{"import", "plots", wells}, db...), 1, "county import plots: " + wells + ": "},
		{"missing file", append([]string{"import", "wells", "/nonexistent/wells.csv"}, db...), 1, "county import wells: /nonexistent/wells.csv: open /nonexistent/wells.csv: no such file or directory"},
		{"export kind", []string{"export", "households"}, 2, "county export: want one of plots, wells, plans, daily, then the flags"},
		{"export argument", []string{"export", "wells", "out.csv"}, 2, `county export wells: unexpected argument "out.csv"; name the output file with -o`},
		{"export division", []string{"export", "wells", "-division", "65"}, 2, "county export wells: -division: "},
		{"export range", []string{"export", "daily", "-from", "2026-05-02", "-to", "2026-05-01"}, 2, "county export daily: -to 2026-05-01 is before -from 2026-05-02"},
		{"export format", []string{"export", "plots", "-format", "kml"}, 2, `county export plots: -format "kml": want geojson or shapefile`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCounty(t, tt.args...)
			if code != tt.status {
				t.Errorf("status: got %d, want %d (%s)", code, tt.status, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr:\n%s\nwant it to contain:\n%s", errOut, tt.stderr)
			}
		})
	}
}

func TestImportDryRunAndAtomic(t *testing.T) {
	db := storageArgs(t, "sqlite")
	wells := writeFile(t, "wells.csv", testWells)
	code, out, _ := runCounty(t, append(append([]string{"import", "wells", "-atomic"}, db...), wells)...)
	if code != exitRejected || !strings.Contains(out, "wells: -atomic: nothing was written because 1 records were rejected") {
		t.Errorf("atomic import: status %d, output %s", code, out)
	}
	code, out, _ = runCounty(t, append(append([]string{"import", "wells", "-dry-run"}, db...), wells)...)
	if code != exitRejected || !strings.Contains(out, "wells: read 3, would import 2 (created 2,") {
		t.Errorf("dry run: status %d, output %s", code, out)
	}
	code, out, _ = runCounty(t, append([]string{"export", "wells"}, db...)...)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("export after atomic and dry-run imports: status %d, want only the header:\n%s", code, out)
	}
}

type storeDaily = store.Daily

func daily(well, day, volume string) store.Daily {
	d, err := land.ParseDate(day)
	if err != nil {
		panic(err)
	}
	return store.Daily{Well: well, Day: d, Volume: decimal.RequireFromString(volume)}
}

// TestImportNamesFlags checks that the advice in the errors of package landio,
// which names fields of landio.Options, reaches the user as the flags of
// county import.
func TestImportNamesFlags(t *testing.T) {
	db := storageArgs(t, "sqlite")
	projected := writeFile(t, "projected.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"6542291012010100001"},
 "geometry":{"type":"Polygon","coordinates":[[[38500000,4960000],[38500100,4960000],[38500100,4960100],[38500000,4960000]]]}}]}`)
	code, out, errOut := runCounty(t, append(append([]string{"import", "plots"}, db...), projected)...)
	if code != 1 && code != exitRejected {
		t.Fatalf("import of a projected file without CRS: status %d, want 1 or %d: %s", code, exitRejected, errOut)
	}
	text := out + errOut
	if !strings.Contains(text, "-epsg") || strings.Contains(text, "Options.") {
		t.Errorf("import of a projected file without CRS says %q, want advice to give -epsg and no Options field", text)
	}

	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, err := zw.Create("plots.kml")
	if err != nil {
		t.Fatal(err)
	}
	kml := `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>` +
		`<Placemark><name>6542291012010100001</name><Polygon><outerBoundaryIs><LinearRing><coordinates>` +
		`83.35,44.8 83.351,44.8 83.351,44.801 83.35,44.801 83.35,44.8</coordinates></LinearRing>` +
		`</outerBoundaryIs></Polygon></Placemark></Document></kml>`
	if _, err := w.Write([]byte(kml)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	archive := writeFile(t, "plots.zip", zipped.String())
	code, _, errOut = runCounty(t, append(append([]string{"import", "plots", "-max-unzipped", "100"}, db...), archive)...)
	if code != 1 || !strings.Contains(errOut, "raise -max-unzipped") || strings.Contains(errOut, "Options.") {
		t.Errorf("import of a zip over -max-unzipped: status %d, %q; want 1 and advice to raise -max-unzipped", code, errOut)
	}
	code, _, errOut = runCounty(t, append(append([]string{"import", "plots", "-max-unzipped", "1MiB", "-dry-run", "-map", "code=name"}, db...), archive)...)
	if code == 1 || code == 2 {
		t.Errorf("import of a zip under -max-unzipped 1MiB: status %d: %s", code, errOut)
	}
	for _, size := range []string{"0", "-5", "1TB", "x"} {
		if code, _, _ := runCounty(t, append(append([]string{"import", "plots", "-max-unzipped", size}, db...), archive)...); code != 2 {
			t.Errorf("-max-unzipped %q: status %d, want 2", size, code)
		}
	}
}
