package gs1

// Key is a GS1 identification key, named by the AI that carries it.
type Key string

// GS1 identification keys.
const (
	SSCC  Key = "00"   // Serial Shipping Container Code, 18 digits with check digit
	GTIN  Key = "01"   // Global Trade Item Number, GTIN-14 form
	GDTI  Key = "253"  // Global Document Type Identifier
	GCN   Key = "255"  // Global Coupon Number
	GINC  Key = "401"  // Global Identification Number for Consignment, no check digit
	GSIN  Key = "402"  // Global Shipment Identification Number, 17 digits with check digit
	GLN   Key = "414"  // Global Location Number of a physical location
	PGLN  Key = "417"  // Global Location Number of a party
	GRAI  Key = "8003" // Global Returnable Asset Identifier
	GIAI  Key = "8004" // Global Individual Asset Identifier, no check digit
	ITIP  Key = "8006" // Identification of an individual trade item piece
	CPID  Key = "8010" // Component/Part Identifier, no check digit
	GMN   Key = "8013" // Global Model Number, with a check character pair
	GSRNP Key = "8017" // Global Service Relation Number of a provider
	GSRN  Key = "8018" // Global Service Relation Number of a recipient
)

// Validate checks value against the format and content rules of the key:
// length, characters, check digit or check character pair where the key
// has one, and a GS1 Company Prefix of digits. A GTIN may be given in its
// 8, 12, 13 or 14-digit form.
func (k Key) Validate(value string) error {
	if k == GTIN {
		return ValidateGTIN(value)
	}
	return ValidateValue(string(k), value)
}

// AI returns the AI definition of the key.
func (k Key) AI() *AI {
	a, _ := Lookup(string(k))
	return a
}
