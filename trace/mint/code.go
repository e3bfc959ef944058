package mint

import "unicode/utf8"

const (
	// Len is the number of symbols in a code, hyphens aside.
	Len = 16
	// GroupedLen is the length of a code in its grouped form, such as
	// "1SE6-1XHP-SF46-E73Q".
	GroupedLen = Len + 3
	// groupSize is the number of symbols between hyphens in the grouped form.
	groupSize = 4
	// dataLen is the number of symbols that the check symbol covers.
	dataLen = Len - 1
	// checkModulus is Crockford's check modulus.
	checkModulus = 37
)

// alphabet holds the symbols of Crockford base32 at their values 0 to 31, followed by
// the five check-only symbols for 32 to 36.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"

// Values in symbolValues that are not symbols.
const (
	invalidSymbol = 0xFF
	hyphen        = 0xFE
)

// symbolValues maps an input byte to its symbol value: 0 to 31 for data symbols, 32 to
// 36 for check-only symbols, hyphen for '-' and invalidSymbol for every other byte.
var symbolValues = buildSymbolValues()

func buildSymbolValues() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = invalidSymbol
	}
	for v := range len(alphabet) {
		c := alphabet[v]
		t[c] = byte(v)
		if c >= 'A' && c <= 'Z' {
			t[c+'a'-'A'] = byte(v)
		}
	}
	// Crockford base32 reads O as zero and I and L as one.
	for _, c := range "Oo" {
		t[c] = 0
	}
	for _, c := range "IiLl" {
		t[c] = 1
	}
	t['-'] = hyphen
	return t
}

// Code is a trace code in its compact form: 16 upper-case symbols without hyphens, the
// key version first and the check symbol last. The zero Code is not a valid code.
// Codes are comparable and can be map keys.
type Code [Len]byte

// String returns the compact form, such as "1SE61XHPSF46E73Q".
func (c Code) String() string { return string(c[:]) }

// Append appends the compact form to dst.
func (c Code) Append(dst []byte) []byte { return append(dst, c[:]...) }

// Grouped returns the form printed for people, such as "1SE6-1XHP-SF46-E73Q".
func (c Code) Grouped() string {
	var b [GroupedLen]byte
	return string(c.AppendGrouped(b[:0]))
}

// AppendGrouped appends the grouped form to dst.
func (c Code) AppendGrouped(dst []byte) []byte {
	for i := 0; i < Len; i += groupSize {
		if i > 0 {
			dst = append(dst, '-')
		}
		dst = append(dst, c[i:i+groupSize]...)
	}
	return dst
}

// Version returns the key version that the first symbol names, without checking the
// code. It returns 0 for the zero Code.
func (c Code) Version() uint8 {
	v := symbolValues[c[0]]
	if v >= 32 {
		return 0
	}
	return v
}

// IsZero reports whether c is the zero Code.
func (c Code) IsZero() bool { return c == Code{} }

