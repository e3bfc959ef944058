package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id parameters of new hashes. Verification reads
// the parameters from the stored hash, so they can be raised without
// invalidating stored hashes.
type HashParams struct {
	// MemoryKiB is the memory in KiB.
	MemoryKiB uint32
	// Passes is the number of passes over the memory.
	Passes uint32
	// Lanes is the degree of parallelism.
	Lanes uint8
}

// DefaultHashParams are 19 MiB of memory, two passes and one lane, the
// minimum that the OWASP Password Storage Cheat Sheet (2023) recommends for
// argon2id.
var DefaultHashParams = HashParams{MemoryKiB: 19 * 1024, Passes: 2, Lanes: 1}

const (
	argonKeyLen  = 32
	argonSaltLen = 16
)

var b64 = base64.RawStdEncoding

// errHashFormat reports a stored hash that is not in the encoded argon2id form.
var errHashFormat = errors.New("auth: stored hash is not in the form $argon2id$v=19$m=M,t=T,p=P$salt$key")

// HashSecret returns the argon2id hash of secret in the encoded form
// $argon2id$v=19$m=M,t=T,p=P$salt$key with base64 salt and key, as the
// reference implementation of RFC 9106 writes it.
// It uses DefaultHashParams.
func HashSecret(secret string) (string, error) { return DefaultHashParams.Hash(secret) }

// Hash returns the argon2id hash of secret with the parameters hp, in the
// form that HashSecret describes.
func (hp HashParams) Hash(secret string) (string, error) {
	if hp.MemoryKiB == 0 || hp.Passes == 0 || hp.Lanes == 0 {
		return "", fmt.Errorf("auth: hash parameters %+v: want memory, passes and lanes above 0", hp)
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(secret), salt, hp.Passes, hp.MemoryKiB, hp.Lanes, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, hp.MemoryKiB, hp.Passes,
		hp.Lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifySecret reports whether secret matches the encoded hash, comparing the
// keys in constant time.
func VerifySecret(secret, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errHashFormat
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errHashFormat
	}
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false, errHashFormat
	}
	if memory == 0 || memory > 1<<21 || passes == 0 || passes > 16 || threads == 0 {
		return false, errHashFormat
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errHashFormat
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 64 {
		return false, errHashFormat
	}
	got := argon2.IDKey([]byte(secret), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// randomText returns n random bytes in unpadded base64url.
func randomText(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: read random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
