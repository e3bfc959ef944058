package label

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/trace"
)

// printedUnits are the units of package trace as a certificate prints them.
var printedUnits = map[trace.Unit]string{trace.Kilogram: "kg", trace.Gram: "g", trace.Tonne: "t",
	trace.Litre: "L", trace.Piece: "件"}

// chinaStandardTime is UTC+8, the zone of a certificate's issue day.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// CertificateOf returns the printable form of a certificate record of package trace, with
// lookupURL in its QR code (empty prints none). The printed origin is OriginName, or the
// origin's division code when the name is empty, and the issue day is midnight of IssuedOn
// in China Standard Time.
//
// A printed certificate has one basis, so CertificateOf prints the strongest the record
// states: commissioned testing, then own testing, then quality control.
func CertificateOf(c *trace.Certificate, lookupURL string) (Certificate, error) {
	if err := c.Validate(); err != nil {
		return Certificate{}, err
	}
	origin := c.OriginName
	if origin == "" {
		origin = string(c.Origin)
	}
	day := c.IssuedOn
	p := Certificate{
		Issuer:    c.Issuer.Name,
		Product:   c.Product,
		Quantity:  c.Quantity.Value,
		Unit:      printedUnits[c.Quantity.Unit],
		Origin:    origin,
		Phone:     c.Issuer.Phone,
		Date:      time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, chinaStandardTime),
		Basis:     BasisQualityControl,
		ReportURL: c.ReportURL,
		LookupURL: lookupURL,
	}
	switch {
	case c.Bases.Has(trace.CommissionedTesting):
		p.Basis = BasisCommissionedTesting
	case c.Bases.Has(trace.OwnTesting):
		p.Basis = BasisSelfTesting
	}
	if err := p.Validate(); err != nil {
		return Certificate{}, fmt.Errorf("label: certificate %s: %w", c.Number, err)
	}
	return p, nil
}
