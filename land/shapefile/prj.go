package shapefile

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// wktNode is one KEYWORD[...] element of a WKT CRS definition.
type wktNode struct {
	keyword  string
	values   []string // quoted strings and numbers, in order
	children []*wktNode
}

// child returns the first child with one of the keywords, or nil.
func (n *wktNode) child(keywords ...string) *wktNode {
	for _, c := range n.children {
		for _, k := range keywords {
			if c.keyword == k {
				return c
			}
		}
	}
	return nil
}

// name returns the first value of n, which WKT uses as the element name.
func (n *wktNode) name() string {
	if n == nil || len(n.values) == 0 {
		return ""
	}
	return n.values[0]
}

// maxWKTDepth bounds the nesting of a .prj definition.
const maxWKTDepth = 16

type wktParser struct {
	s   string
	pos int
}

// parseWKTCRS parses a WKT 1 (or WKT 2) CRS definition into a tree.
func parseWKTCRS(s string) (*wktNode, error) {
	p := &wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("unexpected text at offset %d after the definition", p.pos)
	}
	return n, nil
}

func (p *wktParser) space() {
	for p.pos < len(p.s) && unicode.IsSpace(rune(p.s[p.pos])) {
		p.pos++
	}
}

// node parses KEYWORD[value, ...].
func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, fmt.Errorf("definition nested deeper than %d", maxWKTDepth)
	}
	p.space()
	start := p.pos
	for p.pos < len(p.s) && (p.s[p.pos] == '_' || unicode.IsLetter(rune(p.s[p.pos])) || unicode.IsDigit(rune(p.s[p.pos]))) {
		p.pos++
	}
	n := &wktNode{keyword: strings.ToUpper(p.s[start:p.pos])}
	if n.keyword == "" {
		return nil, fmt.Errorf("keyword expected at offset %d", start)
	}
	p.space()
	if p.pos >= len(p.s) || (p.s[p.pos] != '[' && p.s[p.pos] != '(') {
		return n, nil // a bare keyword such as an axis direction
	}
	p.pos++
	for {
		if err := p.value(n, depth); err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) {
			return nil, errors.New("definition ends inside brackets")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']', ')':
			p.pos++
			return n, nil
		default:
			return nil, fmt.Errorf("',' or ']' expected at offset %d", p.pos)
		}
	}
}

// value parses one quoted string, number or nested node into n.
func (p *wktParser) value(n *wktNode, depth int) error {
	p.space()
	if p.pos >= len(p.s) {
		return errors.New("definition ends inside brackets")
	}
	switch c := p.s[p.pos]; {
	case c == '"':
		end := strings.IndexByte(p.s[p.pos+1:], '"')
		if end < 0 {
			return errors.New("unterminated quoted string")
		}
		n.values = append(n.values, p.s[p.pos+1:p.pos+1+end])
		p.pos += end + 2
	case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
		start := p.pos
		for p.pos < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[p.pos]) >= 0 {
			p.pos++
		}
		n.values = append(n.values, p.s[start:p.pos])
	default:
		child, err := p.node(depth + 1)
		if err != nil {
			return err
		}
		n.children = append(n.children, child)
	}
	return nil
}

// datum is a geodetic datum recognised by name.
type datum int

const (
	datumUnknown datum = iota
	datumWGS84
	datumCGCS2000
)

// normalize lower-cases s and drops everything but letters and digits, so
// that "GCS_China_Geodetic_Coordinate_System_2000" and "China Geodetic
// Coordinate System 2000" compare equal.
func normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// datumOf recognises the datum of a GEOGCS node.
func datumOf(geogcs *wktNode) (datum, string) {
	if geogcs == nil {
		return datumUnknown, ""
	}
	d := geogcs.child("DATUM")
	names := normalize(geogcs.name()) + " " + normalize(d.name())
	switch {
	case strings.Contains(names, "cgcs2000") || strings.Contains(names, "chinageodeticcoordinatesystem2000") ||
		strings.Contains(names, "china2000"):
		return datumCGCS2000, d.name()
	case strings.Contains(names, "wgs84") || strings.Contains(names, "wgs1984"):
		return datumWGS84, d.name()
	}
	return datumUnknown, d.name()
}

// DetectEPSG returns the EPSG code of a .prj WKT definition. It recognises
// an AUTHORITY["EPSG", n] or ID["EPSG", n] on the CRS itself, geographic
// WGS 84 (4326) and CGCS2000 (4490), UTM zones on WGS 84 (32601–32660,
// 32701–32760), and CGCS2000 Gauss-Krüger zones: 3-degree zones 25–45
// with the zone number prefixed to the false easting (4513–4533) or not
// (4534–4554), and 6-degree zones 13–23 (4491–4501 prefixed, 4502–4512
// not). A 3-degree zone and a 6-degree zone on the same central meridian
// are the same projection; the CRS name decides, and 3-degree is assumed
// when the name does not say "6 degree".
func DetectEPSG(wkt string) (int, error) {
	root, err := parseWKTCRS(wkt)
	if err != nil {
		return 0, fmt.Errorf("parse .prj: %w", err)
	}
	if code, ok := authorityCode(root); ok {
		return code, nil
	}
	switch root.keyword {
	case "GEOGCS", "GEOGCRS", "GEOGRAPHICCRS":
		return geographicEPSG(root)
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return projectedEPSG(root)
	}
	return 0, fmt.Errorf("CRS kind %s is not supported: want GEOGCS or PROJCS", root.keyword)
}

