package epcis

import (
	"strings"

	"github.com/shuxiang/shuxiang/trace/gs1"
)

// This file turns EPC URNs (GS1 EPC Tag Data Standard) and GS1 Digital Link URIs into the
// constrained canonical Digital Link that the CBV 2.0 event hash uses (CBV 2.0 section 8.9).
// That form has the domain https://id.gs1.org, no query string and a GTIN padded to 14
// digits. It keeps only the finest key and qualifier of the list 00, 01, 01+21, 01+10,
// 01+235, 253, 255, 401, 402, 414, 414+254, 417, 8003, 8004, 8006, 8006+21, 8006+10, 8010,
// 8010+8011, 8017, 8018. Digital Link URIs go through trace/gs1, and EPC URNs are converted
// here.

const canonicalDLBase = "https://id.gs1.org"

// canonicalID returns the constrained canonical Digital Link of an EPC URN, EPC class or
// pattern URN or GS1 Digital Link URI, and false for any other string.
func canonicalID(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "urn:epc:"):
		return epcURNToDL(s)
	case strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://"):
		dl, err := gs1.EventHashDigitalLink(s)
		return dl, err == nil
	}
	return "", false
}

// gs1CheckDigit returns the GS1 mod-10 check digit of the digits in s.
func gs1CheckDigit(s string) byte {
	c, err := gs1.CheckDigit(s)
	if err != nil {
		return '?' // s is checked to be all digits before; '?' never equals a digit
	}
	return c
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

// escapeDLValue percent-encodes an AI value taken from an EPC URN for a Digital Link path
// segment. It keeps the RFC 3986 unreserved characters and also the apostrophe, which
// gs1.PathEscape encodes but the reference event hashes keep as written.
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
