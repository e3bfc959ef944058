package gs1

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVectorsCheckDigits(t *testing.T) {
	reasons := map[string]Reason{
		"TOO_SHORT_FOR_CHECK_DIGIT": TooShortForCheckDigit,
		"INCORRECT_CHECK_DIGIT":     IncorrectCheckDigit,
		"NON_DIGIT_CHARACTER":       NonDigit,
	}
	for _, row := range readVectors(t, "check-digits.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			key, valid, reason, markup := row.field(0), row.field(1) == "valid", row.field(2), row.field(3)
			err := ValidateCheckDigit(key)
			assert.Equal(t, valid, HasValidCheckDigit(key), "HasValidCheckDigit(%q)", key)
			if valid {
				require.NoError(t, err)
				c, err := CheckDigit(key[:len(key)-1])
				require.NoError(t, err)
				assert.Equal(t, key[len(key)-1], c, "CheckDigit(%q)", key[:len(key)-1])
				return
			}
			var e *Error
			require.ErrorAs(t, err, &e, "ValidateCheckDigit(%q)", key)
			assert.Equal(t, reasons[reason], e.Reason, "reason of %q", key)
			if markup != "" {
				assert.Equal(t, markup, markError(key, e.Pos, len(key)), "offending character of %q", key)
			}
		})
	}
}

// markError puts the byte at pos between asterisks, or the whole value
// when pos is -1 or the value is empty, as the vectors' error_markup does.
func markError(v string, pos, _ int) string {
	if pos < 0 || v == "" {
		return "*" + v + "*"
	}
	return v[:pos] + "*" + v[pos:pos+1] + "*" + v[pos+1:]
}

func TestVectorsBracketed(t *testing.T) {
	p := Parser{SkipAssociationChecks: true}
	for _, row := range readVectors(t, "ai-bracketed-to-element-string.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			valid, input, want := row.field(0) == "valid", row.field(1), row.field(2)
			es, err := p.ParseBracketed(input)
			if !valid {
				assert.Error(t, err, "ParseBracketed(%q) = %v (%s)", input, es, row.field(3))
				return
			}
			require.NoError(t, err, "ParseBracketed(%q)", input)
			assert.Equal(t, want, engineString(es))
		})
	}
}

func TestVectorsElementStrings(t *testing.T) {
	for _, row := range readVectors(t, "ai-element-string-validate.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			valid, input := row.field(0) == "valid", row.field(1)
			p := parserFor(t, row.field(2))
			p.SkipAssociationChecks = true
			es, err := p.ParseElementString(input)
			if !valid {
				assert.Error(t, err, "ParseElementString(%q) = %v (%s)", input, es, row.field(3))
				return
			}
			require.NoError(t, err, "ParseElementString(%q)", input)
			again, err := p.ParseElementString(engineString(es))
			require.NoError(t, err, "reparse of %q", engineString(es))
			assert.Equal(t, es, again)
		})
	}
}

