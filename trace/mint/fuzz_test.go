package mint

import (
	"errors"
	"testing"
)

// FuzzVerify checks that Parse and Verify never panic, that every failure is a
// *CodeError naming one of the sentinels, and that a code that verifies is issued again
// from its ID and parses from its grouped form.
func FuzzVerify(f *testing.F) {
	m, r := testMinter(f)
	for i := range uint32(5) {
		c, _ := m.Code(i*1000, i*77)
		f.Add(c.String())
		f.Add(c.Grouped())
	}
	for _, s := range []string{"", "-", "3K7Q-M2XD-9RTA-0BF*", "oooo-iiii-llll-000U", "1111111111111111",
		"ＡＢＣ", "\xff\xfe\xfd", "1-2-3-4-5-6-7-8-9-0-A-B-C-D-E-F"} {
		f.Add(s)
	}
	sentinels := []error{ErrSymbol, ErrLength, ErrCheck, ErrKeyVersion, ErrTag}
	f.Fuzz(func(t *testing.T, s string) {
		// The fast path must agree with the general one wherever it accepts.
		if fast, ok := decodeCommon(s); ok {
			general, f := scanGeneral(s)
			wantErr := error(nil)
			if fast[dataLen] != checkValue(fast[:dataLen]) {
				wantErr = ErrCheck
			}
			if f.err != wantErr || general != fast {
				t.Fatalf("decodeCommon(%q) = %v, scanGeneral = %v, %v, want error %v",
					s, fast, general, f.err, wantErr)
			}
		}
		// The register path must agree with decode wherever it accepts.
		if version, left, right, ok := decodeFast(s); ok {
			values, err := decode(s)
			wantLeft, wantRight := unpackHalves(values[1:dataLen])
			if err != nil || values[0] != version || wantLeft != left || wantRight != right {
				t.Fatalf("decodeFast(%q) = %d %x %x, decode = %v, %v", s, version, left, right, values, err)
			}
		}
		code, parseErr := Parse(s)
		id, err := r.Verify(s)
		// A batch of one gives the same ID and the sentinel of Verify's error.
		batch := r.AppendVerify(nil, []string{s})
		var codeErr *CodeError
		if len(batch) != 1 || batch[0].ID != id || (err == nil) != (batch[0].Err == nil) ||
			(errors.As(err, &codeErr) && batch[0].Err != codeErr.Err) {
			t.Fatalf("AppendVerify(%q) = %v, Verify = %v, %v", s, batch, id, err)
		}
		if err != nil {
			var codeErr *CodeError
			if !errors.As(err, &codeErr) {
				t.Fatalf("Verify(%q) error %v is not a *CodeError", s, err)
			}
			named := false
			for _, sentinel := range sentinels {
				named = named || errors.Is(err, sentinel)
			}
			if !named {
				t.Fatalf("Verify(%q) error %v wraps no sentinel", s, err)
			}
			if parseErr == nil && (errors.Is(err, ErrSymbol) || errors.Is(err, ErrLength) || errors.Is(err, ErrCheck)) {
				t.Fatalf("Parse(%q) succeeded but Verify failed to parse: %v", s, err)
			}
			return
		}
		if parseErr != nil {
			t.Fatalf("Verify(%q) succeeded but Parse failed: %v", s, parseErr)
		}
		again, err := Parse(code.Grouped())
		if err != nil || again != code {
			t.Fatalf("Parse(%q) = %s, %v, want %s", code.Grouped(), again, err, code)
		}
		minter, err := NewMinter(r, id.Version)
		if err != nil {
			t.Fatal(err)
		}
		reissued, err := minter.Code(id.Batch, id.Serial)
		if err != nil || reissued != code {
			t.Fatalf("code of %v = %s, %v, want %s", id, reissued, err, code)
		}
	})
}