// MarshalText implements encoding.TextMarshaler with the compact form.
func (c Code) MarshalText() ([]byte, error) { return c.Append(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with [ParseBytes].
func (c *Code) UnmarshalText(text []byte) error {
	parsed, err := ParseBytes(text)
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}

// Parse reads a code in compact or grouped form. It accepts either case, ignores
// hyphens, reads O as 0 and I and L as 1, and checks the check symbol. It does not
// decrypt: [Keyring.Verify] does. An error is a [*CodeError] wrapping [ErrSymbol],
// [ErrLength] or [ErrCheck].
func Parse(s string) (Code, error) { return parse(s) }

// ParseBytes is [Parse] for a byte slice. It does not retain b.
func ParseBytes(b []byte) (Code, error) { return parse(b) }

func parse[S string | []byte](s S) (Code, error) {
	values, err := decode(s)
	if err != nil {
		return Code{}, err
	}
	return codeOf(&values), nil
}

// decode returns the symbol values of a code whose check symbol matches, or a
// [*CodeError] that names the input's first problem. The common forms, compact and
// grouped, take a fast path that also rejects a wrong check symbol; anything else
// takes the general one.
func decode[S string | []byte](s S) ([Len]byte, error) {
	values, ok := decodeCommon(s)
	if ok {
		if values[dataLen] != checkValue(values[:dataLen]) {
			return values, checkError(string(s), alphabet[values[dataLen]])
		}
		return values, nil
	}
	values, f := scanGeneral(s)
	if f.err != nil {
		return values, f.codeError(string(s))
	}
	return values, nil
}

// decodeHalves reads a code into its key version and the two halves of its cipher
// block. It fails with ErrSymbol, ErrLength or ErrCheck itself, not a [*CodeError],
// so that it allocates nothing.
func decodeHalves[S string | []byte](s S) (version uint8, left, right uint64, err error) {
	if version, left, right, ok := decodeFast(s); ok {
		return version, left, right, nil
	}
	values, f := scanGeneral(s)
	if f.err != nil {
		return 0, 0, 0, f.err
	}
	left, right = unpackHalves(values[1:dataLen])
	return values[0], left, right, nil
}

// decodeFast reads a code in compact or grouped form into its key version and the two
// halves of its cipher block. It reports false for any other input, for a symbol out of
// place and for a check symbol that does not match, and scanGeneral then names the
// problem. It keeps the values in registers and 8-byte stack slots: a 16-byte load of
// values that were just stored byte by byte stalls until the stores reach the cache.
func decodeFast[S string | []byte](s S) (version uint8, left, right uint64, ok bool) {
	var b [Len]byte
	switch len(s) {
	case Len:
		copy(b[:], s)
	case GroupedLen:
		if s[4] != '-' || s[9] != '-' || s[14] != '-' {
			return 0, 0, 0, false
		}
		copy(b[0:4], s[0:4])
		copy(b[4:8], s[5:9])
		copy(b[8:12], s[10:14])
		copy(b[12:16], s[15:19])
	default:
		return 0, 0, 0, false
	}
	var v [Len]uint64
	for i := range Len {
		v[i] = uint64(symbolValues[b[i]])
	}
	// Data values are below 32; check-only symbols, hyphen and invalidSymbol are not.
	data := v[0] | v[1] | v[2] | v[3] | v[4] | v[5] | v[6] | v[7] |
		v[8] | v[9] | v[10] | v[11] | v[12] | v[13] | v[14]
	left = v[1]<<30 | v[2]<<25 | v[3]<<20 | v[4]<<15 | v[5]<<10 | v[6]<<5 | v[7]
	right = v[8]<<30 | v[9]<<25 | v[10]<<20 | v[11]<<15 | v[12]<<10 | v[13]<<5 | v[14]
	if data >= 32 || v[dataLen] != uint64(checkOfHalves(uint8(v[0]), left, right)) {
		return 0, 0, 0, false
	}
	return uint8(v[0]), left, right, true
}

// fault is the first problem that scanGeneral found in an input.
type fault struct {
	// err is ErrSymbol, ErrLength or ErrCheck, or nil for a code.
	err error
	// offset is the byte offset of an invalid symbol, or -1.
	offset int
	// count is the number of symbols, hyphens aside, for ErrLength.
	count int
	// checkOnly marks an ErrSymbol that is a check-only symbol in a data position.
	checkOnly bool
	// check is the check symbol, for ErrCheck.
	check byte
}

// codeError returns the [*CodeError] of f in input.
func (f fault) codeError(input string) *CodeError {
	switch {
	case f.err == ErrLength:
		return lengthError(input, f.count)
	case f.err == ErrCheck:
		return checkError(input, f.check)
	case f.checkOnly:
		return checkOnlyError(input, f.offset)
	default:
		return symbolError(input, f.offset)
	}
}

// decodeCommon reads the compact and the grouped form without a branch per symbol. It
// reports false for any other input and for any symbol out of place.
func decodeCommon[S string | []byte](s S) (values [Len]byte, ok bool) {
	switch len(s) {
	case Len:
		for i := range Len {
			values[i] = symbolValues[s[i]]
		}
	case GroupedLen:
		if s[4] != '-' || s[9] != '-' || s[14] != '-' {
			return values, false
		}
		for group := range Len / groupSize {
			for j := range groupSize {
				values[group*groupSize+j] = symbolValues[s[group*(groupSize+1)+j]]
			}
		}
	default:
		return values, false
	}
	// Data values are below 32 and check values below 37; hyphen and invalidSymbol
	// are above both.
	var data byte
	for _, v := range values[:dataLen] {
		data |= v
	}
	return values, data < 32 && values[dataLen] < checkModulus
}

// scanGeneral reads any input and returns the fault that names its first problem.
func scanGeneral[S string | []byte](s S) ([Len]byte, fault) {
	var values [Len]byte
	n := 0
	for i := 0; i < len(s); i++ {
		v := symbolValues[s[i]]
		if v == hyphen {
			continue
		}
		if v == invalidSymbol {
			return values, fault{err: ErrSymbol, offset: i}
		}
		if n < Len {
			values[n] = v
		}
		n++
	}
	if n != Len {
		return values, fault{err: ErrLength, offset: -1, count: n}
	}
	for i := range dataLen {
		if values[i] >= 32 {
			return values, fault{err: ErrSymbol, offset: dataOffset(s, i), checkOnly: true}
		}
	}
	if values[dataLen] != checkValue(values[:dataLen]) {
		return values, fault{err: ErrCheck, offset: -1, check: alphabet[values[dataLen]]}
	}
	return values, fault{}
}

// codeOf returns the code of checked symbol values.
func codeOf(values *[Len]byte) Code {
	var c Code
	for i, v := range values {
		c[i] = alphabet[v]
	}
	return c
}

// checkWeights holds 32^(14-i) mod 37 for data symbol i, so that the check value is a
// sum of independent products instead of a chain of 15 divisions.
var checkWeights = buildCheckWeights()

func buildCheckWeights() [dataLen]uint32 {
	var w [dataLen]uint32
	power := uint32(1)
	for i := dataLen - 1; i >= 0; i-- {
		w[i] = power
		power = power * 32 % checkModulus
	}
	return w
}

// checkValue returns the check value of the 15 data symbol values: their base-32
// number modulo 37. The sum stays below 15 × 31 × 36.
func checkValue(values []byte) byte {
	values = values[:dataLen]
	var sum uint32
	for i, v := range values {
		sum += uint32(v) * checkWeights[i]
	}
	return byte(sum % checkModulus)
}

// Weights of the key version and the high half in the number of the data symbols,
// modulo 37. The version starts at bit 70 of that number and the high half at bit 35.
const (
	leftWeight    = 1 << halfBits % checkModulus
	versionWeight = leftWeight * leftWeight % checkModulus
)

// checkOfHalves returns the check value of a code from its key version and the two
// halves of its cipher block, the same number as [checkValue] of its symbol values.
// The sum stays below 2^42.
func checkOfHalves(version uint8, left, right uint64) byte {
	sum := uint64(version)*versionWeight + left*leftWeight + right
	return byte(sum % checkModulus)
}

// dataOffset returns the byte offset in s of the symbol with index k, hyphens aside.
func dataOffset[S string | []byte](s S, k int) int {
	for i := 0; i < len(s); i++ {
		if symbolValues[s[i]] == hyphen {
			continue
		}
		if k == 0 {
			return i
		}
		k--
	}
	return -1
}

// runeAt returns the character at byte offset i of s, for error messages.
func runeAt(s string, i int) rune {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}
