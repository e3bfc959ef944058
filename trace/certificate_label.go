package trace

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/trace/label"
)

// printedUnits are the units as a certificate prints them.
var printedUnits = map[Unit]string{Kilogram: "kg", Gram: "g", Tonne: "t", Litre: "L", Piece: "件"}

// Printable returns the certificate as package trace/label prints it, with lookupURL in
// its QR code (empty prints none). The printed origin is OriginName, or the origin's
// division code when the name is empty, and the issue day is midnight of IssuedOn in
// China Standard Time.
//
// A printed certificate has one basis, so Printable prints the strongest the certificate
// states: commissioned testing, then own testing, then quality control.
func (c *Certificate) Printable(lookupURL string) (label.Certificate, error) {
	if err := c.Validate(); err != nil {
		return label.Certificate{}, err
	}
	origin := c.OriginName
	if origin == "" {
		origin = string(c.Origin)
	}
	day := c.IssuedOn
	p := label.Certificate{
		Issuer:    c.Issuer.Name,
		Product:   c.Product,
		Quantity:  c.Quantity.Value,
		Unit:      printedUnits[c.Quantity.Unit],
		Origin:    origin,
		Phone:     c.Issuer.Phone,
		Date:      time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, chinaStandardTime),
		Basis:     label.BasisQualityControl,
		ReportURL: c.ReportURL,
		LookupURL: lookupURL,
	}
	switch {
	case c.Bases.Has(CommissionedTesting):
		p.Basis = label.BasisCommissionedTesting
	case c.Bases.Has(OwnTesting):
		p.Basis = label.BasisSelfTesting
	}
	if err := p.Validate(); err != nil {
		return label.Certificate{}, fmt.Errorf("trace: certificate %s: %w", c.Number, err)
	}
	return p, nil
}
