package gpkg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/twpayne/go-geom"
)

// Layer is a feature table of a GeoPackage.
type Layer struct {
	Name           string // table_name in gpkg_contents
	Identifier     string // human-readable identifier, may be empty
	GeometryColumn string // column_name in gpkg_geometry_columns
	GeometryType   string // geometry_type_name, such as "POLYGON"
	SRS            SRS    // spatial reference system of the geometry column
}

// SRS is a row of gpkg_spatial_ref_sys.
type SRS struct {
	ID           int    // srs_id
	Name         string // srs_name
	Organization string // organization, such as "EPSG"
	// OrganizationCoordsysID is the code the organization gives the CRS.
	OrganizationCoordsysID int
	// Definition is the WKT definition of the CRS.
	Definition string
}

// EPSG returns the EPSG code of s, or 0 when its organization is not EPSG.
// The GeoPackage entries for undefined cartesian (-1) and geographic (0)
// systems also return 0.
func (s SRS) EPSG() int {
	if !strings.EqualFold(s.Organization, "EPSG") || s.OrganizationCoordsysID <= 0 {
		return 0
	}
	return s.OrganizationCoordsysID
}

// Feature is one row of a feature table.
type Feature struct {
	// Index is the 0-based position of the row in primary-key order.
	Index int
	// FID is the row's integer primary key.
	FID int64
	// Geometry is the decoded geometry in the layer's CRS, nil for a NULL
	// column value or when Err is set.
	Geometry geom.T
	// Properties maps the other column names to their values as the
	// driver returns them (int64, float64, string, []byte, time.Time, nil).
	Properties map[string]any
	// Err is non-nil when the geometry could not be decoded.
	Err error
}

// Layers lists the feature tables in gpkg_contents, ordered by name.
func Layers(ctx context.Context, db *sql.DB) ([]Layer, error) {
	const query = `SELECT c.table_name, COALESCE(c.identifier, ''), g.column_name, g.geometry_type_name,
		s.srs_id, s.srs_name, s.organization, s.organization_coordsys_id, s.definition
		FROM gpkg_contents c
		JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
		JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
		WHERE c.data_type = 'features'
		ORDER BY c.table_name`
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("gpkg: list layers: %w", err)
	}
	defer rows.Close()
	var layers []Layer
	for rows.Next() {
		var l Layer
		err := rows.Scan(&l.Name, &l.Identifier, &l.GeometryColumn, &l.GeometryType,
			&l.SRS.ID, &l.SRS.Name, &l.SRS.Organization, &l.SRS.OrganizationCoordsysID, &l.SRS.Definition)
		if err != nil {
			return nil, fmt.Errorf("gpkg: list layers: %w", err)
		}
		layers = append(layers, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: list layers: %w", err)
	}
	return layers, nil
}

// FindLayer returns the feature table called name, or the only one when
// name is empty.
func FindLayer(ctx context.Context, db *sql.DB, name string) (Layer, error) {
	layers, err := Layers(ctx, db)
	if err != nil {
		return Layer{}, err
	}
	var names []string
	for _, l := range layers {
		if l.Name == name || (name == "" && len(layers) == 1) {
			return l, nil
		}
		names = append(names, l.Name)
	}
	if name == "" && len(layers) == 0 {
		return Layer{}, fmt.Errorf("gpkg: no feature table in gpkg_contents")
	}
	if name == "" {
		return Layer{}, fmt.Errorf("gpkg: %d feature tables (%s): name one", len(layers), strings.Join(names, ", "))
	}
	return Layer{}, fmt.Errorf("gpkg: feature table %q not found: want one of %s", name, strings.Join(names, ", "))
}

// ReadLayer returns the rows of layer l in primary-key order. A row whose
// geometry does not decode gets [Feature.Err] and the others are read.
func ReadLayer(ctx context.Context, db *sql.DB, l Layer) ([]Feature, error) {
	pk, err := primaryKey(ctx, db, l.Name)
	if err != nil {
		return nil, err
	}
	query := "SELECT * FROM " + quote(l.Name)
	if pk != "" {
		query += " ORDER BY " + quote(pk)
	}
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("gpkg: read %s: %w", l.Name, err)
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return nil, fmt.Errorf("gpkg: read %s: %w", l.Name, err)
	}

	var features []Feature
	values := make([]any, len(columns))
	pointers := make([]any, len(columns))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return nil, fmt.Errorf("gpkg: read %s: row %d: %w", l.Name, len(features), err)
		}
		features = append(features, rowFeature(l, len(features), columns, values, pk))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gpkg: read %s: %w", l.Name, err)
	}
	return features, nil
}

// rowFeature builds the feature of one scanned row.
func rowFeature(l Layer, index int, columns []string, values []any, pk string) Feature {
	f := Feature{Index: index, Properties: make(map[string]any, len(columns))}
	geometry := -1
	for i, name := range columns {
		switch {
		case name == pk:
			if id, ok := values[i].(int64); ok {
				f.FID = id
			}
		case strings.EqualFold(name, l.GeometryColumn):
			geometry = i
		default:
			f.Properties[name] = values[i]
		}
	}
	// The geometry is decoded once the FID is known, which its error names
	// even when the primary key column comes after the geometry column.
	if geometry >= 0 {
		f.Geometry, f.Err = columnGeometry(l, values[geometry])
		if f.Err != nil {
			f.Err = fmt.Errorf("gpkg: %s: row %d (fid %d): %w", l.Name, index, f.FID, f.Err)
		}
	}
	return f
}

// columnGeometry decodes a geometry column value.
func columnGeometry(l Layer, v any) (geom.T, error) {
	var blob []byte
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		blob = v
	case string:
		blob = []byte(v)
	default:
		return nil, fmt.Errorf("geometry column %q contains %T, want a BLOB", l.GeometryColumn, v)
	}
	g, h, err := DecodeGeometry(blob)
	if err != nil {
		return nil, err
	}
	if h.SRSID > 0 && int(h.SRSID) != l.SRS.ID {
		return nil, fmt.Errorf("geometry srs_id %d differs from srs_id %d of column %q", h.SRSID, l.SRS.ID, l.GeometryColumn)
	}
	return g, nil
}

// primaryKey returns the name of the table's integer primary key column,
// empty when it has none.
func primaryKey(ctx context.Context, db *sql.DB, table string) (string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?)", table)
	if err != nil {
		return "", fmt.Errorf("gpkg: columns of %s: %w", table, err)
	}
	defer rows.Close()
	pk := ""
	for rows.Next() {
		var name, typ string
		var pos int
		if err := rows.Scan(&name, &typ, &pos); err != nil {
			return "", fmt.Errorf("gpkg: columns of %s: %w", table, err)
		}
		if pos == 1 && strings.EqualFold(typ, "INTEGER") {
			pk = name
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("gpkg: columns of %s: %w", table, err)
	}
	return pk, nil
}

// quote returns name as an SQL identifier.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
