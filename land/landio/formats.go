package landio

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shuxiang/shuxiang/land/gpkg"
	"github.com/shuxiang/shuxiang/land/gpx"
	"github.com/shuxiang/shuxiang/land/kml"
	"github.com/shuxiang/shuxiang/land/shapefile"
)

// wgs84 is the CRS of KML and GPX, which fix lon/lat on WGS 84.
var wgs84 = CRSInfo{EPSG: 4326, Name: "WGS 84", Origin: OriginFile}

// readShapefilePath reads a .shp file, a folder or a zip archive.
func readShapefilePath(p string, opts Options) ([]Feature, CRSInfo, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	var fsys fs.FS
	switch {
	case info.IsDir():
		fsys = os.DirFS(p)
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		z, err := zip.OpenReader(p)
		if err != nil {
			return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
		}
		defer z.Close()
		fsys = newBudgetFS(&z.Reader, p, opts)
	default:
		layer, err := shapefile.ReadFS(os.DirFS(filepath.Dir(p)), filepath.Base(p), shapefile.Options{})
		if err != nil {
			return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
		}
		return shapefileFeatures(layer, opts)
	}
	return ReadShapefile(fsys, opts)
}

// ReadShapefile reads the shapefile layer [Options.Layer] (a base name
// such as "plots", or a path inside fsys), or the only layer, from fsys:
// a folder (os.DirFS) or a zip archive (archive/zip). Records marked
// deleted in the .dbf are skipped, so Index then has gaps. Feature IDs
// come from [Options.IDProperty] or else the first of the fields id, fid,
// code and dkbm (the plot code field of NY/T 2539), compared without case.
func ReadShapefile(fsys fs.FS, opts Options) ([]Feature, CRSInfo, error) {
	paths, err := shapefile.Layers(fsys)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	chosen, err := chooseLayer(paths, opts.Layer)
	if err != nil {
		return nil, CRSInfo{}, err
	}
	layer, err := shapefile.ReadFS(fsys, chosen, shapefile.Options{})
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	return shapefileFeatures(layer, opts)
}

// chooseLayer picks the .shp path named by layer among paths.
func chooseLayer(paths []string, layer string) (string, error) {
	var names []string
	for _, p := range paths {
		base := strings.TrimSuffix(path.Base(p), path.Ext(p))
		if layer == "" && len(paths) == 1 || layer == base || layer == p {
			return p, nil
		}
		names = append(names, p)
	}
	switch {
	case len(paths) == 0:
		return "", fmt.Errorf("landio: no shapefile layer found")
	case layer == "":
		return "", fmt.Errorf("landio: %d shapefile layers (%s): set Options.Layer", len(paths), strings.Join(names, ", "))
	}
	return "", fmt.Errorf("landio: shapefile layer %q not found: want one of %s", layer, strings.Join(names, ", "))
}

// shapefileFeatures converts a decoded layer.
func shapefileFeatures(layer *shapefile.Layer, opts Options) ([]Feature, CRSInfo, error) {
	crs := CRSInfo{EPSG: layer.CRS.EPSG, Name: layer.CRS.Name, Definition: layer.CRS.WKT}
	if crs.EPSG != 0 {
		crs.Origin = OriginFile
	}
	if layer.CRS.Err != nil && opts.SourceEPSG == 0 {
		return nil, crs, fmt.Errorf("landio: %s.prj: %w: set Options.SourceEPSG", layer.Name, layer.CRS.Err)
	}
	features := make([]Feature, 0, len(layer.Records))
	for _, r := range layer.Records {
		if r.Deleted {
			continue
		}
		f := Feature{Index: r.Number - 1, Geometry: r.Geometry, Properties: r.Attributes}
		f.ID = propertyIDFold(r.Attributes, opts.IDProperty, "id", "fid", "code", "dkbm")
		if r.Err != nil {
			f.Err = newFeatureError(f.Index, f.ID, r.Err)
		}
		features = append(features, f)
	}
	return finish(features, crs, opts)
}

// propertyIDFold returns the ID under idProperty, or else under the first
// of names, matching names without case. An exact match wins over the
// others, and among keys that differ only in case (a .dbf may hold both
// ID and id) the first in byte order wins, so the choice does not depend
// on map order.
func propertyIDFold(props map[string]any, idProperty string, names ...string) string {
	if idProperty != "" {
		names = []string{idProperty}
	}
	keys := slices.Sorted(maps.Keys(props))
	for _, name := range names {
		if v, ok := props[name]; ok && v != nil {
			return formatID(v)
		}
		for _, k := range keys {
			if v := props[k]; strings.EqualFold(k, name) && v != nil {
				return formatID(v)
			}
		}
	}
	return ""
}

