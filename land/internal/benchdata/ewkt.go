package benchdata

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/twpayne/go-geom"
)

// ParsePolygon parses the EWKT that genplots writes,
// "SRID=4326;POLYGON((lon lat,lon lat,...),(...))", into a polygon with
// layout XY. The SRID prefix is optional but must be 4326 when present.
// Rings must be closed and have at least 4 positions. It parses only this
// form: no Z or M, no EMPTY, no other geometry types.
func ParsePolygon(s string) (*geom.Polygon, error) {
	body, err := stripSRID(s)
	if err != nil {
		return nil, err
	}
	rest, ok := strings.CutPrefix(strings.TrimSpace(body), "POLYGON")
	rest = strings.TrimSpace(rest)
	if !ok || !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		return nil, fmt.Errorf("invalid polygon %q: expected POLYGON((lon lat,...))", abbreviate(s))
	}
	rest = rest[1 : len(rest)-1]

	var flat []float64
	var ends []int
	for rest != "" {
		ring, tail, err := cutRing(rest)
		if err != nil {
			return nil, err
		}
		if flat, err = appendRing(flat, ring); err != nil {
			return nil, err
		}
		ends = append(ends, len(flat))
		rest = tail
	}
	if len(ends) == 0 {
		return nil, fmt.Errorf("invalid polygon %q: no rings", abbreviate(s))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends), nil
}

func stripSRID(s string) (string, error) {
	prefix, body, ok := strings.Cut(s, ";")
	if !ok {
		return s, nil
	}
	if strings.TrimSpace(prefix) != "SRID=4326" {
		return "", fmt.Errorf("unsupported SRID prefix %q: expected SRID=4326", prefix)
	}
	return body, nil
}

// cutRing splits "(x y,...),(...)" into the first ring's coordinate text
// and the remainder after its separating comma.
func cutRing(s string) (ring, tail string, err error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "(") {
		return "", "", fmt.Errorf("invalid ring %q: expected (lon lat,...)", abbreviate(s))
	}
	end := strings.IndexByte(s, ')')
	if end < 0 {
		return "", "", fmt.Errorf("invalid ring %q: missing )", abbreviate(s))
	}
	ring, tail = s[1:end], strings.TrimSpace(s[end+1:])
	if tail != "" {
		var ok bool
		if tail, ok = strings.CutPrefix(tail, ","); !ok {
			return "", "", fmt.Errorf("invalid ring list %q: expected , between rings", abbreviate(s))
		}
	}
	return ring, tail, nil
}

func appendRing(flat []float64, ring string) ([]float64, error) {
	start := len(flat)
	for pos := range strings.SplitSeq(ring, ",") {
		xs, ys, ok := strings.Cut(strings.TrimSpace(pos), " ")
		if !ok {
			return nil, fmt.Errorf("invalid position %q: expected \"lon lat\"", pos)
		}
		x, errX := strconv.ParseFloat(xs, 64)
		y, errY := strconv.ParseFloat(strings.TrimSpace(ys), 64)
		if errX != nil || errY != nil {
			return nil, fmt.Errorf("invalid position %q: expected two decimal numbers", pos)
		}
		flat = append(flat, x, y)
	}
	n := len(flat) - start
	if n < 8 {
		return nil, fmt.Errorf("invalid ring %q: %d positions, expected at least 4", abbreviate(ring), n/2)
	}
	if flat[start] != flat[len(flat)-2] || flat[start+1] != flat[len(flat)-1] {
		return nil, fmt.Errorf("invalid ring %q: not closed", abbreviate(ring))
	}
	return flat, nil
}

func abbreviate(s string) string {
	const limit = 60
	if len(s) <= limit {
		return s
	}
	return s[:limit] + "..."
}

// FormatPolygon returns p as "SRID=4326;POLYGON((lon lat,...))" with each
// coordinate in the shortest form that parses back to the same float64, so
// a database loaded from it holds exactly the coordinates of p.
func FormatPolygon(p *geom.Polygon) string {
	b := []byte("SRID=4326;POLYGON(")
	flat, stride, start := p.FlatCoords(), p.Stride(), 0
	for r, end := range p.Ends() {
		if r > 0 {
			b = append(b, ',')
		}
		b = append(b, '(')
		for k := start; k < end; k += stride {
			if k > start {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, flat[k], 'f', -1, 64)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, flat[k+1], 'f', -1, 64)
		}
		b = append(b, ')')
		start = end
	}
	return string(append(b, ')'))
}
