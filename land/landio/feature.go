package landio

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/twpayne/go-geom"
)

// Feature is one geometry of an imported file with its attributes.
type Feature struct {
	// Index is the 0-based position of the feature in its file or layer.
	Index int
	// ID is the feature's identifier, empty if the file gives none.
	ID string
	// Geometry is in lon/lat degrees (EPSG:4326 or EPSG:4490) after CRS
	// conversion. It is nil when Err is set or when the file stores an
	// empty (null) shape for the feature.
	Geometry geom.T
	// Properties are the feature's attributes as the format decoded them:
	// string, float64, int64, bool, time.Time, []byte (GeoPackage BLOBs),
	// nil, or nested []any and map[string]any values from GeoJSON.
	Properties map[string]any
	// Err is non-nil when this feature could not be decoded. It is a
	// *FeatureError. The other features of the file are still decoded.
	Err error
}

// FeatureError reports a feature that could not be decoded or converted.
type FeatureError struct {
	Index int    // 0-based position in the file
	ID    string // feature ID, empty if unknown
	Err   error  // the fault
}

// Error implements error.
func (e *FeatureError) Error() string {
	if e.ID != "" {
		return fmt.Sprintf("feature %d (id %q): %v", e.Index, e.ID, e.Err)
	}
	return fmt.Sprintf("feature %d: %v", e.Index, e.Err)
}

// Unwrap returns the fault.
func (e *FeatureError) Unwrap() error { return e.Err }

// CRSInfo describes the coordinate reference system the file was written in.
type CRSInfo struct {
	// EPSG is the source CRS code, 0 if neither the file nor
	// [Options.SourceEPSG] named one (the coordinates are then taken as
	// lon/lat on WGS 84).
	EPSG int
	// Name is the CRS name given by the file, empty if none.
	Name string
	// Definition is the CRS definition the file carries, such as the WKT of
	// a .prj file or of gpkg_spatial_ref_sys, empty if none.
	Definition string
	// Origin is the source of EPSG: "file", "options" or "" (the default).
	Origin string
	// Converted reports whether the coordinates were projected to lon/lat.
	Converted bool
}

// Origins of [CRSInfo.EPSG].
const (
	OriginFile    = "file"
	OriginOptions = "options"
)

// Options sets how files are read. The zero value reads any format by
// extension and content, assumes lon/lat when the file names no CRS and
// rejects GeoPackage files, which need OpenDB.
type Options struct {
	// Format forces a format instead of detecting it from the file.
	Format Format
	// SourceEPSG is the CRS of the coordinates when the file does not name
	// one, for example 4526 for a WKT file in Gauss-Krüger zone 38. Zero
	// means lon/lat (EPSG:4326). A CRS stated in the file takes precedence.
	SourceEPSG int
	// Layer selects a layer of a file that contains several: the base name of
	// a shapefile inside a zip archive or folder, or a GeoPackage table.
	// Empty selects the only layer and fails when there are several.
	Layer string
	// IDProperty names the property that supplies [Feature.ID]. Empty
	// means the format's own identifier (GeoJSON "id", GeoPackage primary
	// key) or else the first of the properties "id", "fid" and "code".
	IDProperty string
	// OpenDB opens a GeoPackage file. It is required for .gpkg files
	// because land packages import no SQL driver; with modernc.org/sqlite:
	//	func(ctx context.Context, path string) (*sql.DB, error) {
	//		return sql.Open("sqlite", "file:"+path+"?mode=ro")
	//	}
	// ReadFile closes the returned database before it returns.
	OpenDB func(ctx context.Context, path string) (*sql.DB, error)
	// ClosingToleranceM is the largest distance in metres between the first
	// and last point of a GPX track segment or route for it to count as a
	// closed walk and become a polygon. Zero, a negative value and NaN
	// mean 5 m.
	ClosingToleranceM float64
	// MaxUnzippedBytes is the most bytes that ReadFile decompresses from a
	// .zip or .kmz archive, summed over the files it reads, so that a small
	// archive that unzips to gigabytes fails instead of exhausting memory.
	// Zero means 1 GiB and a negative value means no limit.
	MaxUnzippedBytes int64
}

// newFeatureError wraps err for the feature at index with id.
func newFeatureError(index int, id string, err error) error {
	return &FeatureError{Index: index, ID: id, Err: err}
}