// readGeoPackage reads a feature table through opts.OpenDB.
func readGeoPackage(ctx context.Context, p string, opts Options) ([]Feature, CRSInfo, error) {
	if opts.OpenDB == nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %s: reading GeoPackage needs Options.OpenDB to open SQLite", p)
	}
	db, err := opts.OpenDB(ctx, p)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: open %s: %w", p, err)
	}
	defer db.Close()

	layer, err := gpkg.FindLayer(ctx, db, opts.Layer)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %s: %w", p, err)
	}
	rows, err := gpkg.ReadLayer(ctx, db, layer)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %s: %w", p, err)
	}
	crs, err := geoPackageCRS(layer.SRS)
	if err != nil && opts.SourceEPSG != 0 {
		crs, err = CRSInfo{Name: layer.SRS.Name, Definition: layer.SRS.Definition}, nil
	}
	if err != nil {
		return nil, crs, fmt.Errorf("landio: %s: %w", p, err)
	}

	features := make([]Feature, len(rows))
	for i, r := range rows {
		f := Feature{Index: r.Index, ID: fmt.Sprint(r.FID), Geometry: r.Geometry, Properties: r.Properties}
		if opts.IDProperty != "" {
			f.ID = propertyID(r.Properties, opts.IDProperty)
		}
		if r.Err != nil {
			f.Err = newFeatureError(f.Index, f.ID, r.Err)
		}
		features[i] = f
	}
	return finish(features, crs, opts)
}

// geoPackageCRS maps a gpkg_spatial_ref_sys row to CRSInfo. The
// undefined systems (srs_id -1 and 0) give an unknown CRS.
func geoPackageCRS(srs gpkg.SRS) (CRSInfo, error) {
	crs := CRSInfo{EPSG: srs.EPSG(), Name: srs.Name, Definition: srs.Definition}
	switch {
	case crs.EPSG != 0:
		crs.Origin = OriginFile
	case srs.ID != 0 && srs.ID != -1:
		return crs, fmt.Errorf("srs_id %d (%s %d) is not an EPSG code: set Options.SourceEPSG",
			srs.ID, srs.Organization, srs.OrganizationCoordsysID)
	}
	return crs, nil
}

// readKML reads Placemarks. A Placemark's ID is its id attribute, else the
// ExtendedData value named by [Options.IDProperty] (or id, fid, code,
// dkbm), else its name.
func readKML(r io.Reader, opts Options) ([]Feature, CRSInfo, error) {
	placemarks, err := kml.Read(r)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	features := make([]Feature, len(placemarks))
	for i, p := range placemarks {
		data := make(map[string]any, len(p.Data))
		for k, v := range p.Data {
			data[k] = v
		}
		props := map[string]any{"name": p.Name, "description": p.Description}
		for k, v := range data {
			props[k] = v
		}
		f := Feature{Index: p.Index, ID: p.ID, Geometry: p.Geometry, Properties: props}
		if f.ID == "" || opts.IDProperty != "" {
			f.ID = propertyIDFold(data, opts.IDProperty, "id", "fid", "code", "dkbm")
		}
		if f.ID == "" && opts.IDProperty == "" {
			f.ID = p.Name
		}
		if p.Err != nil {
			f.Err = newFeatureError(f.Index, f.ID, p.Err)
		}
		features[i] = f
	}
	return finish(features, wgs84, opts)
}

// readGPX reads tracks, routes and waypoints; the name is the ID.
func readGPX(r io.Reader, opts Options) ([]Feature, CRSInfo, error) {
	items, err := gpx.Read(r, gpx.Options{ClosingToleranceM: opts.ClosingToleranceM})
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	features := make([]Feature, len(items))
	for i, it := range items {
		props := map[string]any{"kind": string(it.Kind), "name": it.Name, "description": it.Description,
			"track": int64(it.Track), "segment": int64(it.Segment)}
		if !it.Start.IsZero() {
			props["start"], props["end"] = it.Start, it.End
		}
		f := Feature{Index: it.Index, ID: it.Name, Geometry: it.Geometry, Properties: props}
		if it.Err != nil {
			f.Err = newFeatureError(f.Index, f.ID, it.Err)
		}
		features[i] = f
	}
	return finish(features, wgs84, opts)
}
