package gs1

import "time"

// linter is a content check that applies to one component of an AI value,
// on top of the component's character set and length. The checks are those
// of the GS1 Barcode Syntax Tests.
type linter uint8

const (
	lintNone           linter = iota
	lintCsum                  // mod-10 check digit
	lintCsumAlpha             // alphanumeric check character pair
	lintGCPPos1               // starts with a GS1 Company Prefix
	lintGCPPos2               // GS1 Company Prefix from the second character
	lintHasNonDigit           // holds at least one non-digit
	lintYYMMD0                // YYMMDD date, DD may be 00
	lintYYMMDD                // YYMMDD date
	lintYYYYMMD0              // YYYYMMDD date, DD may be 00
	lintYYYYMMDD              // YYYYMMDD date
	lintHH                    // hour
	lintMI                    // minute
	lintSS                    // second
	lintHHMI                  // hour and minute
	lintISO3166               // ISO 3166-1 numeric country
	lintISO3166Or999          // ISO 3166-1 numeric country or 999
	lintISO3166Alpha2         // ISO 3166-1 alpha-2 country
	lintISO4217               // ISO 4217 numeric currency
	lintISO5218               // ISO/IEC 5218 biological sex
	lintIBAN                  // ISO 13616 IBAN
	lintImporterIdx           // EU 2018/574 importer index
	lintLatitude              // latitude in 10⁻⁷ degrees from the south pole
	lintLongitude             // longitude in 10⁻⁷ degrees from the antimeridian
	lintHyphen                // only "-"
	lintMediaType             // AIDC media type
	lintPackageType           // PackageTypeCode
	lintNonZero               // not all zeros
	lintZero                  // exactly "0"
	lintNoZeroPrefix          // no leading zero
	lintWinding               // winding direction 0, 1 or 9
	lintPieceOfTotal          // piece number and total of equal lengths
	lintPosInSeqSlash         // "<pos>/<end>"
	lintPcenc                 // valid percent-encoding
	lintYesNo                 // 0 or 1
	lintCouponCode            // North American coupon code (AI 8110)
	lintCouponPosOffer        // positive offer file coupon (AI 8112)
	numLinters
)

// linterNames holds the names that the GS1 Barcode Syntax Dictionary gives
// to the checks.
var linterNames = [numLinters]string{
	"", "csum", "csumalpha", "gcppos1", "gcppos2", "hasnondigit", "yymmd0", "yymmdd",
	"yyyymmd0", "yyyymmdd", "hh", "mi", "ss", "hhmi", "iso3166", "iso3166999",
	"iso3166alpha2", "iso4217", "iso5218", "iban", "importeridx", "latitude", "longitude",
	"hyphen", "mediatype", "packagetype", "nonzero", "zero", "nozeroprefix", "winding",
	"pieceoftotal", "posinseqslash", "pcenc", "yesno", "couponcode", "couponposoffer",
}

// finding is the result of a content check: a Reason, the offending byte
// offset in the checked text (-1 for all of it), and the field of a
// structured value. A zero Reason means the text passed.
type finding struct {
	reason Reason
	pos    int
	field  string
	detail string
}

var pass = finding{}

func fail(r Reason, pos int) finding { return finding{reason: r, pos: pos} }

// check runs l on v. now supplies the reference date for the GS1 century
// rule of two-digit years.
func (l linter) check(v string, now func() time.Time) finding {
	switch l {
	case lintCsum:
		return fromError(ValidateCheckDigit(v))
	case lintCsumAlpha:
		return checkPair(v)
	case lintGCPPos1:
		return checkGCP(v)
	case lintGCPPos2:
		if v == "" {
			return fail(TooShortForGCP, -1)
		}
		f := checkGCP(v[1:])
		if f.pos >= 0 {
			f.pos++
		}
		return f
	case lintHasNonDigit:
		if allDigits(v) {
			return fail(RequiresNonDigit, -1)
		}
	case lintYYMMD0, lintYYMMDD:
		return checkShortDate(v, l == lintYYMMD0, now)
	case lintYYYYMMD0, lintYYYYMMDD:
		return checkDate(atoi(v[:4]), v[4:], l == lintYYYYMMD0, 4)
	case lintHH:
		return checkRange(v, 23, IllegalHour, 0)
	case lintMI:
		return checkRange(v, 59, IllegalMinute, 0)
	case lintSS:
		return checkRange(v, 59, IllegalSecond, 0)
	case lintCouponCode:
		return checkCouponCode(v, now)
	case lintHHMI:
		if f := checkRange(v[:2], 23, IllegalHour, 0); f.reason != 0 {
			return f
		}
		return checkRange(v[2:], 59, IllegalMinute, 2)
	default:
		return l.checkCode(v)
	}
	return pass
}

