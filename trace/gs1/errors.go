package gs1

import (
	"strconv"
	"strings"
)

// Reason classifies why a GS1 key, element string, Digital Link URI or scan
// data was rejected. A Reason is also an error, so callers can branch with
// errors.Is(err, gs1.IncorrectCheckDigit) on any error this package returns.
type Reason uint8

// Reasons for rejecting a value's content. They correspond to the content
// checks that the GS1 Barcode Syntax Tests define for the components of an AI.
const (
	// NonDigit means a numeric component holds a character other than 0-9.
	NonDigit Reason = iota + 1
	// InvalidCSet82 means a character is outside GS1 AI encodable character
	// set 82 of the GS1 General Specifications.
	InvalidCSet82
	// InvalidCSet39 means a character is outside character set 39
	// (# - / 0-9 A-Z) of the GS1 General Specifications.
	InvalidCSet39
	// InvalidCSet64 means a character is outside the file-safe, URI-safe
	// base64 alphabet of character set 64.
	InvalidCSet64
	// InvalidCSet64Padding means a set 64 value ends in more than two "="
	// or in padding that does not complete a group.
	InvalidCSet64Padding
	// InvalidCSet32 means an alphanumeric check character is outside the 32
	// characters that check character pairs use.
	InvalidCSet32
	// TooShortForCheckDigit means a key has no digit left to be its check digit.
	TooShortForCheckDigit
	// IncorrectCheckDigit means the mod-10 check digit does not match the
	// digits before it.
	IncorrectCheckDigit
	// TooShortForCheckPair means an alphanumeric key is shorter than its
	// two check characters.
	TooShortForCheckPair
	// IncorrectCheckPair means the two check characters of an alphanumeric
	// key (GMN, MUDI) do not match the characters before them.
	IncorrectCheckPair
	// TooLongForCheckPair means an alphanumeric key is longer than the 97
	// characters that the check pair weights cover.
	TooLongForCheckPair
	// TooShortForGCP means a key is too short to start with a GS1 Company
	// Prefix, which has at least 4 digits.
	TooShortForGCP
	// InvalidGCPPrefix means the first 4 characters where a GS1 Company
	// Prefix starts are not all digits.
	InvalidGCPPrefix
	// InvalidImporterIndex means an importer index is not one character of
	// - 0-9 A-Z _ a-z.
	InvalidImporterIndex
	// IllegalZeroValue means a component that must not be zero is all zeros.
	IllegalZeroValue
	// NotZero means a component that must be "0" is not.
	NotZero
	// IllegalZeroPrefix means a number has a leading zero, or is zero, where
	// neither is allowed.
	IllegalZeroPrefix
	// NotZeroOrOne means a yes/no flag is neither 0 nor 1.
	NotZeroOrOne
	// InvalidWindingDirection means a roll's winding direction is not 0, 1 or 9.
	InvalidWindingDirection
	// NotISO3166 means a value is not an ISO 3166-1 numeric country code.
	NotISO3166
	// NotISO3166Or999 means a value is neither an ISO 3166-1 numeric
	// country code nor 999.
	NotISO3166Or999
	// NotISO3166Alpha2 means a value is not an ISO 3166-1 alpha-2 country code.
	NotISO3166Alpha2
	// NotISO4217 means a value is not an ISO 4217 numeric currency code.
	NotISO4217
	// IBANTooShort means an IBAN has 10 characters or fewer.
	IBANTooShort
	// IBANTooLong means an IBAN has more than 34 characters.
	IBANTooLong
	// InvalidIBANCharacter means an IBAN holds a character other than 0-9 A-Z.
	InvalidIBANCharacter
	// IllegalIBANCountry means an IBAN does not start with an ISO 3166-1
	// alpha-2 country code.
	IllegalIBANCountry
	// IncorrectIBANChecksum means the ISO 13616 mod-97 check of an IBAN fails.
	IncorrectIBANChecksum
	// IllegalMonth means a date's month is not 01 to 12.
	IllegalMonth
	// IllegalDay means a date's day does not exist in its month, or is 00
	// where the format does not allow an unspecified day.
	IllegalDay
	// IllegalHour means an hour is not 00 to 23.
	IllegalHour
	// IllegalMinute means a minute is not 00 to 59.
	IllegalMinute
	// IllegalSecond means a second is not 00 to 59.
	IllegalSecond
	// InvalidPieceOfTotal means a piece-of-total component does not split
	// into a piece number and a total of equal length.
	InvalidPieceOfTotal
	// ZeroPieceNumber means a piece number is zero.
	ZeroPieceNumber
	// ZeroTotalPieces means a total number of pieces is zero.
	ZeroTotalPieces
	// PieceNumberExceedsTotal means a piece number is greater than the total.
	PieceNumberExceedsTotal
	// InvalidPercentSequence means a "%" is not followed by two hex digits in
	// a value that holds percent-encoded text.
	InvalidPercentSequence
	// CouponMissingField means a coupon code (AI 8110 or 8112) ends before a
	// field it must have; Error.Field names the field.
	CouponMissingField
	// CouponInvalidField means a coupon field holds a value that the coupon
	// specification does not allow; Error.Field names the field.
	CouponInvalidField
	// CouponTruncatedField means a coupon field is shorter than its length
	// indicator or format requires; Error.Field names the field.
	CouponTruncatedField
	// CouponExpiryBeforeStart means a coupon's expiration date is before its
	// start date.
	CouponExpiryBeforeStart
	// CouponExcessData means a coupon code has data after its last
	// recognised field.
	CouponExcessData
	// InvalidLatitude means a latitude is above 1800000000 (180° north of
	// the south pole in 10⁻⁷ degrees).
	InvalidLatitude
	// InvalidLongitude means a longitude is above 3600000000 (360° east of
	// the antimeridian in 10⁻⁷ degrees).
	InvalidLongitude
	// InvalidMediaType means an AIDC media type is not 01-10 or 80-99.
	InvalidMediaType
	// NotHyphen means a component that may hold only "-" holds something else.
	NotHyphen
	// InvalidBiologicalSex means a value is not an ISO/IEC 5218 code (0, 1, 2 or 9).
	InvalidBiologicalSex
	// PositionInSequenceMalformed means a position is not written "<pos>/<end>".
	PositionInSequenceMalformed
	// PositionExceedsEnd means a position in a sequence is past its end.
	PositionExceedsEnd
	// RequiresNonDigit means a value that must contain a non-digit has only digits.
	RequiresNonDigit
	// InvalidPackageType means a value is not a PackageTypeCode (UN/ECE
	// Recommendation 21 with GS1 additions).
	InvalidPackageType
)