// linterReasons maps the error names of the GS1 Barcode Syntax Tests to a
// Reason and, for coupons, the field.
var linterReasons = map[string]struct {
	reason Reason
	field  string
}{
	"NON_DIGIT_CHARACTER":            {NonDigit, ""},
	"INVALID_CSET82_CHARACTER":       {InvalidCSet82, ""},
	"INVALID_CSET39_CHARACTER":       {InvalidCSet39, ""},
	"INVALID_CSET64_CHARACTER":       {InvalidCSet64, ""},
	"INVALID_CSET64_PADDING":         {InvalidCSet64Padding, ""},
	"INCORRECT_CHECK_DIGIT":          {IncorrectCheckDigit, ""},
	"INCORRECT_CHECK_PAIR":           {IncorrectCheckPair, ""},
	"TOO_SHORT_FOR_CHECK_PAIR":       {TooShortForCheckPair, ""},
	"TOO_SHORT_FOR_GCP":              {TooShortForGCP, ""},
	"INVALID_GCP_PREFIX":             {InvalidGCPPrefix, ""},
	"INVALID_IMPORT_IDX_CHARACTER":   {InvalidImporterIndex, ""},
	"ILLEGAL_ZERO_VALUE":             {IllegalZeroValue, ""},
	"NOT_ZERO":                       {NotZero, ""},
	"ILLEGAL_ZERO_PREFIX":            {IllegalZeroPrefix, ""},
	"NOT_ZERO_OR_ONE":                {NotZeroOrOne, ""},
	"INVALID_WINDING_DIRECTION":      {InvalidWindingDirection, ""},
	"NOT_ISO3166":                    {NotISO3166, ""},
	"NOT_ISO3166_OR_999":             {NotISO3166Or999, ""},
	"NOT_ISO3166_ALPHA2":             {NotISO3166Alpha2, ""},
	"NOT_ISO4217":                    {NotISO4217, ""},
	"IBAN_TOO_SHORT":                 {IBANTooShort, ""},
	"INVALID_IBAN_CHARACTER":         {InvalidIBANCharacter, ""},
	"ILLEGAL_IBAN_COUNTRY_CODE":      {IllegalIBANCountry, ""},
	"INCORRECT_IBAN_CHECKSUM":        {IncorrectIBANChecksum, ""},
	"ILLEGAL_MONTH":                  {IllegalMonth, ""},
	"ILLEGAL_DAY":                    {IllegalDay, ""},
	"ILLEGAL_HOUR":                   {IllegalHour, ""},
	"ILLEGAL_MINUTE":                 {IllegalMinute, ""},
	"ILLEGAL_SECOND":                 {IllegalSecond, ""},
	"ZERO_PIECE_NUMBER":              {ZeroPieceNumber, ""},
	"ZERO_TOTAL_PIECES":              {ZeroTotalPieces, ""},
	"PIECE_NUMBER_EXCEEDS_TOTAL":     {PieceNumberExceedsTotal, ""},
	"INVALID_PERCENT_SEQUENCE":       {InvalidPercentSequence, ""},
	"INVALID_LATITUDE":               {InvalidLatitude, ""},
	"INVALID_LONGITUDE":              {InvalidLongitude, ""},
	"NOT_HYPHEN":                     {NotHyphen, ""},
	"INVALID_BIOLOGICAL_SEX_CODE":    {InvalidBiologicalSex, ""},
	"POSITION_IN_SEQUENCE_MALFORMED": {PositionInSequenceMalformed, ""},
	"POSITION_EXCEEDS_END":           {PositionExceedsEnd, ""},
	"COUPON_EXCESS_DATA":             {CouponExcessData, ""},
	"COUPON_EXPIRATION_BEFORE_START": {CouponExpiryBeforeStart, ""},
}

// couponFields maps the field part of the coupon error names to
// Error.Field.
var couponFields = map[string]string{
	"FORMAT_CODE": CouponFormatCode, "FUNDER": CouponFunder, "FUNDER_VLI": CouponFunderLength,
	"FUNDER_LENGTH": CouponFunderLength, "OFFER_CODE": CouponOfferCode,
	"SERIAL_NUMBER_VLI": CouponSerialLength, "SERIAL_NUMBER": CouponSerial,
	"GCP_VLI": CouponGCPLength, "GCP_LENGTH": CouponGCPLength, "GCP": CouponGCP,
	"SAVE_VALUE_VLI": CouponSaveValueLength, "SAVE_VALUE_LENGTH": CouponSaveValueLength,
	"SAVE_VALUE": CouponSaveValue, "ADDITIONAL_PURCHASE_RULES_CODE": CouponAdditionalRules,
	"EXPIRATION_DATE": CouponExpirationDate, "EXIPIRATION_DATE": CouponExpirationDate,
	"START_DATE": CouponStartDate, "RETAILER_GCP_OR_GLN_VLI": CouponRetailerLength,
	"RETAILER_GCP_OR_GLN_LENGTH": CouponRetailerLength, "RETAILER_GCP_OR_GLN": CouponRetailer,
	"SAVE_VALUE_CODE": CouponSaveValueCode, "SAVE_VALUE_APPLIES_TO_ITEM": CouponSaveValueAppliesTo,
	"STORE_COUPON_FLAG": CouponStoreCouponFlag, "DONT_MULTIPLY_FLAG": CouponDontMultiplyFlag,
}

