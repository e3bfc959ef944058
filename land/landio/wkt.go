package landio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/wkt"
)

// maxRecordBytes is the largest WKT or hex WKB record the readers accept.
const maxRecordBytes = 64 << 20

// ReadWKT reads well-known text from r: one geometry per record, where a
// record ends at the first line break after its brackets balance, so one
// geometry may span several lines. A line that starts with a geometry
// keyword while brackets are still open ends the broken record before it.
// Blank lines are skipped and do not count as records. A GEOMETRYCOLLECTION is one feature. A record may start with a
// PostGIS "SRID=4490;" prefix, which sets the CRS of the file; a record
// with another SRID gets [Feature.Err]. Features have no ID or properties.
func ReadWKT(r io.Reader, opts Options) ([]Feature, CRSInfo, error) {
	records, err := splitWKT(r)
	if err != nil {
		return nil, CRSInfo{}, err
	}
	var crs CRSInfo
	features := make([]Feature, len(records))
	for i, rec := range records {
		features[i] = decodeWKTRecord(i, rec, &crs)
	}
	return finish(features, crs, opts)
}

// decodeWKTRecord decodes one record, setting crs from the first SRID.
func decodeWKTRecord(i int, rec string, crs *CRSInfo) Feature {
	f := Feature{Index: i}
	srid, text, err := cutSRID(rec)
	if err == nil && srid != 0 {
		err = settleSRID(crs, srid)
	}
	if err == nil {
		f.Geometry, err = decodeWKT(text)
	}
	if err != nil {
		f.Geometry, f.Err = nil, newFeatureError(i, "", err)
	}
	return f
}

// settleSRID records srid as the file's CRS or checks that it matches the
// SRID of earlier records.
func settleSRID(crs *CRSInfo, srid int) error {
	if crs.EPSG == 0 {
		crs.EPSG, crs.Origin = srid, OriginFile
		return nil
	}
	if crs.EPSG != srid {
		return fmt.Errorf("SRID %d differs from SRID %d of the earlier records", srid, crs.EPSG)
	}
	return nil
}

// decodeWKT parses one geometry.
func decodeWKT(text string) (g geom.T, err error) {
	g, err = wkt.Unmarshal(text)
	if err != nil {
		return nil, fmt.Errorf("decode wkt %q: %w", abbreviate(text), firstLineError{err})
	}
	return g, nil
}

// firstLineError shows only the first line of an error whose message spans
// several, as go-geom's WKT syntax errors do with a caret diagram.
type firstLineError struct{ err error }

func (e firstLineError) Error() string {
	msg, _, _ := strings.Cut(e.err.Error(), "\n")
	return msg
}

func (e firstLineError) Unwrap() error { return e.err }

// cutSRID splits an EWKT "SRID=n;" prefix from rec.
func cutSRID(rec string) (int, string, error) {
	if len(rec) < 5 || !strings.EqualFold(rec[:5], "SRID=") {
		return 0, rec, nil
	}
	digits, text, ok := strings.Cut(rec[5:], ";")
	if !ok {
		return 0, "", fmt.Errorf("SRID prefix %q has no ';'", abbreviate(rec))
	}
	srid, err := strconv.Atoi(strings.TrimSpace(digits))
	if err != nil || srid <= 0 {
		return 0, "", fmt.Errorf("SRID %q is not a positive integer", digits)
	}
	return srid, strings.TrimSpace(text), nil
}

// splitWKT splits r into records at line breaks outside brackets.
func splitWKT(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxRecordBytes)
	var (
		records []string
		current strings.Builder
		depth   int
	)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 && depth <= 0 {
			continue
		}
		if depth > 0 && startsGeometry(line) {
			// The brackets of the record before never closed.
			records = append(records, current.String())
			current.Reset()
			depth = 0
		}
		if current.Len() > 0 {
			current.WriteByte(' ')
		}
		current.Write(line)
		if current.Len() > maxRecordBytes {
			return nil, fmt.Errorf("landio: wkt record %d is longer than %d bytes", len(records), maxRecordBytes)
		}
		depth += bytes.Count(line, []byte("(")) - bytes.Count(line, []byte(")"))
		if depth <= 0 {
			records = append(records, current.String())
			current.Reset()
			depth = 0
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("landio: read wkt: %w", err)
	}
	if current.Len() > 0 {
		records = append(records, current.String())
	}
	return records, nil
}

// startsGeometry reports whether line begins with a geometry keyword or
// an SRID prefix rather than continuing a geometry (brackets, numbers or
// the words Z, M, ZM and EMPTY).
func startsGeometry(line []byte) bool {
	end := bytes.IndexFunc(line, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	})
	if end < 0 {
		end = len(line)
	}
	switch strings.ToUpper(string(line[:end])) {
	case "", "Z", "M", "ZM", "EMPTY":
		return false
	}
	return true
}

// abbreviate shortens s for an error message.
func abbreviate(s string) string {
	const n = 60
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
