package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fieldsDir returns the folder of public field boundary files beside the
// module: 300 smallholder fields, each in GeoJSON and also in a
// GeoPackage or a zipped Shapefile. The test fails when it is missing and CI=true, and is skipped
// otherwise.
func fieldsDir(t *testing.T) string {
	t.Helper()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatal("go.mod not found above the test directory")
		}
		root = parent
	}
	dir := filepath.Join(root, "..", "shared", "testdata", "fields")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("field boundary folder: %v", err)
		}
		t.Skipf("field boundary folder: %v", err)
	}
	return dir
}

// TestImportFieldFiles imports every boundary file of the public field data
// through county import on SQLite and PostgreSQL, each into a villager group
// of its own with allocated codes, and imports it again, which must change
// nothing.
func TestImportFieldFiles(t *testing.T) {
	files, err := boundaryFiles(fieldsDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 6 {
		t.Errorf("boundary files: got %d (%v), want 6", len(files), files)
	}
	for _, dialect := range []string{"sqlite", "postgresql"} {
		t.Run(dialect, func(t *testing.T) {
			db := storageArgs(t, dialect)
			for i, file := range files {
				issuer, err := fieldsIssuer(i)
				if err != nil {
					t.Fatal(err)
				}
				args := append([]string{"import", "plots", "-allocate", string(issuer), file}, db...)
				code, out, errOut := runCounty(t, args...)
				if code != 0 {
					t.Fatalf("%s: status %d: %s%s", file, code, out, errOut)
				}
				want := "plots: read 100, imported 100 (created 100, updated 0, unchanged 0),"
				if !strings.Contains(out, want) || !strings.Contains(out, "rejected 0") {
					t.Errorf("%s: first import:\n%s\nwant %q and rejected 0", filepath.Base(file), out, want)
				}
				code, out, _ = runCounty(t, args...)
				want = "plots: read 100, imported 100 (created 0, updated 0, unchanged 100),"
				if code != 0 || !strings.Contains(out, want) {
					t.Errorf("%s: second import: status %d:\n%s\nwant %q", filepath.Base(file), code, out, want)
				}
			}

			code, out, _ := runCounty(t, append([]string{"export", "plots", "-division", string(fieldsVillage)}, db...)...)
			if code != 0 {
				t.Fatalf("export: status %d", code)
			}
			if got := strings.Count(out, `"type":"Feature"`); got != 100*len(files) {
				t.Errorf("exported %d plots of village %s, want %d", got, fieldsVillage, 100*len(files))
			}
			last := fmt.Sprintf(`"code":"%s0100100"`, fieldsVillage)
			if !strings.Contains(out, last) {
				t.Errorf("export has no plot %s0100100, the 100th of group 01", fieldsVillage)
			}
		})
	}
}

// TestDemoFields runs the import of county demo -fields twice on one boundary
// file: the first run allocates codes in group 01 of the demo's field village
// and the second finds the plots again.
func TestDemoFields(t *testing.T) {
	file := filepath.Join(fieldsDir(t), "india_10k_sample_shp.zip")
	sf := storageFlags{data: t.TempDir()}
	var out strings.Builder
	for _, want := range []string{
		"india_10k_sample_shp.zip: 100 plots of issuer 65422939920101 (100 new), 0 rejected\n",
		"india_10k_sample_shp.zip: 100 plots of issuer 65422939920101 (0 new), 0 rejected\n",
	} {
		out.Reset()
		if err := loadFields(t.Context(), sf, file, &out, newLogger(io.Discard)); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("output: got %q, want %q", out.String(), want)
		}
	}
	if _, err := boundaryFiles(t.TempDir()); err == nil || !strings.Contains(err.Error(), "has no boundary file") {
		t.Errorf("empty folder: got error %v, want one saying it has no boundary file", err)
	}
}