// checkCode runs the checks of code lists and structured values.
func (l linter) checkCode(v string) finding {
	switch l {
	case lintISO3166:
		return inList(v, iso3166Numeric, NotISO3166)
	case lintISO3166Or999:
		if v == "999" {
			return pass
		}
		return inList(v, iso3166Numeric, NotISO3166Or999)
	case lintISO3166Alpha2:
		return inList(v, iso3166Alpha2, NotISO3166Alpha2)
	case lintISO4217:
		return inList(v, iso4217Numeric, NotISO4217)
	case lintISO5218:
		return oneOf(v, InvalidBiologicalSex, "0", "1", "2", "9")
	case lintIBAN:
		return checkIBAN(v)
	case lintImporterIdx:
		if len(v) != 1 || !(isAlnum(v[0]) || v[0] == '-' || v[0] == '_') {
			return fail(InvalidImporterIndex, -1)
		}
	case lintLatitude:
		if v > "1800000000" {
			return fail(InvalidLatitude, -1)
		}
	case lintLongitude:
		if v > "3600000000" {
			return fail(InvalidLongitude, -1)
		}
	case lintHyphen:
		for i := 0; i < len(v); i++ {
			if v[i] != '-' {
				return fail(NotHyphen, i)
			}
		}
	case lintMediaType:
		if !(v >= "01" && v <= "10" || v >= "80" && v <= "99") || len(v) != 2 {
			return fail(InvalidMediaType, -1)
		}
	case lintPackageType:
		return inList(v, packageTypes, InvalidPackageType)
	default:
		return l.checkNumber(v)
	}
	return pass
}

// checkNumber runs the checks on numbers, flags and sequences.
func (l linter) checkNumber(v string) finding {
	switch l {
	case lintNonZero:
		for i := 0; i < len(v); i++ {
			if v[i] != '0' {
				return pass
			}
		}
		return fail(IllegalZeroValue, -1)
	case lintZero:
		if v != "0" {
			return fail(NotZero, -1)
		}
	case lintNoZeroPrefix:
		if len(v) > 1 && v[0] == '0' {
			return fail(IllegalZeroPrefix, 0)
		}
	case lintWinding:
		return oneOf(v, InvalidWindingDirection, "0", "1", "9")
	case lintYesNo:
		return oneOf(v, NotZeroOrOne, "0", "1")
	case lintPieceOfTotal:
		return checkPieceOfTotal(v)
	case lintPosInSeqSlash:
		return checkPositionInSequence(v)
	case lintPcenc:
		return checkPercentEncoding(v)
	case lintCouponPosOffer:
		return checkCouponPositiveOffer(v)
	}
	return pass
}

// fromError converts an *Error from a key check into a finding.
func fromError(err error) finding {
	if err == nil {
		return pass
	}
	e := err.(*Error)
	return finding{reason: e.Reason, pos: e.Pos, detail: e.Detail}
}

// gcpMinLength is the length of the shortest GS1 Company Prefix.
const gcpMinLength = 4

// checkGCP checks that v can start with a GS1 Company Prefix: its first 4
// characters are digits. Without a register of allocated prefixes no more
// can be checked.
func checkGCP(v string) finding {
	if len(v) < gcpMinLength {
		return fail(TooShortForGCP, -1)
	}
	for i := 0; i < gcpMinLength; i++ {
		if !isDigit(v[i]) {
			return fail(InvalidGCPPrefix, i)
		}
	}
	return pass
}

func oneOf(v string, r Reason, allowed ...string) finding {
	for _, a := range allowed {
		if v == a {
			return pass
		}
	}
	return fail(r, -1)
}

// checkRange checks that the two digits v are at most max. off is added to
// the reported position.
func checkRange(v string, max int, r Reason, off int) finding {
	if atoi(v) > max {
		return fail(r, off)
	}
	return pass
}

// atoi returns the value of the ASCII digits s, which the caller has
// checked.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// inList reports whether v is in the sorted list.
func inList(v string, list []string, r Reason) finding {
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case list[m] < v:
			lo = m + 1
		case list[m] > v:
			hi = m
		default:
			return pass
		}
	}
	return fail(r, -1)
}