// authorityCode returns the EPSG code attached to n itself.
func authorityCode(n *wktNode) (int, bool) {
	a := n.child("AUTHORITY", "ID")
	if a == nil || len(a.values) < 2 || !strings.EqualFold(a.values[0], "EPSG") {
		return 0, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(a.values[1]))
	return code, err == nil && code > 0
}

func geographicEPSG(n *wktNode) (int, error) {
	switch d, name := datumOf(n); d {
	case datumWGS84:
		return 4326, nil
	case datumCGCS2000:
		return 4490, nil
	default:
		return 0, fmt.Errorf("datum %q of %q is not supported: want WGS 84 or CGCS2000", name, n.name())
	}
}

// tmParams are the parameters of a transverse Mercator projection.
type tmParams struct {
	centralMeridian, scale, falseEasting, falseNorthing, latitudeOfOrigin float64
}

func projectedEPSG(n *wktNode) (int, error) {
	geog := n.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS")
	d, datumName := datumOf(geog)
	method := n.child("PROJECTION", "METHOD", "CONVERSION")
	if c := n.child("CONVERSION"); c != nil {
		method = c.child("METHOD")
	}
	switch normalize(method.name()) {
	case "transversemercator", "gausskruger", "gausskrueger":
	default:
		return 0, fmt.Errorf("projection %q of %q is not supported: want Transverse_Mercator", method.name(), n.name())
	}
	p := readTMParams(n)
	if p.latitudeOfOrigin != 0 {
		return 0, fmt.Errorf("latitude of origin %g of %q is not 0", p.latitudeOfOrigin, n.name())
	}
	switch d {
	case datumWGS84:
		return utmEPSG(n.name(), p)
	case datumCGCS2000:
		return gaussKrugerEPSG(n.name(), p)
	}
	return 0, fmt.Errorf("datum %q of %q is not supported: want WGS 84 or CGCS2000", datumName, n.name())
}

// readTMParams reads the PARAMETER elements of n (or of its CONVERSION).
func readTMParams(n *wktNode) tmParams {
	p := tmParams{scale: 1}
	holders := []*wktNode{n}
	if c := n.child("CONVERSION"); c != nil {
		holders = append(holders, c)
	}
	for _, h := range holders {
		for _, c := range h.children {
			if c.keyword != "PARAMETER" || len(c.values) < 2 {
				continue
			}
			v, err := strconv.ParseFloat(c.values[1], 64)
			if err != nil {
				continue
			}
			switch normalize(c.values[0]) {
			case "centralmeridian", "longitudeofnaturalorigin":
				p.centralMeridian = v
			case "scalefactor", "scalefactoratnaturalorigin":
				p.scale = v
			case "falseeasting":
				p.falseEasting = v
			case "falsenorthing":
				p.falseNorthing = v
			case "latitudeoforigin", "latitudeofnaturalorigin":
				p.latitudeOfOrigin = v
			}
		}
	}
	return p
}

// near reports whether a and b differ by less than 1e-6.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func utmEPSG(name string, p tmParams) (int, error) {
	zone := (p.centralMeridian + 183) / 6
	if !near(p.scale, 0.9996) || !near(p.falseEasting, 500000) || !near(zone, math.Round(zone)) ||
		zone < 1 || zone > 60 {
		return 0, fmt.Errorf("%q is not a UTM zone: central meridian %g, scale %g, false easting %g",
			name, p.centralMeridian, p.scale, p.falseEasting)
	}
	switch {
	case near(p.falseNorthing, 0):
		return 32600 + int(math.Round(zone)), nil
	case near(p.falseNorthing, 10000000):
		return 32700 + int(math.Round(zone)), nil
	}
	return 0, fmt.Errorf("%q has false northing %g, want 0 or 10000000 for UTM", name, p.falseNorthing)
}

func gaussKrugerEPSG(name string, p tmParams) (int, error) {
	if !near(p.scale, 1) || !near(p.falseNorthing, 0) {
		return 0, fmt.Errorf("%q is not a CGCS2000 Gauss-Krüger zone: scale %g, false northing %g",
			name, p.scale, p.falseNorthing)
	}
	cm := p.centralMeridian
	sixDegree := strings.Contains(normalize(name), "6degree")
	if !sixDegree && near(cm/3, math.Round(cm/3)) {
		zone := int(math.Round(cm / 3))
		if zone >= 25 && zone <= 45 {
			return zoneEPSG(name, p, zone, 4513, 4534, 25)
		}
	}
	zone := (cm + 3) / 6
	if near(zone, math.Round(zone)) && zone >= 13 && zone <= 23 {
		return zoneEPSG(name, p, int(math.Round(zone)), 4491, 4502, 13)
	}
	return 0, fmt.Errorf("%q: central meridian %g is not that of a CGCS2000 Gauss-Krüger zone in China", name, cm)
}

// zoneEPSG picks the code with or without zone prefix from the false
// easting: zone×1,000,000 + 500,000 or 500,000.
func zoneEPSG(name string, p tmParams, zone, prefixedBase, plainBase, firstZone int) (int, error) {
	switch {
	case near(p.falseEasting, 500000):
		return plainBase + zone - firstZone, nil
	case near(p.falseEasting, float64(zone)*1e6+500000):
		return prefixedBase + zone - firstZone, nil
	}
	return 0, fmt.Errorf("%q: false easting %g, want 500000 or %d500000 for zone %d",
		name, p.falseEasting, zone, zone)
}
