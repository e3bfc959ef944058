package gs1

import (
	"strings"
	"time"
)

// FNC1 characters. Scanners and most barcode libraries write the Function 1
// character as the ASCII group separator GS. The GS1 Barcode Syntax Engine
// and this package's tests write it as "^", which no GS1 character set
// contains, so it cannot be mistaken for data.
const (
	GS    = '\x1d'
	Caret = '^'
)

// Element is one GS1 element string: an AI and its value, such as
// {AI: "10", Value: "ABC123"}.
type Element struct {
	AI    string
	Value string
}

// Elements is the AI data of a barcode or a Digital Link URI, in order.
type Elements []Element

// Get returns the value of the first element with the AI code and whether
// there is one.
func (es Elements) Get(ai string) (string, bool) {
	for _, e := range es {
		if e.AI == ai {
			return e.Value, true
		}
	}
	return "", false
}

// String returns the elements in bracketed form, "(01)09520123456788(10)AB",
// as in human-readable text. A "(" in a value is written "\(".
func (es Elements) String() string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("(" + e.AI + ")")
		b.WriteString(strings.ReplaceAll(e.Value, "(", `\(`))
	}
	return b.String()
}

// AppendElementString appends the elements as the unbracketed element
// string that a GS1 barcode carries: fnc1 in first position, then each AI
// and value, with fnc1 as separator after each element whose AI needs one
// and is not last. Pass [GS] for the form scanners transmit and barcode
// encoders take, or [Caret] for the notation of the GS1 Barcode Syntax
// Engine.
func (es Elements) AppendElementString(dst []byte, fnc1 byte) []byte {
	dst = append(dst, fnc1)
	for i, e := range es {
		dst = append(dst, e.AI...)
		dst = append(dst, e.Value...)
		if i < len(es)-1 && needsFNC1(e.AI) {
			dst = append(dst, fnc1)
		}
	}
	return dst
}

// needsFNC1 reports whether an element with the AI code must be followed
// by FNC1 when another element follows.
func needsFNC1(code string) bool {
	if a, ok := Lookup(code); ok {
		return a.FNC1
	}
	return len(code) < 2 || predefinedLength(code) == 0
}

// Parser reads element strings, Digital Link URIs and scan data. Its zero
// value applies the GS1 rules strictly; each field relaxes or skips one
// check. A Parser is a value without state and is safe for concurrent use.
type Parser struct {
	// PermitUnknownAIs accepts AIs that are not in the AI table, with a
	// value of 1 to 90 characters of set 82, or the predefined length of
	// their first two digits. In an unbracketed element string an unknown
	// AI must have a length that its first two digits fix.
	PermitUnknownAIs bool
	// UnknownAIsAsDataAttributes lets unknown AIs appear in the query
	// string of a Digital Link URI. It matters only with PermitUnknownAIs.
	UnknownAIsAsDataAttributes bool
	// PermitZeroSuppressedGTIN accepts a GTIN-8, GTIN-12 or GTIN-13 after
	// /01/ in a Digital Link URI and pads it to 14 digits, as GS1 Digital
	// Link URI syntax 1.0 and 1.1 allowed. A GTIN of 8, 12 or 13 digits in
	// the query string (?01=) is padded the same way.
	PermitZeroSuppressedGTIN bool
	// PermitConvenienceAlphas accepts the short names such as /gtin/,
	// /ser/ and /lot/ that GS1 Digital Link 1.0 allowed in place of the
	// numeric AIs in the path.
	PermitConvenienceAlphas bool
	// SortKeyQualifiers accepts the key qualifiers of a Digital Link path
	// in any order and puts them in their standard order.
	SortKeyQualifiers bool
	// SkipAssociationChecks turns off the checks between AIs: repeated AIs
	// with different values, AIs that exclude each other, AIs without the
	// AIs they require, and a digital signature over a key without its
	// serial. Turn them off when the AI data of one barcode is checked
	// before it is combined with the other barcodes on the same item, and
	// run [Parser.CheckAssociations] on the combined data.
	SkipAssociationChecks bool
	// Now returns the reference date for the GS1 century rule of two-digit
	// years. Nil means time.Now.
	Now func() time.Time

	// lax skips the content checks beyond character set and length, for
	// EventHashDigitalLink.
	lax bool
}

// ParseBracketed reads AI data in bracketed form, "(01)09520123456788(10)AB",
// with a default [Parser].
func ParseBracketed(s string) (Elements, error) { return Parser{}.ParseBracketed(s) }