// checkPair checks an alphanumeric key ending in its two check characters
// (GS1 General Specifications): the characters before the pair, valued
// by their position in set 82 and weighted by the primes 2, 3, 5, ... from
// the right, sum modulo 1021 to a 10-bit number whose high and low 5 bits
// pick the two check characters from set 32.
func checkPair(v string) finding {
	const set32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	if len(v) < 2 {
		return fail(TooShortForCheckPair, -1)
	}
	if len(v)-2 > len(pairPrimes) {
		return fail(TooLongForCheckPair, -1)
	}
	sum := 0
	for i := 0; i < len(v)-2; i++ {
		value := cset82Index[v[i]]
		if value == 0 {
			return fail(InvalidCSet82, i)
		}
		sum += int(value-1) * pairPrimes[len(v)-3-i]
	}
	sum %= 1021
	for i := len(v) - 2; i < len(v); i++ {
		if indexByte(set32, v[i]) < 0 {
			return fail(InvalidCSet32, i)
		}
	}
	if v[len(v)-2] != set32[sum>>5] || v[len(v)-1] != set32[sum&31] {
		return fail(IncorrectCheckPair, len(v)-2)
	}
	return pass
}

// pairPrimes are the first 97 primes, the weights of check character pairs.
var pairPrimes = firstPrimes(97)

func firstPrimes(count int) []int {
	primes := make([]int, 0, count)
	for c := 2; len(primes) < count; c++ {
		prime := true
		for _, p := range primes {
			if p*p > c {
				break
			}
			if c%p == 0 {
				prime = false
				break
			}
		}
		if prime {
			primes = append(primes, c)
		}
	}
	return primes
}

// cset82Order lists character set 82 in the order that gives each character
// its value for check character pairs.
const cset82Order = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

// cset82Index maps a byte to 1 + its value in set 82, or 0 when the byte is
// not in the set.
var cset82Index = func() (t [256]uint8) {
	for i := 0; i < len(cset82Order); i++ {
		t[cset82Order[i]] = uint8(i + 1)
	}
	return t
}()

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// checkIBAN checks an International Bank Account Number (ISO 13616-1). It
// must start with an ISO 3166-1 alpha-2 country and have 11 to 34
// characters of 0-9 A-Z. For the mod-97 check, the first four characters
// move to the end and letters count as 10 to 35.
func checkIBAN(v string) finding {
	if len(v) < 4 {
		return fail(IBANTooShort, -1)
	}
	if inList(v[:2], iso3166Alpha2, NotISO3166Alpha2).reason != 0 {
		return fail(IllegalIBANCountry, 0)
	}
	if len(v) > 34 {
		return fail(IBANTooLong, -1)
	}
	if len(v) <= 10 {
		return fail(IBANTooShort, -1)
	}
	rem := 0
	for k := 4; k < len(v)+4; k++ {
		i := k % len(v)
		c := v[i]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return fail(InvalidIBANCharacter, i)
		}
	}
	if rem != 1 {
		return fail(IncorrectIBANChecksum, 2)
	}
	return pass
}

// checkPieceOfTotal checks a piece number followed by the total number of
// pieces, both of half the length of v, neither zero, the piece at most the
// total.
func checkPieceOfTotal(v string) finding {
	if len(v)%2 != 0 {
		return fail(InvalidPieceOfTotal, -1)
	}
	piece, total := v[:len(v)/2], v[len(v)/2:]
	if atoi(piece) == 0 {
		return fail(ZeroPieceNumber, 0)
	}
	if atoi(total) == 0 {
		return fail(ZeroTotalPieces, len(piece))
	}
	if piece > total {
		return fail(PieceNumberExceedsTotal, -1)
	}
	return pass
}

// checkPositionInSequence checks "<pos>/<end>": two numbers without
// leading zeros, the position at most the end.
func checkPositionInSequence(v string) finding {
	slash := indexByte(v, '/')
	if slash <= 0 || slash == len(v)-1 || !allDigits(v[:slash]) || !allDigits(v[slash+1:]) {
		return fail(PositionInSequenceMalformed, -1)
	}
	pos, end := v[:slash], v[slash+1:]
	if pos[0] == '0' {
		return fail(IllegalZeroPrefix, 0)
	}
	if end[0] == '0' {
		return fail(IllegalZeroPrefix, slash+1)
	}
	if len(pos) > len(end) || len(pos) == len(end) && pos > end {
		return fail(PositionExceedsEnd, -1)
	}
	return pass
}

// checkPercentEncoding checks that every "%" starts a "%hh" sequence.
func checkPercentEncoding(v string) finding {
	for i := 0; i < len(v); i++ {
		if v[i] != '%' {
			continue
		}
		if i+2 >= len(v) || hexValue(v[i+1]) < 0 || hexValue(v[i+2]) < 0 {
			return fail(InvalidPercentSequence, i)
		}
		i += 2
	}
	return pass
}

func hexValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return -1
}
