package mint

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	m, _ := testMinter(t)
	code, err := m.Code(12, 345)
	if err != nil {
		t.Fatal(err)
	}
	compact, grouped := code.String(), code.Grouped()
	// aliased writes the same code with O for 0 and L for 1 where the code has them,
	// in lower case.
	aliased := strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(compact))

	valid := []struct {
		name, input string
	}{
		{"compact", compact},
		{"grouped", grouped},
		{"lower case", strings.ToLower(grouped)},
		{"aliases", aliased},
		{"hyphens anywhere", "-" + compact[:3] + "--" + compact[3:9] + "-" + compact[9:] + "-"},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.input)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.input, err)
			}
			if got != code {
				t.Fatalf("Parse(%q) = %s, want %s", tc.input, got, code)
			}
		})
	}

	swapped := compact[:4] + compact[5:6] + compact[4:5] + compact[6:]
	if compact[4] == compact[5] {
		t.Fatalf("test code %s has equal neighbours at 4 and 5; pick another serial", compact)
	}
	invalid := []struct {
		name, input string
		want        error
		offset      int
	}{
		{"empty", "", ErrLength, -1},
		{"short", compact[:15], ErrLength, -1},
		{"long", compact + "0", ErrLength, -1},
		{"space", compact[:4] + " " + compact[4:], ErrSymbol, 4},
		{"letter U in data", "U" + compact[1:], ErrSymbol, 0},
		{"star in data", grouped[:5] + "*" + grouped[6:], ErrSymbol, 5},
		{"non-ASCII", compact[:2] + "码" + compact[3:], ErrSymbol, 2},
		{"full-width digit", "３" + compact[1:], ErrSymbol, 0},
		{"transposed", swapped, ErrCheck, -1},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.input)
			var codeErr *CodeError
			if !errors.As(err, &codeErr) {
				t.Fatalf("Parse(%q) error = %v, want a *CodeError", tc.input, err)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse(%q) error = %v, want %v", tc.input, err, tc.want)
			}
			if codeErr.Offset != tc.offset {
				t.Fatalf("Parse(%q) offset = %d, want %d", tc.input, codeErr.Offset, tc.offset)
			}
			if codeErr.Input != tc.input {
				t.Fatalf("Parse(%q) Input = %q", tc.input, codeErr.Input)
			}
		})
	}
}

func TestParseBytesMatchesParse(t *testing.T) {
	m, _ := testMinter(t)
	code, _ := m.Code(1, 2)
	got, err := ParseBytes([]byte(code.Grouped()))
	if err != nil || got != code {
		t.Fatalf("ParseBytes = %s, %v, want %s", got, err, code)
	}
}

func TestCodeForms(t *testing.T) {
	c := Code([]byte("3K7QM2XD9RTA0BF*"))
	if got, want := c.String(), "3K7QM2XD9RTA0BF*"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got, want := c.Grouped(), "3K7Q-M2XD-9RTA-0BF*"; got != want {
		t.Errorf("Grouped = %q, want %q", got, want)
	}
	if got := len(c.Grouped()); got != GroupedLen {
		t.Errorf("len(Grouped) = %d, want %d", got, GroupedLen)
	}
	if got := c.Version(); got != 3 {
		t.Errorf("Version = %d, want 3", got)
	}
	if c.IsZero() || !(Code{}).IsZero() {
		t.Errorf("IsZero is wrong")
	}
}

func TestCodeText(t *testing.T) {
	m, _ := testMinter(t)
	code, _ := m.Code(3, 4)
	text, err := code.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var back Code
	if err := back.UnmarshalText([]byte(strings.ToLower(code.Grouped()))); err != nil {
		t.Fatal(err)
	}
	if back != code || string(text) != code.String() {
		t.Fatalf("text round trip: got %s from %s, want %s", back, text, code)
	}
	if err := back.UnmarshalText([]byte("nope")); !errors.Is(err, ErrLength) {
		t.Fatalf("UnmarshalText(nope) = %v, want ErrLength", err)
	}
}

// sampleCodes returns n codes of varied batches and serials.
func sampleCodes(t *testing.T, n int) []Code {
	m, _ := testMinter(t)
	codes := make([]Code, 0, n)
	for i := range n {
		c, err := m.Code(uint32(i*7919)%MaxBatch, uint32(i*104729)%MaxSerial)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, c)
	}
	return codes
}

// TestCheckSymbolSubstitution replaces each symbol of each sample code by every other
// symbol value that its position admits and expects Parse to reject the result.
func TestCheckSymbolSubstitution(t *testing.T) {
	for _, code := range sampleCodes(t, 300) {
		for pos := range Len {
			for v := range len(alphabet) {
				if v == symbolIndex(code[pos]) {
					continue
				}
				changed := code
				changed[pos] = alphabet[v]
				_, err := Parse(changed.String())
				if err == nil {
					t.Fatalf("%s with %q at %d: Parse accepted %s", code, alphabet[v], pos, changed)
				}
				want := ErrCheck
				if v >= 32 && pos < dataLen {
					want = ErrSymbol
				}
				if !errors.Is(err, want) {
					t.Fatalf("Parse(%s) = %v, want %v", changed, err, want)
				}
			}
		}
	}
}

// TestCheckSymbolTransposition swaps each pair of distinct adjacent symbols of each
// sample code, the check symbol included, and expects Parse to reject the result.
func TestCheckSymbolTransposition(t *testing.T) {
	tested := 0
	for _, code := range sampleCodes(t, 2000) {
		for pos := range Len - 1 {
			if code[pos] == code[pos+1] {
				continue
			}
			swapped := code
			swapped[pos], swapped[pos+1] = swapped[pos+1], swapped[pos]
			_, err := Parse(swapped.String())
			if err == nil {
				t.Fatalf("%s with %d and %d swapped: Parse accepted %s", code, pos, pos+1, swapped)
			}
			if !errors.Is(err, ErrCheck) && !errors.Is(err, ErrSymbol) {
				t.Fatalf("Parse(%s) = %v, want ErrCheck or ErrSymbol", swapped, err)
			}
			tested++
		}
	}
	if tested < 2000*10 {
		t.Fatalf("only %d transpositions tested", tested)
	}
}

// TestCheckSymbolAllValues checks the modulus argument directly: for every pair of
// distinct values at every data position, the check values differ, and so do they for
// every adjacent transposition.
func TestCheckSymbolAllValues(t *testing.T) {
	base := make([]byte, dataLen)
	for i := range base {
		base[i] = byte(i * 11 % 32)
	}
	for pos := range dataLen {
		seen := map[byte]int{}
		for v := range 32 {
			data := append([]byte(nil), base...)
			data[pos] = byte(v)
			check := checkValue(data)
			if prev, ok := seen[check]; ok {
				t.Fatalf("position %d: values %d and %d share check value %d", pos, prev, v, check)
			}
			seen[check] = v
		}
	}
	for pos := range dataLen - 1 {
		for a := range 32 {
			for b := range 32 {
				if a == b {
					continue
				}
				data := append([]byte(nil), base...)
				data[pos], data[pos+1] = byte(a), byte(b)
				swapped := append([]byte(nil), data...)
				swapped[pos], swapped[pos+1] = byte(b), byte(a)
				if checkValue(data) == checkValue(swapped) {
					t.Fatalf("position %d: %d,%d and %d,%d share a check value", pos, a, b, b, a)
				}
			}
		}
	}
}
