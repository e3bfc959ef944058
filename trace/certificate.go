package trace

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/shuxiang/shuxiang/land"
)

// Basis is one ground on which a producer promises that a product meets the standards,
// as a certificate of conformity states it. A certificate may state several, so Basis
// values are bits of a [Bases] set.
type Basis uint8

// The bases of the promise that the Measures for the Administration of Certificates of
// Commitment to Meet Standards for Agricultural Product Quality and Safety
// (农产品质量安全承诺达标合格证管理办法, Ministry of Agriculture and Rural Affairs order 4
// of 2025) list.
const (
	// QualityControl is the producer's own quality and safety control (质量安全控制):
	// recorded inputs, withdrawal periods kept.
	QualityControl Basis = 1 << iota
	// OwnTesting is testing by the producer itself (自行检测).
	OwnTesting
	// CommissionedTesting is testing by a laboratory the producer commissioned (委托检测);
	// the certificate must then name the test report.
	CommissionedTesting
)

// Bases is a set of [Basis] values. The zero value is the empty set.
type Bases uint8

var basisNames = []struct {
	basis Basis
	name  string
}{{QualityControl, "quality_control"}, {OwnTesting, "own_testing"}, {CommissionedTesting, "commissioned_testing"}}

// Has reports whether b contains basis.
func (b Bases) Has(basis Basis) bool { return b&Bases(basis) != 0 }

// Names returns the names of the bases in b, in the order of the constants.
func (b Bases) Names() []string {
	var names []string
	for _, n := range basisNames {
		if b.Has(n.basis) {
			names = append(names, n.name)
		}
	}
	return names
}

// ParseBases returns the set of the comma-separated basis names in s, such as
// "quality_control,commissioned_testing".
func ParseBases(s string) (Bases, error) {
	var b Bases
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		found := false
		for _, n := range basisNames {
			if strings.EqualFold(part, n.name) {
				b |= Bases(n.basis)
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("trace: invalid basis %q, want quality_control, own_testing or commissioned_testing", part)
		}
	}
	return b, nil
}

// String returns the names joined by commas.
func (b Bases) String() string { return strings.Join(b.Names(), ",") }

// MarshalText encodes b as its names joined by commas.
func (b Bases) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText decodes names joined by commas.
func (b *Bases) UnmarshalText(text []byte) error {
	v, err := ParseBases(string(text))
	*b = v
	return err
}

// DefaultPromise is the promise a certificate of conformity states when its Promise
// field is empty: no banned pesticides, veterinary drugs or other compounds were used,
// and residues of the conventional pesticides and veterinary drugs used do not exceed
// the limits.
const DefaultPromise = "本产品未使用禁用农药兽药及其他化合物，使用的常规农药兽药残留不超标"

// Certificate is a certificate of conformity for an edible farm product (承诺达标合格证):
// the producer's written promise, issued per batch or per vehicle load, that the product
// meets the quality and safety standards. It travels with the goods and is printed as a
// label (package trace/label).
type Certificate struct {
	// Number identifies the certificate county-wide, such as HT20240915-0001.
	Number string            `json:"number"`
	Issuer CertificateIssuer `json:"issuer"`
	// Product is the product name as printed, such as 和田骏枣; required.
	Product string `json:"product"`
	// ProductID and Batch link the certificate to the register; both may be empty for a
	// certificate of a household that is not registered.
	ProductID ProductID `json:"productId,omitempty"`
	Batch     BatchID   `json:"batch,omitempty"`
	Quantity  Quantity  `json:"quantity"`
	// Origin is the division code of the place of production (产地), a township or
	// village; OriginName is the place as printed, such as 和田县拉依喀乡.
	Origin     land.DivisionCode `json:"origin"`
	OriginName string            `json:"originName,omitempty"`
	// IssuedOn is the day the certificate was issued (开具日期).
	IssuedOn land.Date `json:"issuedOn"`
	Bases    Bases     `json:"bases"`
	// Promise is the text of the promise; empty means [DefaultPromise].
	Promise string `json:"promise,omitempty"`
	// Report is the number of the test report the promise rests on, and ReportURL where
	// the report can be read. A certificate on commissioned testing needs Report.
	Report    string `json:"report,omitempty"`
	ReportURL string `json:"reportUrl,omitempty"`
	Revision
}