// Reasons for rejecting the structure of AI data.
const (
	// UnknownAI means an AI is not in the AI table and unknown AIs are not
	// permitted, or an unknown AI cannot be separated from its value.
	UnknownAI Reason = iota + 64
	// EmptyValue means an AI has no value.
	EmptyValue
	// ValueTooShort means a value is shorter than its AI's format allows.
	ValueTooShort
	// ValueTooLong means a value is longer than its AI's format allows.
	ValueTooLong
	// MissingFNC1 means an unbracketed element string does not start with FNC1.
	MissingFNC1
	// NoAIData means the input holds no AI at all.
	NoAIData
	// MalformedBracketedData means bracketed AI data does not follow the
	// "(AI)value(AI)value" form.
	MalformedBracketedData
	// RepeatedAIDiffers means one AI occurs twice with different values.
	RepeatedAIDiffers
	// ExclusiveAIs means two AIs that must not be used together are both present.
	ExclusiveAIs
	// RequiredAIMissing means an AI is present without the AIs it requires.
	RequiredAIMissing
	// SerialRequired means a digital signature (AI 8030) signs a GDTI, GCN or
	// GRAI without its serial component.
	SerialRequired
)

// Reasons for rejecting a GS1 Digital Link URI or scan data.
const (
	// InvalidURI means the URI holds characters that a URI cannot hold, or
	// is not a URI at all.
	InvalidURI Reason = iota + 96
	// InvalidScheme means the scheme is not http or https in one case.
	InvalidScheme
	// InvalidHost means the host is empty or holds characters a host cannot hold.
	InvalidHost
	// NoPrimaryKey means the path holds no "/AI/value" pair whose AI is a
	// Digital Link primary key, or element strings hold no primary key.
	NoPrimaryKey
	// InvalidQualifiers means the AIs after the primary key are not key
	// qualifiers of that key in their standard order.
	InvalidQualifiers
	// NotDataAttribute means an AI in the query string is not permitted as
	// a Digital Link data attribute.
	NotDataAttribute
	// BelongsInPath means an AI in the query string is a key qualifier that
	// must be written in the path.
	BelongsInPath
	// DuplicateAI means an AI occurs more than once in a Digital Link URI.
	DuplicateAI
	// NullCharacter means a percent-encoded value decodes to a NUL byte.
	NullCharacter
	// UnknownSymbology means scan data does not start with a known AIM
	// symbology identifier.
	UnknownSymbology
	// InvalidScanData means scan data does not fit its symbology, such as
	// an EAN-13 with 12 digits or plain text in GS1-128.
	InvalidScanData
)

