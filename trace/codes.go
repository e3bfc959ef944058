package trace

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Scheme is the coding scheme of the items of a product.
type Scheme uint8

// The code schemes.
const (
	SchemeUnknown Scheme = iota
	// SchemeGS1 codes items by GTIN and serial number (SGTIN), for producers with a GS1
	// company prefix. In events they appear as GS1 Digital Link URIs or EPC URNs.
	SchemeGS1
	// SchemeMinted codes items with codes the county mints itself (package trace/mint),
	// which appear in events as HTTP URIs under the county's domain ([Namespace]).
	SchemeMinted
)

var schemeNames = []string{"unknown", "gs1", "minted"}

// ParseScheme returns the scheme named s ("gs1", "minted").
func ParseScheme(s string) (Scheme, error) { return parseEnum[Scheme]("scheme", schemeNames, s) }

// String returns the name used by [ParseScheme].
func (s Scheme) String() string { return enumName("Scheme", schemeNames, s) }

// Validate reports an error unless s is gs1 or minted.
func (s Scheme) Validate() error { return validateEnum("scheme", schemeNames, s) }

// MarshalText encodes s as its name.
func (s Scheme) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a scheme name.
func (s *Scheme) UnmarshalText(text []byte) error {
	v, err := ParseScheme(string(text))
	*s = v
	return err
}

// CodeRef is what a scanned code points at: a serial number within a code space. The
// space of a GS1 code is its 14-digit GTIN and the serial its AI (21) serial number,
// which must be all digits for an issued code. The space of a minted code is its key
// version and batch ([MintSpace]).
type CodeRef struct {
	Scheme Scheme `json:"scheme"`
	Space  string `json:"space"`
	Serial uint64 `json:"serial"`
	// EPC is the canonical URI of the code as events name it.
	EPC string `json:"epc"`
}

// IssuanceState is the life-cycle state of an [Issuance].
type IssuanceState uint8

// The issuance states. Codes of an issuance that is not active still resolve, so that a
// scan of a printed but not yet activated label can raise a flag.
const (
	IssuanceStateUnknown IssuanceState = iota
	// Issued codes are allocated and may be printed, but not yet sold.
	Issued
	// Active codes are on products in circulation.
	Active
	// Suspended codes are held, for example while a complaint is checked.
	Suspended
	// Revoked codes are void, for example after a recall or a lost roll of labels.
	Revoked
)

var issuanceStateNames = []string{"unknown", "issued", "active", "suspended", "revoked"}

// ParseIssuanceState returns the state named s.
func ParseIssuanceState(s string) (IssuanceState, error) {
	return parseEnum[IssuanceState]("issuance state", issuanceStateNames, s)
}

// String returns the name used by [ParseIssuanceState].
func (s IssuanceState) String() string { return enumName("IssuanceState", issuanceStateNames, s) }

// Validate reports an error unless s is a known state.
func (s IssuanceState) Validate() error {
	return validateEnum("issuance state", issuanceStateNames, s)
}

