package landio

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ReadFile reads all features of the file at path and converts their
// coordinates to lon/lat. The format is [Options.Format] or else chosen by
// extension: .geojson and .json (GeoJSON), .wkt (WKT), .wkb, .ewkb and
// .hex (WKB), .shp or a folder (shapefile), .zip (the shapefile or KML
// inside), .kml and .kmz (KML), .gpx (GPX) and .gpkg (GeoPackage, which
// needs [Options.OpenDB]). Other names are recognised by their content.
//
// The returned error is for a file that cannot be read at all: missing,
// of unknown format or CRS, or with several layers and no
// [Options.Layer]. A feature that cannot be decoded or converted gets
// [Feature.Err] instead.
func ReadFile(ctx context.Context, path string, opts Options) ([]Feature, CRSInfo, error) {
	if err := ctx.Err(); err != nil {
		return nil, CRSInfo{}, err
	}
	format, err := detectFormat(path, opts.Format)
	if err != nil {
		return nil, CRSInfo{}, err
	}
	switch format {
	case FormatShapefile:
		return readShapefilePath(path, opts)
	case FormatGeoPackage:
		return readGeoPackage(ctx, path, opts)
	}
	if strings.EqualFold(filepath.Ext(path), ".zip") || strings.EqualFold(filepath.Ext(path), ".kmz") {
		return readZip(path, format, opts)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	return decodeBytes(data, format, opts)
}

// decodeBytes decodes a file of a stream format held in memory.
func decodeBytes(data []byte, format Format, opts Options) ([]Feature, CRSInfo, error) {
	r := bytes.NewReader(data)
	switch format {
	case FormatGeoJSON:
		return ReadGeoJSON(r, opts)
	case FormatWKT:
		return ReadWKT(r, opts)
	case FormatWKB:
		return ReadWKB(r, opts)
	case FormatKML:
		return readKML(r, opts)
	case FormatGPX:
		return readGPX(r, opts)
	}
	return nil, CRSInfo{}, fmt.Errorf("landio: format %v cannot be decoded from bytes", format)
}

var extensionFormats = map[string]Format{
	".geojson": FormatGeoJSON, ".json": FormatGeoJSON,
	".wkt": FormatWKT,
	".wkb": FormatWKB, ".ewkb": FormatWKB, ".hex": FormatWKB,
	".shp": FormatShapefile,
	".kml": FormatKML, ".kmz": FormatKML,
	".gpx":  FormatGPX,
	".gpkg": FormatGeoPackage,
}

// detectFormat picks the format of path.
func detectFormat(path string, forced Format) (Format, error) {
	info, err := os.Stat(path)
	if err != nil {
		return FormatAuto, fmt.Errorf("landio: %w", err)
	}
	if forced != FormatAuto {
		return forced, nil
	}
	if info.IsDir() {
		return FormatShapefile, nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := extensionFormats[ext]; ok {
		return f, nil
	}
	if ext == ".zip" {
		return zipFormat(path)
	}
	head, err := readHead(path, 512)
	if err != nil {
		return FormatAuto, err
	}
	if f := sniff(head); f != FormatAuto {
		return f, nil
	}
	return FormatAuto, fmt.Errorf("landio: %s: format not recognised: want GeoJSON, WKT, WKB, a shapefile, "+
		"KML, GPX or GeoPackage, or set Options.Format", path)
}

// zipFormat returns FormatShapefile for an archive with a .shp file and
// FormatKML for one with a .kml file.
func zipFormat(path string) (Format, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return FormatAuto, fmt.Errorf("landio: %w", err)
	}
	defer z.Close()
	format := FormatAuto
	for _, f := range z.File {
		switch strings.ToLower(filepath.Ext(f.Name)) {
		case ".shp":
			return FormatShapefile, nil
		case ".kml":
			format = FormatKML
		}
	}
	if format == FormatAuto {
		return FormatAuto, fmt.Errorf("landio: %s: the archive contains no .shp or .kml file", path)
	}
	return format, nil
}

// readHead returns the first n bytes of the file at path.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("landio: %w", err)
	}
	defer f.Close()
	buf := make([]byte, n)
	k, _ := f.Read(buf)
	return buf[:k], nil
}

// sniff recognises a format from the first bytes of a file.
func sniff(head []byte) Format {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return FormatGeoPackage
	case bytes.HasPrefix(head, []byte{0, 0, 0x27, 0x0a}):
		return FormatShapefile
	case len(head) > 0 && (head[0] == 0 || head[0] == 1):
		return FormatWKB
	case bytes.HasPrefix(trimmed, []byte("{")):
		return FormatGeoJSON
	case bytes.HasPrefix(trimmed, []byte("<")):
		if bytes.Contains(head, []byte("<gpx")) {
			return FormatGPX
		}
		return FormatKML
	case isHexText(trimmed):
		return FormatWKB
	case startsWKT(trimmed):
		return FormatWKT
	}
	return FormatAuto
}

// wktKeywords are the geometry keywords of WKT (ISO 13249-3 and OGC
// 06-103r4) that a WKT file may start with.
var wktKeywords = map[string]bool{
	"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true,
	"CIRCULARSTRING": true, "COMPOUNDCURVE": true, "CURVEPOLYGON": true,
	"MULTICURVE": true, "MULTISURFACE": true, "TRIANGLE": true, "TIN": true,
	"POLYHEDRALSURFACE": true,
}

// startsWKT reports whether text starts with a WKT geometry keyword or a
// PostGIS "SRID=" prefix, so that other text such as a CSV table is not
// taken for WKT.
func startsWKT(text []byte) bool {
	end := bytes.IndexFunc(text, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	})
	if end < 0 {
		end = len(text)
	}
	word := strings.ToUpper(string(text[:end]))
	return wktKeywords[word] || word == "SRID" && end < len(text) && text[end] == '='
}

// readZip reads the KML inside a .zip or .kmz archive; shapefiles in
// archives go through readShapefilePath.
func readZip(path string, format Format, opts Options) ([]Feature, CRSInfo, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
	}
	defer z.Close()
	archive := newBudgetFS(&z.Reader, path, opts)
	for _, f := range z.File {
		if strings.EqualFold(filepath.Ext(f.Name), ".kml") {
			data, err := fs.ReadFile(archive, f.Name)
			if err != nil {
				return nil, CRSInfo{}, fmt.Errorf("landio: %w", err)
			}
			return decodeBytes(data, format, opts)
		}
	}
	return nil, CRSInfo{}, fmt.Errorf("landio: %s: the archive contains no .kml file", path)
}
