package bulk

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
	"github.com/shuxiang/shuxiang/land/shapefile"
)

// cgcs2000PRJ is the .prj text of CGCS2000 geographic coordinates
// (EPSG:4490), the CRS of stored plot boundaries.
const cgcs2000PRJ = `GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",` +
	`SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],` +
	`UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4490"]]`

// ShapefileLayer is the base name of the files inside an exported zip archive.
const ShapefileLayer = "plots"

// ExportPlots writes the plots within division (every plot when division is
// empty) in code order. The format landio.FormatGeoJSON writes an RFC 7946
// FeatureCollection. The format landio.FormatShapefile writes a zip archive of
// a Shapefile layer named [ShapefileLayer] in CGCS2000 lon/lat with a UTF-8
// .dbf. The attributes are
// named by the keys of [PlotFields] without contractor, in the forms an import
// reads, so the file imports back unchanged. It returns the number of plots
// written.
func ExportPlots(ctx context.Context, s Stores, w io.Writer, format landio.Format, division land.DivisionCode) (int, error) {
	if format != landio.FormatGeoJSON && format != landio.FormatShapefile {
		return 0, fmt.Errorf("plots can be exported as geojson or shapefile, not %s", format)
	}
	var features []landio.Feature
	after := ""
	for {
		plots, next, err := s.Land.Plots(ctx, land.PlotFilter{Division: division, Page: land.Page{Limit: exportPage, After: after}})
		if err != nil {
			return 0, fmt.Errorf("list plots: %w", err)
		}
		for _, p := range plots {
			features = append(features, landio.Feature{Index: len(features), ID: string(p.Code),
				Geometry: p.Geometry, Properties: plotProperties(p)})
		}
		if next == "" {
			break
		}
		after = next
	}
	if format == landio.FormatGeoJSON {
		return len(features), landio.WriteGeoJSON(w, features)
	}
	return len(features), writeShapefileZip(w, features)
}

// writeShapefileZip writes features as a Polygon layer inside a zip archive.
func writeShapefileZip(w io.Writer, features []landio.Feature) error {
	layer := &shapefile.Layer{Name: ShapefileLayer, ShapeType: shapefile.Polygon,
		CRS: shapefile.CRS{WKT: cgcs2000PRJ}, Modified: time.Now()}
	widths := map[string]int{}
	for _, f := range features {
		for name, v := range f.Properties {
			if s, ok := v.(string); ok {
				widths[name] = max(widths[name], len(s))
			}
		}
		layer.Records = append(layer.Records, shapefile.Record{Number: f.Index + 1,
			Geometry: f.Geometry, Attributes: f.Properties})
	}
	for _, pf := range PlotFields() {
		if pf.Key == "contractor" {
			continue
		}
		if pf.Key == "high_std" {
			layer.Fields = append(layer.Fields, shapefile.Field{Name: pf.Key, Type: 'L', Length: 1})
			continue
		}
		layer.Fields = append(layer.Fields, shapefile.Field{Name: pf.Key, Type: 'C', Length: min(max(widths[pf.Key], 1), 254)})
	}
	files, err := layer.Encode()
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, part := range []struct {
		ext  string
		data []byte
	}{{".shp", files.SHP}, {".shx", files.SHX}, {".dbf", files.DBF}, {".prj", files.PRJ}, {".cpg", files.CPG}} {
		fw, err := zw.Create(ShapefileLayer + part.ext)
		if err != nil {
			return err
		}
		if _, err := fw.Write(part.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