// couponReason splits a coupon error name such as
// COUPON_TRUNCATED_2ND_PURCHASE_GCP into its Reason and field.
func couponReason(t *testing.T, name string) (Reason, string) {
	rest, ok := strings.CutPrefix(name, "COUPON_")
	require.True(t, ok, "not a coupon error: %s", name)
	var reason Reason
	for prefix, r := range map[string]Reason{"MISSING_": CouponMissingField, "INVALID_": CouponInvalidField,
		"TRUNCATED_": CouponTruncatedField, "TOO_SHORT_FOR_": CouponTruncatedField} {
		if after, ok := strings.CutPrefix(rest, prefix); ok {
			reason, rest = r, after
		}
	}
	require.NotZero(t, reason, "coupon error %s", name)
	for ordinal, word := range map[string]string{"1ST_": couponFirst, "2ND_": couponSecond, "3RD_": couponThird} {
		if after, ok := strings.CutPrefix(rest, ordinal); ok {
			field := strings.NewReplacer("PURCHASE_REQUIREMENT_VLI", couponRequirementLength,
				"PURCHASE_REQUIREMENT_LENGTH", couponRequirementLength,
				"PURCHASE_REQUIREMENT_CODE", couponRequirementCode,
				"PURCHASE_REQUIREMENT", couponRequirement, "PURCHASE_FAMILY_CODE", couponFamilyCode,
				"PURCHASE_GCP_VLI", couponPurchaseGCPLength, "PURCHASE_GCP_LENGTH", couponPurchaseGCPLength,
				"PURCHASE_GCP", couponPurchaseGCP).Replace(after)
			return reason, word + field
		}
	}
	field, ok := couponFields[rest]
	require.True(t, ok, "coupon field of %s", name)
	return reason, field
}

func TestVectorsLinters(t *testing.T) {
	p := Parser{SkipAssociationChecks: true}
	for _, row := range readVectors(t, "ai-linter-errors.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			input, want := row.field(0), row.field(1)
			_, err := p.ParseBracketed(input)
			if want == "OK" {
				require.NoError(t, err, "ParseBracketed(%q)", input)
				return
			}
			var e *Error
			require.ErrorAs(t, err, &e, "ParseBracketed(%q)", input)
			reason, field := linterReasons[want].reason, linterReasons[want].field
			if strings.HasPrefix(want, "COUPON_") && reason == 0 {
				reason, field = couponReason(t, want)
			}
			require.NotZero(t, reason, "no Reason for %s", want)
			assert.Equal(t, reason, e.Reason, "reason of %q: %v", input, err)
			assert.Equal(t, field, e.Field, "field of %q: %v", input, err)
			assert.True(t, errors.Is(err, reason), "errors.Is(%v, %v)", err, reason)
		})
	}
}

func TestVectorsAssociations(t *testing.T) {
	for _, row := range readVectors(t, "ai-association-rules.tsv") {
		t.Run(row.name(), func(t *testing.T) {
			valid, rule, input := row.field(0) == "valid", row.field(1), row.field(2)
			p := parserFor(t, row.field(3))
			es, err := p.ParseBracketed(input)
			if valid {
				assert.NoError(t, err, "%s: ParseBracketed(%q)", rule, input)
				return
			}
			require.Error(t, err, "%s: ParseBracketed(%q) = %v", rule, input, es)
			want := map[string]Reason{
				"repeat-same-value":         RepeatedAIDiffers,
				"mutually-exclusive (ex=)":  ExclusiveAIs,
				"required-companion (req=)": RequiredAIMissing,
				"8030-needs-serialised-key": SerialRequired,
			}[rule]
			assert.ErrorIs(t, err, want, "%s: %q", rule, input)
		})
	}
}
