package gpkg

import (
	"database/sql"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

var update = flag.Bool("update", false, "rewrite testdata/plots.gpkg")

// TestPlotsFile writes testdata/plots.gpkg under -update and otherwise
// checks that it is there. The file is a GeoPackage with one feature
// table, plots, of two CGCS2000 (EPSG:4490) polygons and one row without
// geometry.
func TestPlotsFile(t *testing.T) {
	path := filepath.Join("testdata", "plots.gpkg")
	if !*update {
		_, err := os.Stat(path)
		require.NoError(t, err, "run go test -run TestPlotsFile -update to write it")
		return
	}

	os.Remove(path)
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	east := geom.NewPolygonFlat(geom.XY,
		[]float64{87.600, 43.800, 87.603, 43.800, 87.603, 43.802, 87.600, 43.802, 87.600, 43.800},
		[]int{10})
	west := geom.NewPolygonFlat(geom.XY,
		[]float64{87.590, 43.800, 87.593, 43.800, 87.590, 43.803, 87.590, 43.800},
		[]int{8})
	statements := []string{
		`PRAGMA page_size = 1024`,
		`PRAGMA application_id = 1196444487`, // "GPKG"
		`PRAGMA user_version = 10300`,        // GeoPackage 1.3
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
			organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
			definition TEXT NOT NULL, description TEXT)`,
		`INSERT INTO gpkg_spatial_ref_sys VALUES ('China Geodetic Coordinate System 2000', 4490,
			'EPSG', 4490, 'GEOGCS["China Geodetic Coordinate System 2000"]', NULL)`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
			identifier TEXT, srs_id INTEGER)`,
		`INSERT INTO gpkg_contents VALUES ('plots', 'features', '东风村地块', 4490)`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
			geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,
			m TINYINT NOT NULL)`,
		`INSERT INTO gpkg_geometry_columns VALUES ('plots', 'geom', 'POLYGON', 4490, 0, 0)`,
		`CREATE TABLE plots (fid INTEGER PRIMARY KEY, geom BLOB, code TEXT, name TEXT)`,
	}

	for _, s := range statements {
		_, err := db.Exec(s)
		require.NoError(t, err, s)
	}
	rows := [][]any{
		{1, blob(t, 0x01, 4490, nil, east), "6542021010010100001", "东大地"},
		{2, blob(t, 0x01, 4490, nil, west), "6542021010010100002", "西洼地"},
		{3, nil, "6542021010010100003", "未测地块"},
	}
	for _, r := range rows {
		_, err := db.Exec(`INSERT INTO plots VALUES (?, ?, ?, ?)`, r...)
		require.NoError(t, err)
	}
	_, err = db.Exec(`VACUUM`)
	require.NoError(t, err)
}