var reasonText = map[Reason]string{
	NonDigit:                    "non-digit character",
	InvalidCSet82:               "character outside GS1 character set 82",
	InvalidCSet39:               "character outside GS1 character set 39",
	InvalidCSet64:               "character outside GS1 character set 64",
	InvalidCSet64Padding:        "invalid character set 64 padding",
	InvalidCSet32:               "check character outside GS1 character set 32",
	TooShortForCheckDigit:       "too short to hold a check digit",
	IncorrectCheckDigit:         "incorrect check digit",
	TooShortForCheckPair:        "too short to hold a check character pair",
	IncorrectCheckPair:          "incorrect check character pair",
	TooLongForCheckPair:         "too long for the check character pair",
	TooShortForGCP:              "too short to start with a GS1 Company Prefix",
	InvalidGCPPrefix:            "does not start with a numeric GS1 Company Prefix",
	InvalidImporterIndex:        "invalid importer index",
	IllegalZeroValue:            "zero value not allowed",
	NotZero:                     "value must be 0",
	IllegalZeroPrefix:           "leading zero not allowed",
	NotZeroOrOne:                "value must be 0 or 1",
	InvalidWindingDirection:     "winding direction must be 0, 1 or 9",
	NotISO3166:                  "not an ISO 3166-1 numeric country code",
	NotISO3166Or999:             "not an ISO 3166-1 numeric country code or 999",
	NotISO3166Alpha2:            "not an ISO 3166-1 alpha-2 country code",
	NotISO4217:                  "not an ISO 4217 numeric currency code",
	IBANTooShort:                "IBAN too short",
	IBANTooLong:                 "IBAN too long",
	InvalidIBANCharacter:        "invalid IBAN character",
	IllegalIBANCountry:          "IBAN country code is not ISO 3166-1 alpha-2",
	IncorrectIBANChecksum:       "incorrect IBAN check digits",
	IllegalMonth:                "illegal month",
	IllegalDay:                  "illegal day",
	IllegalHour:                 "illegal hour",
	IllegalMinute:               "illegal minute",
	IllegalSecond:               "illegal second",
	InvalidPieceOfTotal:         "piece and total must have equal lengths",
	ZeroPieceNumber:             "piece number is zero",
	ZeroTotalPieces:             "total number of pieces is zero",
	PieceNumberExceedsTotal:     "piece number exceeds the total",
	InvalidPercentSequence:      "invalid percent-encoding sequence",
	CouponMissingField:          "coupon field missing",
	CouponInvalidField:          "coupon field invalid",
	CouponTruncatedField:        "coupon field truncated",
	CouponExpiryBeforeStart:     "coupon expires before it starts",
	CouponExcessData:            "excess data after the coupon fields",
	InvalidLatitude:             "latitude out of range",
	InvalidLongitude:            "longitude out of range",
	InvalidMediaType:            "invalid AIDC media type",
	NotHyphen:                   "only hyphens allowed",
	InvalidBiologicalSex:        "not an ISO/IEC 5218 biological sex code",
	PositionInSequenceMalformed: "position in sequence must be written <pos>/<end>",
	PositionExceedsEnd:          "position exceeds the end of the sequence",
	RequiresNonDigit:            "a non-digit character is required",
	InvalidPackageType:          "not a PackageTypeCode",
	UnknownAI:                   "unknown AI",
	EmptyValue:                  "empty value",
	ValueTooShort:               "value too short",
	ValueTooLong:                "value too long",
	MissingFNC1:                 "FNC1 missing in first position",
	NoAIData:                    "no AI data",
	MalformedBracketedData:      "malformed bracketed AI data",
	RepeatedAIDiffers:           "repeated AI with a different value",
	ExclusiveAIs:                "AIs must not be used together",
	RequiredAIMissing:           "required AI missing",
	SerialRequired:              "key must carry its serial component",
	InvalidURI:                  "invalid URI",
	InvalidScheme:               "scheme must be http or https",
	InvalidHost:                 "invalid host",
	NoPrimaryKey:                "no GS1 primary key",
	InvalidQualifiers:           "invalid key qualifiers",
	NotDataAttribute:            "AI not permitted as a Digital Link data attribute",
	BelongsInPath:               "key qualifier belongs in the path",
	DuplicateAI:                 "duplicate AI",
	NullCharacter:               "percent-encoded NUL",
	UnknownSymbology:            "unknown symbology identifier",
	InvalidScanData:             "invalid scan data",
}

