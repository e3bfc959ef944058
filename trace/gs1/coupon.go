package gs1

import "time"

// Names of coupon fields, as Error.Field reports them.
const (
	CouponFormatCode          = "format code"
	CouponFunderLength        = "funder ID length indicator"
	CouponFunder              = "funder ID"
	CouponOfferCode           = "offer code"
	CouponSerialLength        = "serial number length indicator"
	CouponSerial              = "serial number"
	CouponGCPLength           = "GS1 Company Prefix length indicator"
	CouponGCP                 = "GS1 Company Prefix"
	CouponSaveValueLength     = "save value length indicator"
	CouponSaveValue           = "save value"
	CouponAdditionalRules     = "additional purchase rules code"
	CouponExpirationDate      = "expiration date"
	CouponStartDate           = "start date"
	CouponRetailerLength      = "retailer GCP or GLN length indicator"
	CouponRetailer            = "retailer GCP or GLN"
	CouponSaveValueCode       = "save value code"
	CouponSaveValueAppliesTo  = "save value applies to item"
	CouponStoreCouponFlag     = "store coupon flag"
	CouponDontMultiplyFlag    = "don't multiply flag"
	couponRequirementLength   = "purchase requirement length indicator"
	couponRequirement         = "purchase requirement"
	couponRequirementCode     = "purchase requirement code"
	couponFamilyCode          = "purchase family code"
	couponPurchaseGCPLength   = "purchase GS1 Company Prefix length indicator"
	couponPurchaseGCP         = "purchase GS1 Company Prefix"
	couponFirst, couponSecond = "first ", "second "
	couponThird               = "third "
)

// couponReader walks the digits of a coupon code field by field.
type couponReader struct {
	v   string
	pos int
	now func() time.Time // reference for the century of dates; nil means time.Now
}

func (c *couponReader) left() int { return len(c.v) - c.pos }

// digit takes one digit that must be in allowed. It reports a missing field
// at the end of v and an invalid one when the digit is not allowed.
func (c *couponReader) digit(field, allowed string) (int, finding) {
	if c.left() == 0 {
		return 0, finding{reason: CouponMissingField, pos: -1, field: field}
	}
	d := c.v[c.pos]
	if indexByte(allowed, d) < 0 {
		return 0, finding{reason: CouponInvalidField, pos: c.pos, field: field}
	}
	c.pos++
	return int(d - '0'), pass
}

// take skips a field of n digits, reporting it truncated when fewer remain.
func (c *couponReader) take(field string, n int) (string, finding) {
	if c.left() < n {
		return "", finding{reason: CouponTruncatedField, pos: c.pos, field: field}
	}
	s := c.v[c.pos : c.pos+n]
	c.pos += n
	return s, pass
}

// lengthThenValue reads a length indicator from allowed and the field of
// that many digits plus extra.
func (c *couponReader) lengthThenValue(lengthField, allowed, field string, extra int) finding {
	vli, f := c.digit(lengthField, allowed)
	if f.reason != 0 {
		return f
	}
	_, f = c.take(field, vli+extra)
	return f
}

// checkCouponCode checks the North American coupon code of AI 8110, as the
// GS1 US "North American Coupon Application Guideline Using GS1 DataBar
// Expanded Symbols" lays it out: company prefix, offer code, save value and
// first purchase requirement, then the optional fields 1 (second purchase),
// 2 (third purchase), 3 (expiration date), 4 (start date), 5 (serial
// number), 6 (retailer) and 9 (miscellaneous) in that order.
func checkCouponCode(v string, now func() time.Time) finding {
	if f := couponDigits(v); f.reason != 0 {
		return f
	}
	c := &couponReader{v: v, now: now}
	if f := c.lengthThenValue(CouponGCPLength, "0123456", CouponGCP, 6); f.reason != 0 {
		return f
	}
	if _, f := c.take(CouponOfferCode, 6); f.reason != 0 {
		return f
	}
	if f := c.lengthThenValue(CouponSaveValueLength, "12345", CouponSaveValue, 0); f.reason != 0 {
		return f
	}
	if f := c.purchase(couponFirst, false); f.reason != 0 {
		return f
	}
	for _, field := range []func(*couponReader) finding{
		couponSecondPurchase, couponThirdPurchase, couponDates, couponSerial, couponRetailer, couponMisc,
	} {
		if f := field(c); f.reason != 0 {
			return f
		}
	}
	if c.left() > 0 {
		return fail(CouponExcessData, c.pos)
	}
	return pass
}

