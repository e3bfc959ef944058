package mint

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// batchInputs returns inputs of every outcome, valid codes of both test keys among
// them, more than two lanes' worth so that full and partial lane groups both run.
func batchInputs(t *testing.T) []string {
	r := testKeyring(t)
	m1, _ := NewMinter(r, 1)
	m7, _ := NewMinter(r, 7)
	var inputs []string
	for i := range uint32(3*lanes + 3) {
		m := m1
		if i%3 == 2 {
			m = m7
		}
		c, err := m.Code(i*101, i*7919)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, c.Grouped())
	}
	valid, _ := m1.Code(42, 4242)
	compact := valid.String()
	other := byte('0')
	if compact[5] == '0' {
		other = '1'
	}
	inputs = append(inputs,
		strings.ToLower(compact),                         // valid, lower case
		"-"+compact[:3]+"--"+compact[3:]+"-",             // valid, general path
		withCheck(compact[:5]+string(other)+compact[6:]), // ErrTag
		withCheck("2"+compact[1:]),                       // ErrKeyVersion
		withCheck("7"+compact[1:]),                       // ErrTag under another key
		compact[:15]+"U",                                 // ErrCheck
		"!"+compact[1:],                                  // ErrSymbol
		"U"+compact[1:],                                  // ErrSymbol, check-only symbol
		compact[:15],                                     // ErrLength
		"",                                               // ErrLength
		valid.Grouped(),                                  // valid again, after the errors
	)
	return inputs
}

func TestAppendVerifyMatchesVerify(t *testing.T) {
	r := testKeyring(t)
	inputs := batchInputs(t)
	results := r.AppendVerify(nil, inputs)
	if len(results) != len(inputs) {
		t.Fatalf("got %d results for %d inputs", len(results), len(inputs))
	}
	valid := 0
	for i, input := range inputs {
		id, err := r.Verify(input)
		got := results[i]
		if got.ID != id {
			t.Errorf("AppendVerify(%q).ID = %v, Verify = %v", input, got.ID, id)
		}
		if err == nil {
			valid++
			if got.Err != nil {
				t.Errorf("AppendVerify(%q).Err = %v, Verify succeeded", input, got.Err)
			}
			continue
		}
		var codeErr *CodeError
		if !errors.As(err, &codeErr) {
			t.Fatalf("Verify(%q) error %v is not a *CodeError", input, err)
		}
		if got.Err != codeErr.Err {
			t.Errorf("AppendVerify(%q).Err = %v, want the sentinel %v", input, got.Err, codeErr.Err)
		}
	}
	if want := 3*lanes + 3 + 3; valid != want {
		t.Fatalf("%d inputs verified, want %d", valid, want)
	}
}

func TestAppendVerifyBytesMatchesStrings(t *testing.T) {
	r := testKeyring(t)
	inputs := batchInputs(t)
	bytesInputs := make([][]byte, len(inputs))
	for i, s := range inputs {
		bytesInputs[i] = []byte(s)
	}
	want := r.AppendVerify(nil, inputs)
	got := r.AppendVerifyBytes(nil, bytesInputs)
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("input %q: AppendVerifyBytes = %v, AppendVerify = %v", inputs[i], got[i], want[i])
		}
	}
}

func TestAppendVerifyKeepsDst(t *testing.T) {
	r := testKeyring(t)
	m, _ := NewMinter(r, 1)
	c, _ := m.Code(5, 6)
	first := Result{ID: ID{Version: 3, Batch: 4, Serial: 5}}
	dst := r.AppendVerify([]Result{first}, []string{c.String(), "nope"})
	if len(dst) != 3 {
		t.Fatalf("len = %d, want 3", len(dst))
	}
	if dst[0] != first {
		t.Errorf("dst[0] = %v, want %v unchanged", dst[0], first)
	}
	if want := (ID{Version: 1, Batch: 5, Serial: 6}); dst[1].ID != want || dst[1].Err != nil {
		t.Errorf("dst[1] = %v, want %v", dst[1], want)
	}
	if dst[2].Err != ErrLength {
		t.Errorf("dst[2].Err = %v, want ErrLength", dst[2].Err)
	}
	if got := r.AppendVerify(nil, nil); len(got) != 0 {
		t.Errorf("AppendVerify of no codes = %v", got)
	}
	var empty Keyring
	if got := empty.AppendVerify(nil, []string{c.String()}); got[0].Err != ErrKeyVersion {
		t.Errorf("zero Keyring: AppendVerify = %v, want ErrKeyVersion", got)
	}
}

// TestCheckOfHalvesMatchesCheckValue compares the check value from the two halves
// with the sum of weighted symbol values over random and extreme symbol values.
func TestCheckOfHalvesMatchesCheckValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]byte, dataLen)
	for n := range 100_000 {
		for i := range values {
			switch n {
			case 0:
				values[i] = 0
			case 1:
				values[i] = 31
			default:
				values[i] = byte(rng.IntN(32))
			}
		}
		left, right := unpackHalves(values[1:])
		if got, want := checkOfHalves(values[0], left, right), checkValue(values); got != want {
			t.Fatalf("values %v: checkOfHalves = %d, checkValue = %d", values, got, want)
		}
	}
}
