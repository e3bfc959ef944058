package epcis

import (
	"net/url"
	"strings"
)

// This file turns EPC URNs (GS1 EPC Tag Data Standard 2.1, section 6) and GS1 Digital Link
// URIs (GS1 Digital Link URI Syntax 1.2) into the constrained canonical Digital Link that the
// CBV 2.0 event hash uses (CBV 2.0 section 8.9): domain https://id.gs1.org, no query string,
// GTIN padded to 14 digits, and only the finest key and qualifier of the list 00, 01, 01+21,
// 01+10, 01+235, 253, 255, 401, 402, 414, 414+254, 417, 8003, 8004, 8006, 8006+21,
// 8006+10, 8010, 8010+8011, 8017, 8018.
//
// NOTE: trace/gs1 is to hold the general GS1 key, check digit and Digital Link code; this
// file keeps only what the hash needs until that package offers it.

const canonicalDLBase = "https://id.gs1.org"

// canonicalID returns the constrained canonical Digital Link of an EPC URN, EPC class or
// pattern URN or GS1 Digital Link URI, and false for any other string.
func canonicalID(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "urn:epc:"):
		return epcURNToDL(s)
	case strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"):
		return constrainDL(s)
	}
	return "", false
}

// gs1CheckDigit returns the GS1 mod-10 check digit of the digits in s (GS1 General
// Specifications section 7.9.1): weights 3 and 1 alternate from the rightmost digit.
func gs1CheckDigit(s string) byte {
	sum := 0
	weight := 3
	for i := len(s) - 1; i >= 0; i-- {
		sum += int(s[i]-'0') * weight
		weight = 4 - weight
	}
	return byte('0' + (10-sum%10)%10)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// escapeDLValue percent-encodes an AI value for a Digital Link path segment. It keeps the
// RFC 3986 unreserved characters and the apostrophe, as the hash examples do.
func escapeDLValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("-._~'", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		const hex = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// dlShortNames maps the Digital Link 1.0 convenience names to their AIs.
var dlShortNames = map[string]string{
	"gtin": "01", "itip": "8006", "cpv": "22", "lot": "10", "ser": "21", "sscc": "00",
	"gln": "414", "glnx": "254", "party": "417", "grai": "8003", "giai": "8004",
	"gsrn": "8018", "gsrnp": "8017", "gdti": "253", "ginc": "401", "gsin": "402",
	"cpid": "8010", "cpsn": "8011", "gcn": "255", "gmn": "8013", "tpx": "235",
}

// dlKeys lists the primary-key AIs the hash keeps with the qualifiers allowed after each,
// finest first.
var dlKeys = map[string][]string{
	"00": nil, "01": {"21", "10", "235"}, "253": nil, "255": nil, "401": nil, "402": nil,
	"414": {"254"}, "417": nil, "8003": nil, "8004": nil, "8006": {"21", "10"},
	"8010": {"8011"}, "8017": nil, "8018": nil, "8013": nil,
}

// dlQualifiers lists every qualifier AI a path may carry after each key, including those
// the hash drops (22 after 01 and 8006, 7040 after 414).
var dlQualifiers = map[string][]string{
	"01": {"22", "10", "21", "235"}, "8006": {"22", "10", "21"}, "414": {"254", "7040"},
	"8010": {"8011"},
}

// constrainDL parses a GS1 Digital Link URI on any domain and returns its constrained
// canonical form.
func constrainDL(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", false
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")

	// Skip any path prefix up to the first primary key.
	start := -1
	for i := 0; i+1 < len(segs); i++ {
		if _, ok := dlKeys[aiOf(segs[i])]; ok {
			start = i
			break
		}
	}
	if start < 0 || (len(segs)-start)%2 != 0 {
		return "", false
	}
	key := aiOf(segs[start])
	values := map[string]string{}
	for i := start; i < len(segs); i += 2 {
		ai := aiOf(segs[i])
		if i > start && !contains(dlQualifiers[key], ai) {
			return "", false
		}
		v, err := url.PathUnescape(segs[i+1])
		if err != nil || v == "" {
			return "", false
		}
		values[ai] = v
	}
	keyValue, ok := checkKey(key, values[key])
	if !ok {
		return "", false
	}
	out := canonicalDLBase + "/" + key + "/" + escapeDLValue(keyValue)
	for _, q := range dlKeys[key] {
		if v, ok := values[q]; ok {
			return out + "/" + q + "/" + escapeDLValue(v), true
		}
	}
	return out, true
}

func aiOf(seg string) string {
	if ai, ok := dlShortNames[seg]; ok {
		return ai
	}
	return seg
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkKey checks the form of a primary key value and pads a GTIN-8, -12 or -13 to 14
// digits. It checks lengths and digits but not check digits, because the hash keeps a
// Digital Link with a wrong check digit as written (the hash examples rely on that).
func checkKey(ai, v string) (string, bool) {
	switch ai {
	case "01":
		if n := len(v); n != 8 && n != 12 && n != 13 && n != 14 {
			return "", false
		}
		v = strings.Repeat("0", 14-len(v)) + v
		return v, allDigits(v)
	case "00", "8017", "8018":
		return v, len(v) == 18 && allDigits(v)
	case "414", "417":
		return v, len(v) == 13 && allDigits(v)
	case "8006":
		return v, len(v) == 18 && allDigits(v)
	case "402":
		return v, len(v) == 17 && allDigits(v)
	case "253", "255":
		return v, len(v) >= 13 && allDigits(v[:13])
	case "8003":
		return v, len(v) >= 14 && allDigits(v[:14])
	}
	return v, v != ""
}