// MarshalText encodes s as its name.
func (s IssuanceState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes an issuance state name.
func (s *IssuanceState) UnmarshalText(text []byte) error {
	v, err := ParseIssuanceState(string(text))
	*s = v
	return err
}

// MaxIssuanceCount is the largest number of codes one issuance may hold.
const MaxIssuanceCount = 100_000_000

// Issuance is one allocation of item codes to a batch: a range of serial numbers in a
// code space, stored as one record however many codes it holds. Codes with a state of
// their own (voided, sold) have a [CodeState] besides.
type Issuance struct {
	// ID identifies the issuance county-wide, in the form of a [BatchID].
	ID    string  `json:"id"`
	Batch BatchID `json:"batch"`
	// Scheme and Space name the code space, as in [CodeRef].
	Scheme Scheme `json:"scheme"`
	Space  string `json:"space"`
	// KeyVersion is the key version the codes were minted with; 0 for GS1 codes.
	KeyVersion int `json:"keyVersion,omitempty"`
	// First is the first serial number and Count the number of codes, so the issuance
	// holds the serials First to First+Count-1.
	First uint64        `json:"first"`
	Count uint64        `json:"count"`
	State IssuanceState `json:"state"`
	// ActivatedAt is when the codes became active; zero before.
	ActivatedAt time.Time `json:"activatedAt,omitzero"`
	// Destinations are the division codes the batch was shipped to. A scan outside all of
	// them raises a flag under [DestinationRule]; empty means anywhere.
	Destinations []land.DivisionCode `json:"destinations,omitempty"`
	// IssuedAt is when the codes were allocated.
	IssuedAt time.Time `json:"issuedAt"`
	Revision
}

var spacePattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// Validate reports every invalid field. The id, batch, scheme, space, count, state and
// issue time are required. The last serial must not exceed 2^63-1, a GS1 space must be a valid
// GTIN, an active issuance needs its activation time, and destinations must be valid
// division codes.
func (i *Issuance) Validate() error {
	var c fieldChecker
	c.check("id", i.ID, BatchID(i.ID).Validate())
	c.check("batch", string(i.Batch), i.Batch.Validate())
	c.check("scheme", i.Scheme.String(), i.Scheme.Validate())
	switch {
	case i.Scheme == SchemeGS1:
		c.check("space", i.Space, ValidateGTIN(i.Space))
	case !spacePattern.MatchString(i.Space):
		c.add("space", i.Space, "want 1 to 64 letters, digits, '.', ':', '-' or '_'")
	}
	if i.KeyVersion < 0 {
		c.add("keyVersion", fmt.Sprint(i.KeyVersion), "is negative")
	}
	if i.Count == 0 || i.Count > MaxIssuanceCount {
		c.add("count", fmt.Sprint(i.Count), fmt.Sprintf("want 1 to %d", MaxIssuanceCount))
	} else if i.First > math.MaxInt64-i.Count+1 {
		c.add("first", fmt.Sprint(i.First), "the last serial exceeds 2^63-1, the largest that SQL stores keep")
	}
	c.check("state", i.State.String(), i.State.Validate())
	if i.State == Active && i.ActivatedAt.IsZero() {
		c.add("activatedAt", "", "is required for an active issuance")
	}
	for n, d := range i.Destinations {
		c.check(fmt.Sprintf("destinations[%d]", n), string(d), d.Validate())
	}
	if i.IssuedAt.IsZero() {
		c.add("issuedAt", "", "is required")
	}
	return c.err("issuance", i.ID)
}

// Last returns the last serial number of the issuance.
func (i *Issuance) Last() uint64 { return i.First + i.Count - 1 }

// Holds reports whether the code is in the issuance's space and serial range.
func (i *Issuance) Holds(ref CodeRef) bool {
	return ref.Scheme == i.Scheme && ref.Space == i.Space && ref.Serial >= i.First && ref.Serial <= i.Last()
}

// ShippedTo reports whether d lies within one of the destinations, or whether there are
// none. A scan without a division code is not judged: ShippedTo returns true for "".
func (i *Issuance) ShippedTo(d land.DivisionCode) bool {
	if len(i.Destinations) == 0 || d == "" {
		return true
	}
	return slices.ContainsFunc(i.Destinations, func(dest land.DivisionCode) bool { return dest.Contains(d) })
}

// CodeState is the state of one issued code that differs from its issuance: a code that
// was voided (a damaged label) or sold at retail. Codes without a CodeState have the
// state of their issuance and no sale.
type CodeState struct {
	// EPC is the canonical URI of the code ([CodeRef.EPC]); it is the key.
	EPC      string `json:"epc"`
	Issuance string `json:"issuance"`
	Serial   uint64 `json:"serial"`
	// Voided marks a code taken out of use, and VoidReason gives the reason.
	Voided     bool   `json:"voided,omitempty"`
	VoidReason string `json:"voidReason,omitempty"`
	// Sales counts the retail sales recorded for the code; more than one raises a flag
	// under [SecondSaleRule]. FirstSale and LastSale are their times, and LastSalePlace
	// the division code of the last one.
	Sales         int               `json:"sales,omitempty"`
	FirstSale     time.Time         `json:"firstSale,omitzero"`
	LastSale      time.Time         `json:"lastSale,omitzero"`
	LastSalePlace land.DivisionCode `json:"lastSalePlace,omitempty"`
	Revision
}

// Validate reports every invalid field.
func (s *CodeState) Validate() error {
	var c fieldChecker
	c.require("epc", s.EPC)
	c.maxLen("epc", s.EPC, 256)
	c.check("issuance", s.Issuance, BatchID(s.Issuance).Validate())
	if s.Sales < 0 {
		c.add("sales", fmt.Sprint(s.Sales), "is negative")
	}
	if s.Sales > 0 && (s.FirstSale.IsZero() || s.LastSale.IsZero()) {
		c.add("firstSale", "", "first and last sale times are required when sales are recorded")
	}
	if s.LastSalePlace != "" {
		c.check("lastSalePlace", string(s.LastSalePlace), s.LastSalePlace.Validate())
	}
	return c.err("code state", s.EPC)
}

// Namespace builds the HTTP URIs that name things without a GS1 key under a county's
// domain. With Domain trace.example.gov.cn the forms are:
//
//	https://trace.example.gov.cn/t/{code}        an item with a county-minted code
//	https://trace.example.gov.cn/lot/{batch}     a batch (lot), as an EPC class
//	https://trace.example.gov.cn/plot/{plot}     a plot by its rural land code
//	https://trace.example.gov.cn/org/{credit}    a producer by its credit code
//	https://trace.example.gov.cn/animal/{tag}    an animal by its 15-digit ear tag
//	https://trace.example.gov.cn/site/{id}       a site: a packhouse, cold store, market
//	https://trace.example.gov.cn/cert/{number}   a certificate of conformity
//	https://trace.example.gov.cn/report/{number} a test report
//
// The path segments are escaped as URI path segments. An item URI is the lookup URL that
// package trace/label prints in a minted code's QR symbol: its LookupPath with the code
// in compact form. So the EPC in events is the text a phone scans, and the county serves
// the public product story at that URL.
type Namespace struct {
	// Domain is the host name, without scheme or path, such as trace.hotan.gov.cn.
	Domain string
}

var domainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// Validate reports an error unless Domain is a lower-case DNS name with at least two
// labels.
func (n Namespace) Validate() error {
	if !domainPattern.MatchString(n.Domain) {
		return fmt.Errorf("trace: invalid namespace domain %q, want a lower-case host name such as trace.hotan.gov.cn",
			n.Domain)
	}
	return nil
}

func (n Namespace) uri(kind, id string) string {
	return "https://" + n.Domain + "/" + kind + "/" + url.PathEscape(id)
}

// Item returns the URI of an item with a county-minted code.
func (n Namespace) Item(code string) string { return n.uri("t", code) }

// Lot returns the URI of a batch as an EPC class.
func (n Namespace) Lot(b BatchID) string { return n.uri("lot", string(b)) }

// Plot returns the URI of a plot.
func (n Namespace) Plot(p land.PlotCode) string { return n.uri("plot", string(p)) }

// Org returns the URI of a producer or other party.
func (n Namespace) Org(c CreditCode) string { return n.uri("org", string(c)) }

// Animal returns the URI of an animal.
func (n Namespace) Animal(t EarTag) string { return n.uri("animal", string(t)) }

// Site returns the URI of a site such as a packhouse or a cold store.
func (n Namespace) Site(id string) string { return n.uri("site", id) }

// Certificate returns the URI of a certificate of conformity.
func (n Namespace) Certificate(number string) string { return n.uri("cert", number) }

// Report returns the URI of a test report.
func (n Namespace) Report(number string) string { return n.uri("report", number) }

// ParseItem returns the minted code of an item URI of this namespace, and false for any
// other text.
func (n Namespace) ParseItem(uri string) (string, bool) {
	rest, ok := strings.CutPrefix(uri, "https://"+n.Domain+"/t/")
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return "", false
	}
	code, err := url.PathUnescape(rest)
	return code, err == nil
}
