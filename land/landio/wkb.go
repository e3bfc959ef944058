package landio

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/shuxiang/shuxiang/land/landio/wkbcheck"
)

// ReadWKB reads well-known binary from r: either raw bytes holding one or
// more concatenated WKB or EWKB geometries, or text holding one hex-encoded
// geometry per line, as PostGIS prints them. The SRID of the first EWKB
// geometry sets the CRS of the file; a geometry with another SRID gets
// [Feature.Err]. Raw input cannot be resynchronised after a corrupt
// geometry, so decoding stops there and the last feature carries the
// error. Features have no ID or properties.
func ReadWKB(r io.Reader, opts Options) ([]Feature, CRSInfo, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, CRSInfo{}, fmt.Errorf("landio: read wkb: %w", err)
	}
	var (
		features []Feature
		crs      CRSInfo
	)
	if text, ok := hexText(data); ok {
		features, err = decodeHexWKB(text, &crs)
	} else {
		features = decodeRawWKB(data, &crs)
	}
	if err != nil {
		return nil, CRSInfo{}, err
	}
	return finish(features, crs, opts)
}

// decodeRawWKB decodes concatenated geometries.
func decodeRawWKB(data []byte, crs *CRSInfo) []Feature {
	var features []Feature
	for i := 0; len(data) > 0; i++ {
		f, n := decodeWKBFeature(i, data, crs)
		features = append(features, f)
		if f.Err != nil && n == 0 {
			break
		}
		data = data[n:]
	}
	return features
}

// decodeHexWKB decodes one hex geometry per non-blank line.
func decodeHexWKB(data []byte, crs *CRSInfo) ([]Feature, error) {
	var features []Feature
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), maxRecordBytes)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		i := len(features)
		raw, err := hex.DecodeString(string(line))
		if err != nil {
			err = newFeatureError(i, "", fmt.Errorf("decode hex: %w", err))
			features = append(features, Feature{Index: i, Err: err})
			continue
		}
		f, n := decodeWKBFeature(i, raw, crs)
		if f.Err == nil && n != len(raw) {
			f.Geometry = nil
			f.Err = newFeatureError(i, "", fmt.Errorf("%d bytes after the geometry", len(raw)-n))
		}
		features = append(features, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("landio: read hex wkb: %w", err)
	}
	return features, nil
}

// decodeWKBFeature decodes the geometry at the start of data and returns
// the feature and the number of bytes it used, 0 when the structure is
// corrupt.
func decodeWKBFeature(i int, data []byte, crs *CRSInfo) (Feature, int) {
	f := Feature{Index: i}
	g, info, err := wkbcheck.Decode(data)
	if err == nil && info.SRID > 0 {
		err = settleSRID(crs, info.SRID)
	}
	if err != nil {
		f.Err = newFeatureError(i, "", err)
		if _, scanErr := wkbcheck.Scan(data); scanErr != nil {
			return f, 0
		}
		return f, info.Len
	}
	f.Geometry = g
	return f, info.Len
}

// hexText returns data without a UTF-8 byte order mark and reports
// whether it is hex text rather than raw WKB. Raw WKB starts with the byte
// order 0 or 1, so input whose first byte other than white space is a hex
// digit is text. A later line that contains other characters then becomes
// a feature with [Feature.Err].
func hexText(data []byte) ([]byte, bool) {
	text := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(text, " \t\r\n")
	if len(trimmed) == 0 {
		return text, false
	}
	c := trimmed[0]
	return text, c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isHexText reports whether data is non-empty text of hex digits and
// white space only.
func isHexText(data []byte) bool {
	seen := false
	for _, c := range data {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			seen = true
		case c == ' ', c == '\t', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return seen
}
