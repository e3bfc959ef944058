// Package gpkg reads feature tables of OGC GeoPackage 1.2 and 1.3 files
// (OGC 12-128r15 and later) through a caller-provided *sql.DB, so that it
// imports no SQL driver itself. Any SQLite driver for database/sql works,
// such as the pure-Go modernc.org/sqlite.
//
// [Layers] lists the feature tables named in gpkg_contents with their
// geometry column (gpkg_geometry_columns) and spatial reference system
// (gpkg_spatial_ref_sys). [ReadLayer] returns the rows of one table in
// primary-key order with geometries decoded from the GeoPackageBinary
// format by [DecodeGeometry]: a header (magic "GP", version, flags,
// srs_id and an optional envelope) followed by standard WKB.
//
// Geometries stay in the table's CRS. The functions are safe for
// concurrent use as far as the *sql.DB is.
package gpkg