// CertificateIssuer is who issues a [Certificate]: a producer, or a buyer that mixes or
// repacks products and issues a certificate of its own.
type CertificateIssuer struct {
	Name string `json:"name"`
	// Code is the issuer's credit code; empty for a farming household, which has none.
	Code CreditCode `json:"code,omitempty"`
	// Contact is the person to ask, and Phone the number to call (联系方式).
	Contact string `json:"contact,omitempty"`
	Phone   string `json:"phone"`
	Address string `json:"address,omitempty"`
}

var certificateNumberPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)

// Validate reports every invalid field, naming each as its JSON path, such as
// issuer.phone. A certificate needs its number, issuer name and phone, product name, a
// positive quantity, a valid origin, the issue day, at least one basis, and the test
// report when the basis is commissioned testing. The issuer's credit code, product id,
// batch and report URL must be valid when set.
func (c *Certificate) Validate() error {
	var fc fieldChecker
	if !certificateNumberPattern.MatchString(c.Number) {
		fc.add("number", c.Number, "want 1 to 40 letters, digits, '.', '-' or '_'")
	}
	fc.require("issuer.name", c.Issuer.Name)
	fc.maxLen("issuer.name", c.Issuer.Name, 200)
	if c.Issuer.Code != "" {
		fc.check("issuer.code", string(c.Issuer.Code), c.Issuer.Code.Validate())
	}
	checkPhone(&fc, "issuer.phone", c.Issuer.Phone, true)
	fc.require("product", c.Product)
	fc.maxLen("product", c.Product, 100)
	if c.ProductID != "" {
		fc.check("productId", string(c.ProductID), c.ProductID.Validate())
	}
	if c.Batch != "" {
		fc.check("batch", string(c.Batch), c.Batch.Validate())
	}
	c.validateQuantity(&fc)
	fc.check("origin", string(c.Origin), c.Origin.Validate())
	if c.IssuedOn.IsZero() {
		fc.add("issuedOn", "", "is required")
	} else {
		fc.check("issuedOn", c.IssuedOn.String(), c.IssuedOn.Validate())
	}
	c.validateBasis(&fc)
	fc.maxLen("promise", c.Promise, 500)
	return fc.err("certificate", c.Number)
}

func (c *Certificate) validateQuantity(fc *fieldChecker) {
	if err := c.Quantity.Unit.Validate(); err != nil {
		fc.check("quantity.unit", string(c.Quantity.Unit), err)
	}
	if !c.Quantity.Value.IsPositive() {
		fc.add("quantity.value", DecimalText(c.Quantity.Value), "want more than 0")
	}
}

func (c *Certificate) validateBasis(fc *fieldChecker) {
	all := Bases(QualityControl | OwnTesting | CommissionedTesting)
	switch {
	case c.Bases == 0:
		fc.add("bases", "", "want at least one of quality_control, own_testing, commissioned_testing")
	case c.Bases&^all != 0:
		fc.add("bases", fmt.Sprintf("%#x", uint8(c.Bases)), "has unknown bits")
	}
	if c.Bases.Has(CommissionedTesting) && strings.TrimSpace(c.Report) == "" {
		fc.add("report", "", "is required when the basis is commissioned testing")
	}
	if c.Report != "" && !certificateNumberPattern.MatchString(c.Report) {
		fc.add("report", c.Report, "want 1 to 40 letters, digits, '.', '-' or '_'")
	}
	if c.ReportURL != "" {
		fc.check("reportUrl", c.ReportURL, validateDocumentURL(c.ReportURL))
	}
}

// PromiseText returns the promise as printed: Promise, or [DefaultPromise] when it is
// empty.
func (c *Certificate) PromiseText() string {
	if c.Promise == "" {
		return DefaultPromise
	}
	return c.Promise
}

// validateDocumentURL reports an error unless s is an absolute http or https URL.
func validateDocumentURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("want an absolute http or https URL")
	}
	if len(s) > 500 {
		return fmt.Errorf("has %d characters, want at most 500", len(s))
	}
	return nil
}
