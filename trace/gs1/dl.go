package gs1

import (
	"sort"
	"strings"
)

// CanonicalStem is the scheme and host of canonical GS1 Digital Link URIs,
// GS1's own resolver.
const CanonicalStem = "https://id.gs1.org"

// DigitalLink is a parsed GS1 Digital Link URI, such as
// https://example.com/01/09520123456788/10/ABC1?17=261231: a stem, a
// primary key with its key qualifiers in the path, and data attributes in
// the query string.
type DigitalLink struct {
	// Stem is the scheme, host and any path before the primary key, without
	// a trailing slash: "https://example.com".
	Stem string
	// Elements holds the primary key, then the key qualifiers in path order,
	// then the data attributes in query-string order, all decoded.
	Elements Elements
	// PathLen is the number of Elements in the path: 1 for the primary key
	// plus the number of key qualifiers.
	PathLen int
	// Params holds the query parameters that are not AIs, such as
	// "linkType=gs1:pip", exactly as written (still percent-encoded).
	Params []string
	// Fragment is the text after "#", without it.
	Fragment string
}

// Key returns the primary key element.
func (d DigitalLink) Key() Element {
	if len(d.Elements) == 0 {
		return Element{}
	}
	return d.Elements[0]
}

// Qualifiers returns the key qualifiers in path order.
func (d DigitalLink) Qualifiers() Elements {
	if d.PathLen < 1 {
		return nil
	}
	return d.Elements[1:d.PathLen]
}

// Attributes returns the AI data attributes of the query string.
func (d DigitalLink) Attributes() Elements { return d.Elements[d.PathLen:] }

// String returns the URI: the stem, the path elements, then a query string
// of the attributes followed by Params, then the fragment. Values are
// percent-encoded with [PathEscape] and [QueryEscape]. String does not
// check the content.
func (d DigitalLink) String() string { return string(d.AppendURI(nil)) }

// AppendURI appends the URI that String returns to dst.
func (d DigitalLink) AppendURI(dst []byte) []byte {
	dst = append(dst, strings.TrimSuffix(d.Stem, "/")...)
	for _, e := range d.Elements[:d.PathLen] {
		dst = append(dst, '/')
		dst = append(dst, e.AI...)
		dst = append(dst, '/')
		dst = appendEscaped(dst, e.Value, false)
	}
	sep := byte('?')
	for _, e := range d.Elements[d.PathLen:] {
		dst = append(dst, sep)
		dst = append(dst, e.AI...)
		dst = append(dst, '=')
		dst = appendEscaped(dst, e.Value, true)
		sep = '&'
	}
	for _, p := range d.Params {
		dst = append(dst, sep)
		dst = append(dst, p...)
		sep = '&'
	}
	if d.Fragment != "" {
		dst = append(dst, '#')
		dst = append(dst, d.Fragment...)
	}
	return dst
}

// uriChars marks the characters that RFC 3986 allows in a URI, including
// "%" of percent-encoding.
var uriChars = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")

// badHostChars marks URI characters that a host cannot hold: the
// sub-delimiters and characters of other URI parts. A zone identifier in an
// IPv6 literal needs "%" and is rejected with it.
var badHostChars = charTable("_~?#@!$&'()*+,;=%")

// unreserved marks the characters that need no percent-encoding in a path
// segment or query value.
var unreserved = charTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

func charTable(s string) (t [256]bool) {
	for i := 0; i < len(s); i++ {
		t[s[i]] = true
	}
	return t
}

// convenienceAlphas maps the short names of GS1 Digital Link 1.0 and 1.1 to
// their AIs.
var convenienceAlphas = map[string]string{
	"cpid": "8010", "cpsn": "8011", "cpv": "22", "gcn": "255", "gdti": "253",
	"giai": "8004", "ginc": "401", "gln": "414", "glnx": "254", "gmn": "8013",
	"grai": "8003", "gsin": "402", "gsrn": "8018", "gsrnp": "8017", "gtin": "01",
	"itip": "8006", "lot": "10", "party": "417", "refno": "8020", "ser": "21",
	"srin": "8019", "sscc": "00",
}

// ParseDigitalLink reads a GS1 Digital Link URI with a default [Parser].
func ParseDigitalLink(uri string) (DigitalLink, error) { return Parser{}.ParseDigitalLink(uri) }