// ParseBracketed reads AI data in bracketed form, "(01)09520123456788(10)AB",
// as human-readable text shows it. A "(" that is part of a value is written
// "\(". Each value is checked against its AI's format and content rules, and
// the elements against each other unless p.SkipAssociationChecks.
func (p Parser) ParseBracketed(s string) (Elements, error) {
	if s == "" {
		return nil, newError(NoAIData, "", s, `bracketed AI data looks like "(01)09520123456788"`)
	}
	es := make(Elements, 0, strings.Count(s, "("))
	for pos := 0; pos < len(s); {
		if s[pos] != '(' {
			return nil, &Error{Reason: MalformedBracketedData, Value: s, Pos: pos, Detail: `expected "(" to start an AI`}
		}
		end := strings.IndexByte(s[pos:], ')')
		if end < 0 {
			return nil, &Error{Reason: MalformedBracketedData, Value: s, Pos: pos, Detail: `AI without closing ")"`}
		}
		code := s[pos+1 : pos+end]
		a, err := p.exactAI(code)
		if err != nil {
			return nil, err
		}
		value, next := bracketedValue(s, pos+end+1)
		if err := p.checkValue(a, value); err != nil {
			return nil, err
		}
		es = append(es, Element{AI: code, Value: value})
		pos = next
	}
	return es, p.associations(es)
}

// bracketedValue returns the value that starts at from and the offset of
// the next "(" that is not escaped as "\(".
func bracketedValue(s string, from int) (string, int) {
	var b []byte
	start := from
	for i := from; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		if i == 0 || s[i-1] != '\\' {
			if b == nil {
				return s[start:i], i
			}
			return string(append(b, s[start:i]...)), i
		}
		b = append(b, s[start:i-1]...)
		b = append(b, '(')
		start = i + 1
	}
	if b == nil {
		return s[start:], len(s)
	}
	return string(append(b, s[start:]...)), len(s)
}

// exactAI returns the definition of the AI code, vivifying an unknown AI
// when p permits it.
func (p Parser) exactAI(code string) (*AI, error) {
	if a := p.lookupAI(code); a != nil {
		return a, nil
	}
	return nil, newError(UnknownAI, code, "", "not in the GS1 AI table")
}

// lookupAI returns the definition of the AI code as exactAI does, or nil.
func (p Parser) lookupAI(code string) *AI {
	if a := aiTable.get(code); a != nil {
		return a
	}
	if p.PermitUnknownAIs {
		return unknownAI(code)
	}
	return nil
}

// ParseElementString reads an unbracketed element string with a default
// [Parser].
func ParseElementString(s string) (Elements, error) { return Parser{}.ParseElementString(s) }

// ParseElementString reads an unbracketed element string as a GS1 barcode
// carries it: FNC1 in first position, then AIs and values, with FNC1 after
// each value whose AI does not have a predefined length. FNC1 may be written
// as [GS] or as [Caret]; a superfluous FNC1 after a fixed-length value or at
// the end is accepted. The values of the result share memory with s.
func (p Parser) ParseElementString(s string) (Elements, error) {
	if s == "" || (s[0] != GS && s[0] != Caret) {
		return nil, newError(MissingFNC1, "", s, `an element string starts with FNC1, written "^" or GS`)
	}
	es, err := p.parseUnbracketed(s[1:], true, 0)
	if err != nil {
		return nil, err
	}
	return es, p.associations(es)
}

// parseUnbracketed reads AI data after the leading FNC1. When caret is true,
// "^" is FNC1 as well as GS. The result starts with a capacity of hint.
func (p Parser) parseUnbracketed(s string, caret bool, hint int) (Elements, error) {
	if s == "" {
		return nil, newError(NoAIData, "", s, "FNC1 is followed by no AI")
	}
	es := make(Elements, 0, max(hint, 4))
	for pos := 0; pos < len(s); {
		a := lookupPrefix(s[pos:])
		if a == nil {
			a = p.unknownPrefix(s[pos:])
			if a == nil {
				return nil, newError(UnknownAI, "", s[pos:], "no known AI starts the data here")
			}
		}
		pos += len(a.Code)
		end := pos
		for end < len(s) && s[end] != GS && !(caret && s[end] == Caret) {
			end++
		}
		n, err := p.checkComponents(a, s[pos:end])
		if err != nil {
			return nil, err
		}
		if a.FNC1 && pos+n != end {
			return nil, newError(ValueTooLong, a.Code, s[pos:end],
				"at most "+itoa(a.MaxLength())+" characters, then FNC1")
		}
		es = append(es, Element{AI: a.Code, Value: s[pos : pos+n]})
		pos += n
		if pos < len(s) && (s[pos] == GS || caret && s[pos] == Caret) {
			pos++
		}
	}
	return es, nil
}

