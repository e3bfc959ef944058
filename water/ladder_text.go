package water

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Limits on the text [ParseLadder] reads, so that a hostile config cannot make it slow.
const (
	maxLadderText    = 4096 // bytes
	maxLadderBands   = 64
	maxIntegerDigits = 9
	maxFractionDigit = 6
)

// ParseLadder parses a ladder written as bands in interval notation, each followed by
// its surcharge, separated by semicolons or new lines:
//
//	[0%,105%] +0; (105%,110%] +1; (110%,120%] +2; (120%,130%] +3; (130%,inf) +5
//	[0,100] x1; (100,120] x1.5; (120,∞) x2
//
// Edges are percent of the plan, the % sign optional. "[" and "]" include the edge
// (以上, 以下, 以内) and "(" and ")" exclude it (超过, 不满); the top band ends with
// "inf)" or "∞)". A surcharge is "+k" or "+k×" for 加价k倍 (k extra multiples of the
// base rate), or "×m" or "xm" for m times the base rate, which is "+(m−1)". The text may
// start with "excess:" or "whole:" to set [Ladder.Mode]; the default is excess. A "#"
// starts a comment that runs to the end of the line.
//
// ParseLadder returns an error naming the band and what is wrong, or the *[FieldError]
// values of [Ladder.Validate] when the bands do not form a valid ladder.
func ParseLadder(s string) (Ladder, error) {
	if len(s) > maxLadderText {
		return Ladder{}, fmt.Errorf("water: ladder text of %d bytes, want at most %d", len(s), maxLadderText)
	}
	if !utf8.ValidString(s) {
		return Ladder{}, fmt.Errorf("water: ladder text is not valid UTF-8")
	}
	mode, body := splitMode(stripComments(s))
	var l Ladder
	var err error
	if l.Mode, err = ParseProgression(mode); err != nil {
		return Ladder{}, err
	}
	for _, part := range strings.FieldsFunc(body, func(r rune) bool { return r == ';' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if len(l.Bands) == maxLadderBands {
			return Ladder{}, fmt.Errorf("water: ladder has more than %d bands", maxLadderBands)
		}
		b, err := parseBand(part)
		if err != nil {
			return Ladder{}, fmt.Errorf("water: ladder band %d %q: %w", len(l.Bands), part, err)
		}
		l.Bands = append(l.Bands, b)
	}
	if err := l.Validate(); err != nil {
		return Ladder{}, err
	}
	return l, nil
}

func stripComments(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if k := strings.IndexByte(line, '#'); k >= 0 {
			lines[i] = line[:k]
		}
	}
	return strings.Join(lines, "\n")
}

// splitMode returns the mode word before a leading "excess:" or "whole:", or "excess".
func splitMode(s string) (mode, body string) {
	trimmed := strings.TrimSpace(s)
	word, rest, ok := strings.Cut(trimmed, ":")
	if ok && !strings.ContainsAny(word, "[(;\n") {
		return strings.TrimSpace(word), rest
	}
	return "excess", s
}

// bandScanner reads one band's text.
type bandScanner struct {
	s   string
	pos int
}

func parseBand(s string) (Band, error) {
	sc := &bandScanner{s: s}
	var b Band
	open, err := sc.oneOf("[(", "want [ or ( to open the band")
	if err != nil {
		return Band{}, err
	}
	b.Lower.Included = open == "["
	if b.Lower.Percent, err = sc.percent(); err != nil {
		return Band{}, err
	}
	if _, err = sc.oneOf(",", "want , between the edges"); err != nil {
		return Band{}, err
	}
	if err = sc.upper(&b); err != nil {
		return Band{}, err
	}
	if b.Surcharge, err = sc.surcharge(); err != nil {
		return Band{}, err
	}
	if sc.skipSpace(); sc.pos < len(sc.s) {
		return Band{}, fmt.Errorf("unexpected %q after the surcharge", sc.s[sc.pos:])
	}
	return b, nil
}

func (sc *bandScanner) upper(b *Band) error {
	if sc.skipSpace(); sc.take("inf") || sc.take("∞") {
		b.Unbounded = true
		_, err := sc.oneOf(")", "want ) after an unbounded edge")
		return err
	}
	var err error
	if b.Upper.Percent, err = sc.percent(); err != nil {
		return err
	}
	closing, err := sc.oneOf("])", "want ] or ) to close the band")
	b.Upper.Included = closing == "]"
	return err
}

