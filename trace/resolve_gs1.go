package trace

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/trace/gs1"
)

// GS1Resolver resolves GS1 codes of items: a GS1 Digital Link URI on any domain, an
// element string in brackets such as (01)06901234000016(21)12345, or barcode scan data
// with an AIM symbology identifier such as ]Q3 or ]d2. A code must carry a GTIN (AI 01)
// and a serial number (AI 21). Its space is the GTIN, and its EPC the canonical Digital
// Link of the two. A serial that is not all digits, or longer than 18 digits, resolves
// with an error, since issuances hold numeric serial ranges.
type GS1Resolver struct{}

// Resolve implements [Resolver].
func (GS1Resolver) Resolve(text string) (CodeRef, error) {
	es, err := gs1Elements(strings.TrimSpace(text))
	if err != nil {
		return CodeRef{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	gtin, okGTIN := es.Get("01")
	serial, okSerial := es.Get("21")
	if !okGTIN || !okSerial {
		return CodeRef{}, fmt.Errorf("%w: GS1 code %q has no GTIN (01) and serial (21)", ErrMalformed, text)
	}
	ref := CodeRef{Scheme: SchemeGS1, Space: gtin,
		EPC: gs1.CanonicalStem + "/01/" + gtin + "/21/" + gs1.PathEscape(serial)}
	n, err := strconv.ParseUint(serial, 10, 64)
	if err != nil || len(serial) > 18 {
		return ref, fmt.Errorf("trace: GS1 serial %q is not a number of at most 18 digits", serial)
	}
	ref.Serial = n
	return ref, nil
}

func gs1Elements(s string) (gs1.Elements, error) {
	switch {
	case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
		dl, err := gs1.ParseDigitalLink(s)
		if err != nil {
			return nil, err
		}
		return dl.Elements, nil
	case strings.HasPrefix(s, "("):
		return gs1.ParseBracketed(s)
	case strings.HasPrefix(s, "]"):
		sd, err := gs1.ParseScanData(s)
		if err != nil {
			return nil, err
		}
		if sd.DigitalLink != nil {
			return sd.DigitalLink.Elements, nil
		}
		if len(sd.Elements) == 0 {
			return nil, errors.New("scan data has no GS1 element string, want GS1 AI data or a Digital Link")
		}
		return sd.Elements, nil
	}
	return nil, errors.New("not a GS1 Digital Link, bracketed element string or scan data")
}
