package gs1

import "strings"

// EventHashDigitalLink returns the constrained canonical GS1 Digital Link
// URI that the EPCIS 2.0 event hash (CBV 2.0, "Hashing algorithm for EPCIS
// events") uses in place of an identifier given as a GS1 Digital Link URI.
// Only the identity of the object, location or party is kept:
//
//   - the stem becomes https://id.gs1.org and the query string and
//     fragment are dropped;
//   - convenience alphas such as /gtin/ become numeric AIs, and a GTIN-8,
//     GTIN-12 or GTIN-13 after /01/ is padded to 14 digits;
//   - of the key qualifiers only the one that an EPC carries stays: the
//     serial (21), or else the batch/lot (10), or else the TPX (235) of a
//     GTIN; the serial, or else the batch/lot, of an ITIP (8006); the
//     extension (254) of a GLN (414); the serial (8011) of a CPID (8010).
//     Others, such as the CPV (22), are dropped.
//
// Lengths and character sets are checked, but not check digits or other
// content, as the hash is computed over what the event states.
//
// EPC URNs (urn:epc:id:...) are not Digital Link URIs; convert them to
// element strings first.
func EventHashDigitalLink(uri string) (string, error) {
	if i := strings.IndexAny(uri, "?#"); i >= 0 {
		uri = uri[:i]
	}
	p := Parser{
		PermitZeroSuppressedGTIN: true,
		PermitConvenienceAlphas:  true,
		SkipAssociationChecks:    true,
		lax:                      true,
	}
	d, err := p.ParseDigitalLink(uri)
	if err != nil {
		return "", err
	}
	key := d.Key()
	out := DigitalLink{Stem: CanonicalStem, Elements: Elements{key}, PathLen: 1}
	for _, code := range epcQualifiers[key.AI] {
		if v, ok := d.Qualifiers().Get(code); ok {
			out.Elements = append(out.Elements, Element{AI: code, Value: v})
			out.PathLen++
			break
		}
	}
	return out.String(), nil
}

// epcQualifiers lists, per primary key, the key qualifiers that an EPC
// identifier carries, most specific first; the first present one is kept.
var epcQualifiers = map[string][]string{
	"01":   {"21", "10", "235"},
	"8006": {"21", "10"},
	"414":  {"254"},
	"8010": {"8011"},
}
