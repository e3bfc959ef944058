package landio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/geojson"
)

// geojsonObject contains the members of any GeoJSON object that the reader
// uses. Each feature stays raw so that one bad feature fails alone.
type geojsonObject struct {
	Type       string            `json:"type"`
	ID         json.RawMessage   `json:"id"`
	Geometry   *geojson.Geometry `json:"geometry"`
	Properties json.RawMessage   `json:"properties"`
	Features   []json.RawMessage `json:"features"`
	CRS        *geojsonCRS       `json:"crs"`
}

// geojsonCRS is the "crs" member of GeoJSON 2008, which RFC 7946 removed
// but GDAL still writes for data not in lon/lat.
type geojsonCRS struct {
	Type       string `json:"type"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

var geometryTypes = map[string]bool{
	"Point": true, "MultiPoint": true, "LineString": true, "MultiLineString": true,
	"Polygon": true, "MultiPolygon": true, "GeometryCollection": true,
}

// ReadGeoJSON reads a GeoJSON FeatureCollection, a single Feature or a bare
// geometry from r and converts the coordinates to lon/lat.
//
// A feature takes its ID from the "id" member, else from the property named
// by [Options.IDProperty], else from the first of the properties "id",
// "fid" and "code". The CRS is the legacy "crs" member when present (such
// as "urn:ogc:def:crs:EPSG::4490"), else [Options.SourceEPSG], else lon/lat
// as RFC 7946 requires. A feature that fails to decode gets
// [Feature.Err]; malformed JSON at the top level fails the whole read.
func ReadGeoJSON(r io.Reader, opts Options) ([]Feature, CRSInfo, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: read geojson: %w", err)
	}
	features, crs, err := decodeGeoJSON(data, opts)
	if err != nil {
		return nil, CRSInfo{}, err
	}
	return finish(features, crs, opts)
}

// decodeGeoJSON decodes data without converting coordinates.
func decodeGeoJSON(data []byte, opts Options) ([]Feature, CRSInfo, error) {
	var top geojsonObject
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: decode geojson: %w", err)
	}
	crs, err := geojsonCRSInfo(top.CRS)
	if err != nil {
		return nil, CRSInfo{}, err
	}

	switch {
	case top.Type == "FeatureCollection":
		features := make([]Feature, len(top.Features))
		for i, raw := range top.Features {
			features[i] = decodeGeoJSONFeature(i, raw, opts)
		}
		return features, crs, nil
	case top.Type == "Feature":
		return []Feature{decodeGeoJSONFeature(0, data, opts)}, crs, nil
	case geometryTypes[top.Type]:
		var raw geojson.Geometry
		err := json.Unmarshal(data, &raw)
		var g geom.T
		if err == nil {
			g, err = decodeGeoJSONGeometry(&raw)
		}
		f := Feature{Index: 0, Geometry: g}
		if err != nil {
			f.Geometry, f.Err = nil, newFeatureError(0, "", err)
		}
		return []Feature{f}, crs, nil
	default:
		return nil, CRSInfo{}, fmt.Errorf("landio: decode geojson: unknown top-level type %q: "+
			"want FeatureCollection, Feature or a geometry type", top.Type)
	}
}

// decodeGeoJSONFeature decodes the feature at index i. Faults go to
// [Feature.Err] rather than to a returned error.
func decodeGeoJSONFeature(i int, raw json.RawMessage, opts Options) Feature {
	f := Feature{Index: i}
	var obj geojsonObject
	if err := json.Unmarshal(raw, &obj); err != nil {
		f.Err = newFeatureError(i, "", fmt.Errorf("decode feature: %w", err))
		return f
	}
	props, err := decodeProperties(obj.Properties)
	f.Properties = props
	if err == nil {
		f.ID, err = geojsonID(obj.ID, props, opts.IDProperty)
	}
	if err == nil && obj.Type != "Feature" {
		err = fmt.Errorf("type is %q, want \"Feature\"", obj.Type)
	}
	if err == nil {
		f.Geometry, err = decodeGeoJSONGeometry(obj.Geometry)
	}
	if err != nil {
		f.Geometry, f.Err = nil, newFeatureError(i, f.ID, err)
	}
	return f
}

// decodeGeoJSONGeometry decodes a geometry object. JSON null or a missing
// member (a nil raw) yields a nil geometry, which RFC 7946 calls an
// unlocated feature.
func decodeGeoJSONGeometry(raw *geojson.Geometry) (geom.T, error) {
	if raw == nil {
		return nil, nil
	}
	g, err := raw.Decode()
	if err != nil {
		return nil, fmt.Errorf("decode geometry: %w", err)
	}
	if err := checkLayout(g); err != nil {
		return nil, fmt.Errorf("decode geometry: %w", err)
	}
	return g, nil
}

// checkLayout rejects geometries whose coordinates have more than four
// values, which go-geom decodes into a layout it cannot otherwise handle.
func checkLayout(g geom.T) error {
	if c, ok := g.(*geom.GeometryCollection); ok {
		for _, sub := range c.Geoms() {
			if err := checkLayout(sub); err != nil {
				return err
			}
		}
		return nil
	}
	switch g.Layout() {
	case geom.NoLayout, geom.XY, geom.XYZ, geom.XYM, geom.XYZM:
		return nil
	default:
		return fmt.Errorf("coordinates have %d values, want 2 to 4", int(g.Layout()))
	}
}

// decodeProperties decodes a properties object, keeping integers exact.
func decodeProperties(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var props map[string]any
	if err := dec.Decode(&props); err != nil {
		return nil, fmt.Errorf("decode properties: %w", err)
	}
	for k, v := range props {
		props[k] = normalizeNumbers(v)
	}
	return props, nil
}

// normalizeNumbers replaces each json.Number in v by an int64 when it is an
// integer that fits, else by a float64.
func normalizeNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64() // the JSON decoder has checked the syntax
		return f
	case []any:
		for i := range v {
			v[i] = normalizeNumbers(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = normalizeNumbers(v[k])
		}
	}
	return v
}

// geojsonID returns the feature ID from the "id" member or the properties.
func geojsonID(raw json.RawMessage, props map[string]any, idProperty string) (string, error) {
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return "", fmt.Errorf("decode id: %w", err)
		}
		switch v := v.(type) {
		case string:
			return v, nil
		case json.Number:
			return v.String(), nil
		default:
			return "", fmt.Errorf("id is %s, want a string or a number", raw)
		}
	}
	return propertyID(props, idProperty), nil
}

// propertyID returns the ID found in props under idProperty, or under the
// default names when idProperty is empty.
func propertyID(props map[string]any, idProperty string) string {
	names := []string{"id", "fid", "code"}
	if idProperty != "" {
		names = []string{idProperty}
	}
	for _, name := range names {
		if v, ok := props[name]; ok && v != nil {
			return formatID(v)
		}
	}
	return ""
}

// formatID formats a property value as an ID.
func formatID(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// geojsonCRSInfo reads the legacy "crs" member.
func geojsonCRSInfo(c *geojsonCRS) (CRSInfo, error) {
	if c == nil {
		return CRSInfo{}, nil
	}
	if c.Type != "name" {
		return CRSInfo{}, fmt.Errorf("landio: geojson crs type %q is not supported: want \"name\"", c.Type)
	}
	code, err := parseCRSName(c.Properties.Name)
	if err != nil {
		return CRSInfo{}, fmt.Errorf("landio: geojson crs: %w", err)
	}
	return CRSInfo{EPSG: code, Name: c.Properties.Name, Origin: OriginFile}, nil
}

// parseCRSName returns the EPSG code of a CRS name such as "EPSG:4490",
// "urn:ogc:def:crs:EPSG::32648" or "urn:ogc:def:crs:OGC:1.3:CRS84".
func parseCRSName(name string) (int, error) {
	upper := strings.ToUpper(strings.TrimSpace(name))
	if strings.HasSuffix(upper, "CRS84") {
		return 4326, nil
	}
	i := strings.LastIndex(upper, "EPSG:")
	if i < 0 {
		return 0, fmt.Errorf("crs name %q has no EPSG code: want a name such as EPSG:4490", name)
	}
	digits := strings.TrimLeft(upper[i+len("EPSG:"):], ":")
	code, err := strconv.Atoi(digits)
	if err != nil || code <= 0 {
		return 0, fmt.Errorf("crs name %q has no valid EPSG code: want a name such as EPSG:4490", name)
	}
	return code, nil
}

// errNoGeometry is reported by writers for features without a geometry.
var errNoGeometry = errors.New("feature has no geometry")