// unknownPrefix vivifies the unknown AI that data starts with, when p
// permits unknown AIs and the first two digits fix the AI's length.
func (p Parser) unknownPrefix(data string) *AI {
	if !p.PermitUnknownAIs || len(data) < 2 || !isDigit(data[0]) || !isDigit(data[1]) {
		return nil
	}
	n := int(aiTable.lenByPrefix[prefixIndex(data)])
	if n == 0 || len(data) < n {
		return nil
	}
	return unknownAI(data[:n])
}

// ValidateValue checks value against the format and content rules of the
// AI code with a default [Parser].
func ValidateValue(ai, value string) error { return Parser{}.ValidateValue(ai, value) }

// ValidateValue checks value against the format and content rules of the
// AI code: length, character set, check digits, dates, code lists. It
// returns nil or an *Error naming the AI, the value and the reason.
func (p Parser) ValidateValue(ai, value string) error {
	a, err := p.exactAI(ai)
	if err != nil {
		return err
	}
	return p.checkValue(a, value)
}

// checkValue checks the whole of value against a.
func (p Parser) checkValue(a *AI, value string) error {
	if value == "" {
		return newError(EmptyValue, a.Code, value, "")
	}
	if len(value) < a.MinLength() {
		return newError(ValueTooShort, a.Code, value, "at least "+itoa(a.MinLength())+" characters: "+a.Format())
	}
	if len(value) > a.MaxLength() {
		return newError(ValueTooLong, a.Code, value, "at most "+itoa(a.MaxLength())+" characters: "+a.Format())
	}
	n, err := p.checkComponents(a, value)
	if err != nil {
		return err
	}
	if n != len(value) {
		return newError(ValueTooLong, a.Code, value, a.Format())
	}
	return nil
}

// checkComponents checks the components of a's format in turn against the
// start of v and returns how many bytes they take.
func (p Parser) checkComponents(a *AI, v string) (int, error) {
	if v == "" {
		return 0, newError(EmptyValue, a.Code, v, "")
	}
	pos := 0
	for _, c := range a.parts {
		n := min(len(v)-pos, int(c.max))
		if c.optional && n == 0 {
			continue
		}
		if n < int(c.min) {
			return 0, newError(ValueTooShort, a.Code, v, a.Format())
		}
		if f := c.check(v[pos:pos+n], p.Now, p.lax); f.reason != 0 {
			e := &Error{Reason: f.reason, AI: a.Code, Value: v, Pos: f.pos, Field: f.field, Detail: f.detail}
			if f.pos >= 0 {
				e.Pos += pos
			}
			return 0, e
		}
		pos += n
	}
	return pos, nil
}

// check runs the character set check and then, unless charsetOnly, the
// content checks of c.
func (c component) check(v string, now func() time.Time, charsetOnly bool) finding {
	if f := checkCharset(c.cset, v); f.reason != 0 || charsetOnly {
		return f
	}
	for _, l := range c.lint {
		if l == lintNone {
			break
		}
		if f := l.check(v, now); f.reason != 0 {
			return f
		}
	}
	return pass
}

// checkCharset checks that v is in the character set cs.
func checkCharset(cs charset, v string) finding {
	switch cs {
	case csetNumeric:
		for i := 0; i < len(v); i++ {
			if !isDigit(v[i]) {
				return fail(NonDigit, i)
			}
		}
	case cset82:
		for i := 0; i < len(v); i++ {
			if cset82Index[v[i]] == 0 {
				return fail(InvalidCSet82, i)
			}
		}
	case cset39:
		for i := 0; i < len(v); i++ {
			if c := v[i]; !(isDigit(c) || c >= 'A' && c <= 'Z' || c == '#' || c == '-' || c == '/') {
				return fail(InvalidCSet39, i)
			}
		}
	case cset64:
		return checkCSet64(v)
	}
	return pass
}

// checkCSet64 checks file-safe, URI-safe base64 (RFC 4648 section 5) with
// optional "=" padding. As in the GS1 Barcode Syntax Tests, at most two pad
// characters are allowed and, with padding, the length must be a multiple
// of 3.
func checkCSet64(v string) finding {
	data := strings.TrimRight(v, "=")
	if pads := len(v) - len(data); pads > 2 || pads > 0 && len(v)%3 != 0 {
		return fail(InvalidCSet64Padding, len(data))
	}
	for i := 0; i < len(data); i++ {
		if c := data[i]; !(isAlnum(c) || c == '-' || c == '_') {
			return fail(InvalidCSet64, i)
		}
	}
	return pass
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