// ParseDigitalLink reads a GS1 Digital Link URI as GS1 Digital Link: URI
// syntax 1.2 and later define it. The scheme is http or https, in lower or
// upper case, followed by a host and any path of the stem. The rightmost
// "/AI/value" pair whose AI is a primary key starts the GS1 part of the
// path, and key qualifiers of that key follow in their standard order. In
// the query string, numeric keys must be AIs permitted as data attributes;
// other parameters are kept in Params. Values are percent-decoded, and "+"
// means a space only in the query string. An empty query or fragment is
// allowed, a trailing "/" is not.
//
// Each value is checked as [Parser.ValidateValue] does, no AI may occur
// twice, and an attribute that is a key qualifier of the path must be in
// the path. The AI associations are checked unless p.SkipAssociationChecks.
func (p Parser) ParseDigitalLink(uri string) (DigitalLink, error) {
	var d DigitalLink
	for i := 0; i < len(uri); i++ {
		if !uriChars[uri[i]] {
			return d, &Error{Reason: InvalidURI, Value: uri, Pos: i, Detail: "percent-encode this character"}
		}
	}
	rest, ok := cutScheme(uri)
	if !ok {
		return d, newError(InvalidScheme, "", uri, `a GS1 Digital Link starts "https://" or "http://"`)
	}
	slash := strings.IndexByte(rest, '/')
	host := rest
	if slash >= 0 {
		host = rest[:slash]
	}
	if err := checkHost(host); err != nil {
		return d, err
	}
	if slash < 0 {
		return d, newError(NoPrimaryKey, "", uri, "the URI has no path")
	}
	path := rest[slash:]
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, d.Fragment = path[:i], path[i+1:]
	}
	query, hasQuery := "", false
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query, hasQuery = path[:i], path[i+1:], true
	}
	keyAt := p.findKey(path)
	if keyAt < 0 {
		return d, newError(NoPrimaryKey, "", path, "no /AI/value pair with a primary key AI such as 01 or 00")
	}
	d.Stem = uri[:len(uri)-len(rest)+slash+keyAt]
	d.Elements = make(Elements, 0, 4)
	if err := p.readPath(&d, path[keyAt:]); err != nil {
		return DigitalLink{}, err
	}
	if hasQuery {
		if err := p.readQuery(&d, query); err != nil {
			return DigitalLink{}, err
		}
	}
	if err := p.checkLink(&d); err != nil {
		return DigitalLink{}, err
	}
	return d, p.associations(d.Elements)
}

// cutScheme returns uri after "http://" or "https://", which must be all
// lower or all upper case.
func cutScheme(uri string) (string, bool) {
	for _, scheme := range [...]string{"https://", "HTTPS://", "http://", "HTTP://"} {
		if rest, ok := strings.CutPrefix(uri, scheme); ok {
			return rest, true
		}
	}
	return "", false
}

// checkHost checks the characters of a host with its port. It does not
// check the form of names or IP addresses, which keeps new forms usable.
func checkHost(host string) error {
	if host == "" {
		return newError(InvalidHost, "", host, "the URI has no host")
	}
	for i := 0; i < len(host); i++ {
		if badHostChars[host[i]] {
			return &Error{Reason: InvalidHost, Value: host, Pos: i}
		}
	}
	return nil
}

// findKey returns the offset in path of the "/" that starts the rightmost
// "/AI/value" pair whose AI is a primary key, walking back pair by pair
// over AIs, or -1.
func (p Parser) findKey(path string) int {
	end := len(path)
	for {
		valueSlash := strings.LastIndexByte(path[:end], '/')
		if valueSlash <= 0 {
			return -1
		}
		aiSlash := strings.LastIndexByte(path[:valueSlash], '/')
		if aiSlash < 0 {
			return -1
		}
		a := p.pathAI(path[aiSlash+1 : valueSlash])
		if a == nil {
			return -1
		}
		if a.PrimaryKey {
			return aiSlash
		}
		end = aiSlash
	}
}

// pathAI returns the AI of a path segment: a known AI, an unknown AI when p
// permits them, or the AI of a convenience alpha when p permits those.
func (p Parser) pathAI(seg string) *AI {
	if p.PermitConvenienceAlphas && len(seg) >= 3 && !isDigit(seg[0]) {
		if code, ok := convenienceAlphas[seg]; ok {
			return aiTable.get(code)
		}
	}
	return p.lookupAI(seg)
}

// readPath reads the "/AI/value" pairs of the path from the primary key on.
func (p Parser) readPath(d *DigitalLink, path string) error {
	for path != "" {
		aiEnd := strings.IndexByte(path[1:], '/') + 1
		a := p.pathAI(path[1:aiEnd])
		value := path[aiEnd+1:]
		next := strings.IndexByte(value, '/')
		if next >= 0 {
			value, path = value[:next], value[next:]
		} else {
			path = ""
		}
		if err := p.addValue(d, a, value, false); err != nil {
			return err
		}
	}
	d.PathLen = len(d.Elements)
	return nil
}