// String returns a short lowercase description such as "incorrect check digit".
func (r Reason) String() string {
	if s, ok := reasonText[r]; ok {
		return s
	}
	return "reason " + strconv.Itoa(int(r))
}

// Error returns the same text as String, so that a Reason can be the target
// of errors.Is.
func (r Reason) Error() string { return "gs1: " + r.String() }

// Error reports a GS1 key, element string, Digital Link URI or scan data that
// failed validation: which AI, which value, and why.
type Error struct {
	// Reason classifies the failure.
	Reason Reason
	// AI is the application identifier concerned, such as "01", or "" when
	// the failure does not belong to one AI.
	AI string
	// Value is the offending value, or the part of the input that failed.
	Value string
	// Pos is the byte offset of the offending characters in Value, or -1
	// when the whole value is at fault.
	Pos int
	// Field names the part of a structured value that failed, such as a
	// coupon field, or is empty.
	Field string
	// Detail adds what a valid value would look like, or is empty.
	Detail string
}

// Error returns "gs1: (AI) VALUE: REASON[: FIELD][ at byte N][: DETAIL]".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("gs1: ")
	if e.AI != "" {
		b.WriteString("(" + e.AI + ") ")
	}
	if e.Value != "" || e.AI != "" {
		b.WriteString(strconv.Quote(e.Value) + ": ")
	}
	b.WriteString(e.Reason.String())
	if e.Field != "" {
		b.WriteString(": " + e.Field)
	}
	if e.Pos >= 0 {
		b.WriteString(" at byte " + strconv.Itoa(e.Pos))
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Is reports whether target is the Reason of e, so that
// errors.Is(err, gs1.IncorrectCheckDigit) works through wrapping.
func (e *Error) Is(target error) bool {
	r, ok := target.(Reason)
	return ok && r == e.Reason
}

// newError returns an *Error for the whole of value.
func newError(r Reason, ai, value, detail string) *Error {
	return &Error{Reason: r, AI: ai, Value: value, Pos: -1, Detail: detail}
}