// purchase reads a purchase requirement: its length indicator and value,
// its code and its family code, and for the second and third purchases the
// company prefix of the purchase, whose length indicator 9 means none.
func (c *couponReader) purchase(which string, withGCP bool) finding {
	if f := c.lengthThenValue(which+couponRequirementLength, "12345", which+couponRequirement, 0); f.reason != 0 {
		return f
	}
	if _, f := c.digit(which+couponRequirementCode, "012349"); f.reason != 0 {
		return f
	}
	if _, f := c.take(which+couponFamilyCode, 3); f.reason != 0 {
		return f
	}
	if !withGCP {
		return pass
	}
	vli, f := c.digit(which+couponPurchaseGCPLength, "01234569")
	if f.reason != 0 {
		return f
	}
	if vli == 9 {
		return pass
	}
	_, f = c.take(which+couponPurchaseGCP, vli+6)
	return f
}

// optional reports whether the optional field with the indicator digit
// comes next, and skips the indicator.
func (c *couponReader) optional(indicator byte) bool {
	if c.left() > 0 && c.v[c.pos] == indicator {
		c.pos++
		return true
	}
	return false
}

func couponSecondPurchase(c *couponReader) finding {
	if !c.optional('1') {
		return pass
	}
	if _, f := c.digit(CouponAdditionalRules, "0123"); f.reason != 0 {
		return f
	}
	return c.purchase(couponSecond, true)
}

func couponThirdPurchase(c *couponReader) finding {
	if !c.optional('2') {
		return pass
	}
	return c.purchase(couponThird, true)
}

// couponDates reads the expiration date (field 3) and the start date
// (field 4), which must not be after the expiration date.
func couponDates(c *couponReader) finding {
	var expiry time.Time
	if c.optional('3') {
		d, f := c.date(CouponExpirationDate)
		if f.reason != 0 {
			return f
		}
		expiry = d
	}
	if c.optional('4') {
		start := c.pos
		d, f := c.date(CouponStartDate)
		if f.reason != 0 {
			return f
		}
		if !expiry.IsZero() && d.After(expiry) {
			return fail(CouponExpiryBeforeStart, start)
		}
	}
	return pass
}

// date reads a YYMMDD date with the century of the GS1 century rule as of
// the current year.
func (c *couponReader) date(field string) (time.Time, finding) {
	at := c.pos
	s, f := c.take(field, 6)
	if f.reason != 0 {
		return time.Time{}, f
	}
	ref := time.Now
	if c.now != nil {
		ref = c.now
	}
	d, dayGiven, err := ParseDate(s, ref())
	if err != nil || !dayGiven {
		return time.Time{}, finding{reason: CouponInvalidField, pos: at, field: field}
	}
	return d, pass
}

func couponSerial(c *couponReader) finding {
	if !c.optional('5') {
		return pass
	}
	return c.lengthThenValue(CouponSerialLength, "0123456789", CouponSerial, 6)
}

func couponRetailer(c *couponReader) finding {
	if !c.optional('6') {
		return pass
	}
	return c.lengthThenValue(CouponRetailerLength, "1234567", CouponRetailer, 6)
}

// couponMisc reads field 9: save value code, what the save value applies
// to, the store coupon flag and the don't multiply flag.
func couponMisc(c *couponReader) finding {
	if !c.optional('9') {
		return pass
	}
	if _, f := c.digit(CouponSaveValueCode, "01256"); f.reason != 0 {
		return f
	}
	if _, f := c.digit(CouponSaveValueAppliesTo, "012"); f.reason != 0 {
		return f
	}
	if _, f := c.digit(CouponStoreCouponFlag, "0123456789"); f.reason != 0 {
		return f
	}
	_, f := c.digit(CouponDontMultiplyFlag, "01")
	return f
}

// checkCouponPositiveOffer checks the coupon of AI 8112 (GS1 AI (8112)
// Coupon Data Specification): format code 0 or 1, funder ID length
// indicator 0 to 6 and a funder ID of 6 more digits, a 6-digit offer code,
// a serial number length indicator and a serial number of 6 more digits,
// and nothing after it.
func checkCouponPositiveOffer(v string) finding {
	if f := couponDigits(v); f.reason != 0 {
		return f
	}
	c := &couponReader{v: v}
	if _, f := c.digit(CouponFormatCode, "01"); f.reason != 0 {
		return f
	}
	if f := c.lengthThenValue(CouponFunderLength, "0123456", CouponFunder, 6); f.reason != 0 {
		return f
	}
	if _, f := c.take(CouponOfferCode, 6); f.reason != 0 {
		return f
	}
	if f := c.lengthThenValue(CouponSerialLength, "0123456789", CouponSerial, 6); f.reason != 0 {
		return f
	}
	if c.left() > 0 {
		return fail(CouponExcessData, c.pos)
	}
	return pass
}

// couponDigits checks that a coupon code is all digits.
func couponDigits(v string) finding {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return fail(NonDigit, i)
		}
	}
	return pass
}