// readQuery reads the query string: AI data attributes into d.Elements and
// other parameters into d.Params.
func (p Parser) readQuery(d *DigitalLink, query string) error {
	for query != "" {
		param := query
		if i := strings.IndexByte(query, '&'); i >= 0 {
			param, query = query[:i], query[i+1:]
		} else {
			query = ""
		}
		if param == "" {
			continue
		}
		key, value, ok := strings.Cut(param, "=")
		if !ok || !allDigits(key) {
			d.Params = append(d.Params, param)
			continue
		}
		a, err := p.exactAI(key)
		if err != nil {
			return newError(UnknownAI, key, value, "a numeric query parameter must be an AI")
		}
		if err := p.addValue(d, a, value, true); err != nil {
			return err
		}
	}
	return nil
}

// addValue decodes and checks one AI value and appends it to d.Elements.
func (p Parser) addValue(d *DigitalLink, a *AI, raw string, query bool) error {
	if raw == "" {
		return newError(EmptyValue, a.Code, raw, "")
	}
	value, err := unescape(raw, query)
	if err != nil {
		err.(*Error).AI = a.Code
		return err
	}
	if a.Code == "01" && p.PermitZeroSuppressedGTIN {
		switch len(value) {
		case 8, 12, 13:
			value = "00000000000000"[:14-len(value)] + value
		}
	}
	if err := p.checkValue(a, value); err != nil {
		return err
	}
	d.Elements = append(d.Elements, Element{AI: a.Code, Value: value})
	return nil
}

// checkLink checks the path sequence, repeated AIs and the attributes.
func (p Parser) checkLink(d *DigitalLink) error {
	var buf [16]string
	path := buf[:0]
	for _, e := range d.Elements[:d.PathLen] {
		path = append(path, e.AI)
	}
	if !validPath(path) {
		if !p.SortKeyQualifiers || !sortQualifiers(d) {
			return newError(InvalidQualifiers, d.Elements[0].AI, strings.Join(path, "/"),
				"key qualifiers of ("+d.Elements[0].AI+") in their order: "+qualifierOrder(d.Elements[0].AI))
		}
		path = path[:0]
		for _, e := range d.Elements[:d.PathLen] {
			path = append(path, e.AI)
		}
	}
	for i, e := range d.Elements {
		for _, f := range d.Elements[i+1:] {
			if e.AI == f.AI {
				return newError(DuplicateAI, e.AI, f.Value, "each AI may occur only once in a Digital Link URI")
			}
		}
	}
	for _, e := range d.Elements[d.PathLen:] {
		if err := p.checkAttribute(e, path); err != nil {
			return err
		}
	}
	return nil
}

// checkAttribute checks that e may be a data attribute of a URI with the
// given path AIs: it is permitted as an attribute and is not a key
// qualifier that fits into the path.
func (p Parser) checkAttribute(e Element, path []string) error {
	a, known := Lookup(e.AI)
	if known && !a.DataAttribute || !known && !p.UnknownAIsAsDataAttributes {
		return newError(NotDataAttribute, e.AI, e.Value, "")
	}
	var buf [16]string
	trial := buf[:0]
	if len(path) >= len(buf) {
		trial = make([]string, 0, len(path)+1)
	}
	trial = trial[:len(path)+1]
	for at := 1; at <= len(path); at++ {
		copy(trial, path[:at])
		trial[at] = e.AI
		copy(trial[at+1:], path[at:])
		if validPath(trial) {
			return newError(BelongsInPath, e.AI, e.Value, "write it as /"+e.AI+"/ in the path")
		}
	}
	return nil
}

// qualifierOrder describes the qualifier sequences of key for messages.
func qualifierOrder(key string) string {
	a, ok := Lookup(key)
	if !ok || len(a.Qualifiers) == 0 {
		return "none"
	}
	alts := make([]string, len(a.Qualifiers))
	for i, seq := range a.Qualifiers {
		alts[i] = strings.Join(seq, ", ")
	}
	return strings.Join(alts, " or ")
}

// sortQualifiers puts the key qualifiers of d in the order of the first
// qualifier sequence of its key that holds them all, and reports whether
// there is one.
func sortQualifiers(d *DigitalLink) bool {
	a, ok := Lookup(d.Elements[0].AI)
	if !ok {
		return false
	}
	quals := d.Elements[1:d.PathLen]
	for _, seq := range a.Qualifiers {
		rank := func(code string) int {
			for i, q := range seq {
				if q == code {
					return i
				}
			}
			return -1
		}
		fits := true
		for _, q := range quals {
			fits = fits && rank(q.AI) >= 0
		}
		if fits {
			sort.SliceStable(quals, func(i, j int) bool { return rank(quals[i].AI) < rank(quals[j].AI) })
			return true
		}
	}
	return false
}
