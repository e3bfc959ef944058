package gpkg

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// writeGeoPackage creates a minimal GeoPackage whose feature table plots
// has its geometry column before its primary key and the given rows.
func writeGeoPackage(t *testing.T, rows [][]any) string {
	path := filepath.Join(t.TempDir(), "plots.gpkg")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	statements := []string{
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
			organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
			definition TEXT NOT NULL, description TEXT)`,
		`INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84"]', NULL)`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
			identifier TEXT, srs_id INTEGER)`,
		`INSERT INTO gpkg_contents VALUES ('plots', 'features', 'plots', 4326)`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
			geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL)`,
		`INSERT INTO gpkg_geometry_columns VALUES ('plots', 'geom', 'POINT', 4326, 0, 0)`,
		`CREATE TABLE plots (geom BLOB, fid INTEGER PRIMARY KEY, name TEXT)`,
	}
	for _, s := range statements {
		_, err := db.Exec(s)
		require.NoError(t, err, s)
	}
	for _, r := range rows {
		_, err := db.Exec(`INSERT INTO plots (geom, fid, name) VALUES (?, ?, ?)`, r...)
		require.NoError(t, err)
	}
	return path
}

func TestReadLayerBadRowFailsAlone(t *testing.T) {
	point := geom.NewPointFlat(geom.XY, []float64{87.6, 43.8})
	path := writeGeoPackage(t, [][]any{
		{blob(t, 0x01, 4326, nil, point), 10, "good"},
		{[]byte("GP\x00\x01broken"), 11, "bad"},
		{nil, 12, "unsurveyed"},
		{blob(t, 0x01, 4326, nil, point), 13, "good too"},
	})
	db := openReadOnly(t, path)
	ctx := context.Background()
	layer, err := FindLayer(ctx, db, "")
	require.NoError(t, err)

	features, err := ReadLayer(ctx, db, layer)
	require.NoError(t, err)
	require.Len(t, features, 4)
	for i, want := range []int64{10, 11, 12, 13} {
		assert.Equal(t, want, features[i].FID, "feature %d", i)
	}
	assert.NoError(t, features[0].Err)
	assert.NotNil(t, features[0].Geometry)
	assert.ErrorContains(t, features[1].Err, "gpkg: plots: row 1 (fid 11):")
	assert.Nil(t, features[1].Geometry)
	assert.NoError(t, features[2].Err)
	assert.Nil(t, features[2].Geometry, "a NULL geometry is an unsurveyed plot")
	assert.NoError(t, features[3].Err)
	assert.Equal(t, "good too", features[3].Properties["name"])
}
