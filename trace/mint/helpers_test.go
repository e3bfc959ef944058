package mint

import (
	"bytes"
	"testing"
)

// testSecret returns a fixed secret for key version v. Real secrets come from a
// cryptographic random source.
func testSecret(v uint8) []byte {
	s := make([]byte, SecretSize)
	for i := range s {
		s[i] = byte(i) + 16*v
	}
	return s
}

// testKeyring returns a keyring with fixed test keys of versions 1 and 7.
func testKeyring(t testing.TB) *Keyring {
	t.Helper()
	r, err := NewKeyring(Key{Version: 1, Secret: testSecret(1)}, Key{Version: 7, Secret: testSecret(7)})
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	return r
}

// testMinter returns a minter of testKeyring under version 1.
func testMinter(t testing.TB) (*Minter, *Keyring) {
	t.Helper()
	r := testKeyring(t)
	m, err := NewMinter(r, 1)
	if err != nil {
		t.Fatalf("NewMinter: %v", err)
	}
	return m, r
}

// withCheck returns the 15 data symbols of s with a freshly computed check symbol, so
// that the result passes Parse.
func withCheck(data string) string {
	values := make([]byte, 0, dataLen)
	for i := range dataLen {
		values = append(values, symbolValues[data[i]])
	}
	return data[:dataLen] + string(alphabet[checkValue(values)])
}

// symbolIndex returns the value of the canonical symbol c.
func symbolIndex(c byte) int { return bytes.IndexByte([]byte(alphabet), c) }