func (sc *bandScanner) surcharge() (decimal.Decimal, error) {
	sc.skipSpace()
	switch {
	case sc.take("+"):
		k, err := sc.number()
		if err != nil {
			return decimal.Decimal{}, err
		}
		_ = sc.take("×") || sc.take("x")
		return k, nil
	case sc.take("×") || sc.take("x"):
		m, err := sc.number()
		if err != nil {
			return decimal.Decimal{}, err
		}
		if m.LessThan(one) {
			return decimal.Decimal{}, fmt.Errorf("multiple ×%s is below the base rate, want ×1 or more", m)
		}
		return m.Sub(one), nil
	}
	return decimal.Decimal{}, fmt.Errorf("want a surcharge such as +1 or ×1.5 after the band")
}

func (sc *bandScanner) percent() (decimal.Decimal, error) {
	d, err := sc.number()
	if err == nil {
		sc.skipSpace()
		sc.take("%")
	}
	return d, err
}

// number reads digits with an optional fraction, at most 9 before the point and 6 after.
func (sc *bandScanner) number() (decimal.Decimal, error) {
	sc.skipSpace()
	start := sc.pos
	whole := sc.digits()
	fraction := 0
	if sc.take(".") {
		fraction = sc.digits()
		if fraction == 0 {
			return decimal.Decimal{}, fmt.Errorf("want digits after the decimal point at %q", sc.s[start:])
		}
	}
	text := sc.s[start:sc.pos]
	if whole == 0 {
		return decimal.Decimal{}, fmt.Errorf("want a number at %q", sc.s[start:])
	}
	if whole > maxIntegerDigits || fraction > maxFractionDigit {
		return decimal.Decimal{}, fmt.Errorf("number %s has too many digits, want at most %d before and %d after the point",
			text, maxIntegerDigits, maxFractionDigit)
	}
	return decimal.RequireFromString(text), nil
}

func (sc *bandScanner) digits() int {
	start := sc.pos
	for sc.pos < len(sc.s) && sc.s[sc.pos] >= '0' && sc.s[sc.pos] <= '9' {
		sc.pos++
	}
	return sc.pos - start
}

// oneOf reads one of the single-byte tokens in set, or returns an error with reason.
func (sc *bandScanner) oneOf(set, reason string) (string, error) {
	sc.skipSpace()
	if sc.pos < len(sc.s) && strings.IndexByte(set, sc.s[sc.pos]) >= 0 {
		sc.pos++
		return sc.s[sc.pos-1 : sc.pos], nil
	}
	return "", fmt.Errorf("%s, got %q", reason, sc.s[sc.pos:])
}

// take reads token if the text continues with it.
func (sc *bandScanner) take(token string) bool {
	if strings.HasPrefix(sc.s[sc.pos:], token) {
		sc.pos += len(token)
		return true
	}
	return false
}

func (sc *bandScanner) skipSpace() {
	for sc.pos < len(sc.s) && (sc.s[sc.pos] == ' ' || sc.s[sc.pos] == '\t' || sc.s[sc.pos] == '\r') {
		sc.pos++
	}
}

// String returns the ladder in the notation [ParseLadder] reads, with "whole: " in front
// in [Whole] progression, such as "[0%,100%] +0; (100%,120%] +0.5; (120%,inf) +1".
func (l Ladder) String() string {
	var sb strings.Builder
	if l.Mode != Excess {
		sb.WriteString(l.Mode.String() + ": ")
	}
	for i, b := range l.Bands {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(b.String())
	}
	return sb.String()
}

// String returns the band in the notation [ParseLadder] reads, such as "(105%,110%] +1".
func (b Band) String() string {
	open, closing := "(", ")"
	if b.Lower.Included {
		open = "["
	}
	upper := "inf"
	if !b.Unbounded {
		upper = b.Upper.Percent.String() + "%"
		if b.Upper.Included {
			closing = "]"
		}
	}
	return fmt.Sprintf("%s%s%%,%s%s +%s", open, b.Lower.Percent, upper, closing, b.Surcharge)
}

// MarshalText encodes the ladder as [Ladder.String] does. The Name is not encoded.
func (l Ladder) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes a ladder as [ParseLadder] does, keeping the receiver's Name.
func (l *Ladder) UnmarshalText(text []byte) error {
	parsed, err := ParseLadder(string(text))
	if err != nil {
		return err
	}
	parsed.Name = l.Name
	*l = parsed
	return nil
}
