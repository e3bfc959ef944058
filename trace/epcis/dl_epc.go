package epcis

import (
	"net/url"
	"strings"
)

// epcURNToDL converts an EPC pure identity URN (urn:epc:id:), an EPC class URN
// (urn:epc:class:lgtin:) or an EPC pattern URN (urn:epc:idpat:) into the constrained
// canonical Digital Link. The GS1 EPC Tag Data Standard maps each EPC scheme to a GS1 key.
// A pattern loses its wildcard part.
func epcURNToDL(s string) (string, bool) {
	rest := strings.TrimPrefix(s, "urn:epc:")
	kind, rest, ok := strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	scheme, body, ok := strings.Cut(rest, ":")
	if !ok {
		return "", false
	}
	parts := strings.Split(body, ".")
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return "", false
		}
		parts[i] = v
	}
	switch kind {
	case "id":
		return epcIDToDL(scheme, parts)
	case "class":
		if scheme != "lgtin" || len(parts) != 3 || parts[2] == "" {
			return "", false
		}
		gtin, ok := gtinFromEPC(parts[0], parts[1])
		return dl("01", gtin, "10", parts[2]), ok
	case "idpat":
		if len(parts) < 2 || parts[len(parts)-1] != "*" {
			return "", false
		}
		return epcPatternToDL(scheme, parts[:len(parts)-1])
	}
	return "", false
}

// dl builds a canonical Digital Link from AI and value pairs; an empty value ends it.
func dl(pairs ...string) string {
	var b strings.Builder
	b.WriteString(canonicalDLBase)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			break
		}
		b.WriteString("/" + pairs[i] + "/" + escapeDLValue(pairs[i+1]))
	}
	return b.String()
}

// gtinFromEPC builds a GTIN-14 from an EPC company prefix and indicator plus item
// reference: the indicator digit moves to the front and the check digit is appended.
func gtinFromEPC(company, indicatorItem string) (string, bool) {
	if !allDigits(company) || !allDigits(indicatorItem) || len(company)+len(indicatorItem) != 13 {
		return "", false
	}
	body := indicatorItem[:1] + company + indicatorItem[1:]
	return body + string(gs1CheckDigit(body)), true
}

// withCheck appends the check digit to a company prefix and reference of n digits in all.
func withCheck(company, ref string, n int) (string, bool) {
	body := company + ref
	if !allDigits(body) || len(body) != n {
		return "", false
	}
	return body + string(gs1CheckDigit(body)), true
}

func epcIDToDL(scheme string, p []string) (string, bool) {
	if n := epcSchemeParts(scheme); n == 0 || len(p) != n {
		return "", false
	}
	switch scheme {
	case "sgtin":
		gtin, ok := gtinFromEPC(p[0], p[1])
		return dl("01", gtin, "21", p[2]), ok && p[2] != ""
	case "upui":
		gtin, ok := gtinFromEPC(p[0], p[1])
		return dl("01", gtin, "235", p[2]), ok && p[2] != ""
	case "itip":
		gtin, ok := gtinFromEPC(p[0], p[1])
		ok = ok && len(p[2]) == 2 && len(p[3]) == 2 && allDigits(p[2]+p[3]) && p[4] != ""
		return dl("8006", gtin+p[2]+p[3], "21", p[4]), ok
	case "sscc":
		if p[1] == "" {
			return "", false
		}
		sscc, ok := withCheck(p[1][:1]+p[0], p[1][1:], 17)
		return dl("00", sscc), ok
	case "sgln":
		gln, ok := withCheck(p[0], p[1], 12)
		ext := p[2]
		if ext == "0" {
			ext = ""
		}
		return dl("414", gln, "254", ext), ok
	case "pgln":
		gln, ok := withCheck(p[0], p[1], 12)
		return dl("417", gln), ok
	case "gsrn", "gsrnp":
		key, ok := withCheck(p[0], p[1], 17)
		return dl(epcSchemeAI(scheme), key), ok
	case "gsin":
		key, ok := withCheck(p[0], p[1], 16)
		return dl("402", key), ok
	case "grai":
		key, ok := withCheck(p[0], p[1], 12)
		return dl("8003", "0"+key+p[2]), ok
	case "gdti", "sgcn":
		key, ok := withCheck(p[0], p[1], 12)
		return dl(epcSchemeAI(scheme), key+p[2]), ok
	case "giai":
		return dl("8004", p[0]+p[1]), allDigits(p[0]) && p[1] != ""
	case "ginc":
		return dl("401", p[0]+p[1]), allDigits(p[0]) && p[1] != ""
	case "cpi":
		return dl("8010", p[0]+p[1], "8011", p[2]), allDigits(p[0]) && p[1] != ""
	}
	return "", false
}

// epcPatternToDL converts the fixed fields of an EPC pattern URN (its wildcard removed).
func epcPatternToDL(scheme string, p []string) (string, bool) {
	switch {
	case (scheme == "sgtin" || scheme == "upui") && len(p) == 2:
		gtin, ok := gtinFromEPC(p[0], p[1])
		return dl("01", gtin), ok
	case scheme == "itip" && len(p) == 4:
		gtin, ok := gtinFromEPC(p[0], p[1])
		return dl("8006", gtin+p[2]+p[3]), ok && allDigits(p[2]+p[3])
	case scheme == "grai" && len(p) == 2:
		key, ok := withCheck(p[0], p[1], 12)
		return dl("8003", "0"+key), ok
	case (scheme == "gdti" || scheme == "sgcn") && len(p) == 2:
		key, ok := withCheck(p[0], p[1], 12)
		return dl(epcSchemeAI(scheme), key), ok
	case scheme == "sgln" && len(p) == 2:
		gln, ok := withCheck(p[0], p[1], 12)
		return dl("414", gln), ok
	case scheme == "cpi" && len(p) == 2:
		return dl("8010", p[0]+p[1]), allDigits(p[0]) && p[1] != ""
	}
	return "", false
}

// epcSchemeParts returns how many dot-separated parts an EPC pure identity URN of the
// scheme has, or 0 for a scheme without a GS1 key.
func epcSchemeParts(scheme string) int {
	switch scheme {
	case "sscc", "giai", "gsrn", "gsrnp", "ginc", "gsin", "pgln":
		return 2
	case "sgtin", "sgln", "grai", "gdti", "sgcn", "cpi", "upui":
		return 3
	case "itip":
		return 5
	}
	return 0
}

// epcSchemeAI returns the AI of the GS1 key of the EPC schemes that map to one key.
func epcSchemeAI(scheme string) string {
	switch scheme {
	case "gsrn":
		return "8018"
	case "gsrnp":
		return "8017"
	case "gdti":
		return "253"
	case "sgcn":
		return "255"
	}
	return ""
}
