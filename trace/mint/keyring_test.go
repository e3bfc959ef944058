package mint

import (
	"errors"
	"strings"
	"testing"
)

func TestNewKeyringRejects(t *testing.T) {
	tests := []struct {
		name string
		keys []Key
		want string
	}{
		{"version too high", []Key{{Version: 32, Secret: testSecret(1)}}, "above the maximum 31"},
		{"duplicate version", []Key{{Version: 2, Secret: testSecret(1)}, {Version: 2, Secret: testSecret(2)}}, "given twice"},
		{"short secret", []Key{{Version: 2, Secret: make([]byte, 8)}}, "8-byte secret"},
		{"long secret", []Key{{Version: 2, Secret: make([]byte, 32)}}, "32-byte secret"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewKeyring(tc.keys...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewKeyring error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestKeyringVersions(t *testing.T) {
	r := testKeyring(t)
	got := r.Versions()
	if len(got) != 2 || got[0] != 1 || got[1] != 7 {
		t.Fatalf("Versions = %v, want [1 7]", got)
	}
	if !r.Has(7) || r.Has(2) || r.Has(200) {
		t.Fatalf("Has is wrong")
	}
}

func TestKeyringCopiesSecret(t *testing.T) {
	secret := testSecret(1)
	r, err := NewKeyring(Key{Version: 1, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := NewMinter(r, 1)
	before, _ := m.Code(5, 6)
	secret[0] ^= 0xFF
	after, _ := m.Code(5, 6)
	if before != after {
		t.Fatalf("changing the caller's secret changed the code from %s to %s", before, after)
	}
}

func TestVerifyRoundTrip(t *testing.T) {
	r := testKeyring(t)
	ids := []ID{
		{Version: 1},
		{Version: 1, Batch: 1},
		{Version: 1, Serial: 1},
		{Version: 1, Batch: MaxBatch, Serial: MaxSerial},
		{Version: 1, Batch: 0x5A5A5, Serial: 0x2A5A5A},
		{Version: 7, Batch: 123, Serial: 456789},
		{Version: 7, Batch: MaxBatch, Serial: 0},
	}
	for _, id := range ids {
		t.Run(id.String(), func(t *testing.T) {
			m, err := NewMinter(r, id.Version)
			if err != nil {
				t.Fatal(err)
			}
			code, err := m.Code(id.Batch, id.Serial)
			if err != nil {
				t.Fatal(err)
			}
			if got := code.Version(); got != id.Version {
				t.Fatalf("code %s names version %d, want %d", code, got, id.Version)
			}
			for _, form := range []string{code.String(), code.Grouped(), strings.ToLower(code.Grouped())} {
				got, err := r.Verify(form)
				if err != nil {
					t.Fatalf("Verify(%q): %v", form, err)
				}
				if got != id {
					t.Fatalf("Verify(%q) = %v, want %v", form, got, id)
				}
			}
		})
	}
}

func TestVerifyRejects(t *testing.T) {
	r := testKeyring(t)
	m, _ := NewMinter(r, 1)
	code, _ := m.Code(42, 4242)
	compact := code.String()

	// Another symbol with a recomputed check symbol passes Parse but not the tag.
	other := byte('0')
	if compact[5] == '0' {
		other = '1'
	}
	forged := withCheck(compact[:5] + string(other) + compact[6:])
	// Version 2 is not in the keyring.
	unknown := withCheck("2" + compact[1:])
	// Version 7 is, but the block was encrypted under version 1's key.
	otherKey := withCheck("7" + compact[1:])

	tests := []struct {
		name, input string
		want        error
	}{
		{"forged", forged, ErrTag},
		{"unknown version", unknown, ErrKeyVersion},
		{"other version's key", otherKey, ErrTag},
		{"bad check", compact[:15] + "U", ErrCheck},
		{"bad symbol", "!" + compact[1:], ErrSymbol},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Verify(tc.input)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Verify(%q) = %v, want %v", tc.input, err, tc.want)
			}
			var codeErr *CodeError
			if !errors.As(err, &codeErr) || codeErr.Reason == "" {
				t.Fatalf("Verify(%q) error %v is not a *CodeError with a reason", tc.input, err)
			}
		})
	}
}

func TestOpenRejectsUnparsed(t *testing.T) {
	r := testKeyring(t)
	if _, err := r.Open(Code{}); !errors.Is(err, ErrSymbol) {
		t.Fatalf("Open(zero Code) = %v, want ErrSymbol", err)
	}
}

// TestRandomCodesRarelyVerify counts the codes among a million random well-formed ones
// that verify. At 2^-28 each, the expected count is 0.004, so any hit points to a flaw.
func TestRandomCodesRarelyVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("a million decryptions")
	}
	r := testKeyring(t)
	var state uint64 = 0x9E3779B97F4A7C15
	data := make([]byte, dataLen)
	for range 1_000_000 {
		data[0] = '1'
		for i := 1; i < dataLen; i++ {
			// xorshift64: a fixed, repeatable sequence.
			state ^= state << 13
			state ^= state >> 7
			state ^= state << 17
			data[i] = alphabet[state&31]
		}
		code := withCheck(string(data))
		_, err := r.Verify(code)
		if err == nil {
			t.Fatalf("random code %s verified", code)
		}
		if !errors.Is(err, ErrTag) {
			t.Fatalf("Verify(%s) = %v, want ErrTag", code, err)
		}
	}
}

func TestHotPathsAllocateNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop buffers")
	}
	m, r := testMinter(t)
	buf := make([]byte, 0, Len)
	code, _ := m.Code(9, 9)
	grouped := []byte(code.Grouped())
	codes := make([]Code, 0, 16)
	allocs := testing.AllocsPerRun(1000, func() {
		buf, _ = m.AppendCode(buf[:0], 9, 9)
	})
	if allocs != 0 {
		t.Errorf("AppendCode allocates %.1f times, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(1000, func() {
		codes, _ = m.AppendBatch(codes[:0], Batch{Version: 1, Number: 3, Count: 16}, 0, 16)
	})
	if allocs != 0 {
		t.Errorf("AppendBatch allocates %.1f times, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(1000, func() {
		_, _ = r.VerifyBytes(grouped)
	})
	if allocs != 0 {
		t.Errorf("VerifyBytes allocates %.1f times, want 0", allocs)
	}

	// Rejected codes allocate nothing in a batch either.
	inputs := batchInputs(t)
	bytesInputs := make([][]byte, len(inputs))
	for i, s := range inputs {
		bytesInputs[i] = []byte(s)
	}
	results := make([]Result, 0, len(inputs))
	allocs = testing.AllocsPerRun(100, func() {
		results = r.AppendVerify(results[:0], inputs)
	})
	if allocs != 0 {
		t.Errorf("AppendVerify allocates %.1f times, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(100, func() {
		results = r.AppendVerifyBytes(results[:0], bytesInputs)
	})
	if allocs != 0 {
		t.Errorf("AppendVerifyBytes allocates %.1f times, want 0", allocs)
	}
}
