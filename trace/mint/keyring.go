package mint

import (
	"crypto/aes"
	"fmt"
	"sync"
)

const (
	// MaxVersion is the highest key version.
	MaxVersion = 1<<versionBits - 1
	// MaxBatch is the highest batch number.
	MaxBatch = 1<<batchBits - 1
	// MaxSerial is the highest serial within a batch.
	MaxSerial = 1<<serialBits - 1
	// SecretSize is the size in bytes of a key's secret, an AES-128 key.
	SecretSize = 16
)

// Bit widths of the plaintext block: version | batch | serial | zero bits.
const (
	versionBits = 5
	batchBits   = 20
	serialBits  = 22
	zeroBits    = 23
	halfBits    = 35
	halfMask    = 1<<halfBits - 1
	rounds      = 8
	// roundDomain is the first byte of every round-function input, which keeps these
	// inputs apart from any other use of the same secret.
	roundDomain = 0x54
)

// ID is what a code carries: the key version, the batch number and the serial within
// the batch.
type ID struct {
	Version uint8
	Batch   uint32
	Serial  uint32
}

// String returns the ID as "v3 b1024 s77".
func (id ID) String() string {
	return fmt.Sprintf("v%d b%d s%d", id.Version, id.Batch, id.Serial)
}

// check returns an error when a field of id is out of range.
func (id ID) check() error {
	switch {
	case id.Version > MaxVersion:
		return fmt.Errorf("mint: key version %d is above the maximum %d", id.Version, MaxVersion)
	case id.Batch > MaxBatch:
		return fmt.Errorf("mint: batch %d is above the maximum %d; issue under a new key version",
			id.Batch, MaxBatch)
	case id.Serial > MaxSerial:
		return fmt.Errorf("mint: serial %d is above the maximum %d; split the run into batches",
			id.Serial, MaxSerial)
	}
	return nil
}

// Key is one version of the county's code key.
type Key struct {
	// Version is the version written in the first symbol of each code, 0 to 31.
	Version uint8
	// Secret is the AES-128 key, [SecretSize] bytes from a cryptographic random source.
	// Anyone with it can issue codes that verify.
	Secret []byte
}

// Keyring holds the keys that verify codes, at most one per version. A Keyring is
// immutable and safe for concurrent use; to rotate, build a new one.
type Keyring struct {
	keys [MaxVersion + 1]*feistel
	// scratch holds the *laneBlocks of calls in progress.
	scratch sync.Pool
}

// NewKeyring returns a keyring of keys. It copies their secrets.
func NewKeyring(keys ...Key) (*Keyring, error) {
	r := &Keyring{}
	for _, k := range keys {
		if k.Version > MaxVersion {
			return nil, fmt.Errorf("mint: key version %d is above the maximum %d", k.Version, MaxVersion)
		}
		if r.keys[k.Version] != nil {
			return nil, fmt.Errorf("mint: key version %d is given twice; give each version once", k.Version)
		}
		if len(k.Secret) != SecretSize {
			return nil, fmt.Errorf("mint: key version %d has a %d-byte secret, want %d random bytes",
				k.Version, len(k.Secret), SecretSize)
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			return nil, fmt.Errorf("mint: key version %d: %w", k.Version, err)
		}
		r.keys[k.Version] = newFeistel(block, k.Version, &r.scratch)
	}
	return r, nil
}

// Has reports whether r holds a key of version v.
func (r *Keyring) Has(v uint8) bool { return int(v) < len(r.keys) && r.keys[v] != nil }

// Versions returns the versions of the keys in r in increasing order.
func (r *Keyring) Versions() []uint8 {
	var vs []uint8
	for v, k := range r.keys {
		if k != nil {
			vs = append(vs, uint8(v))
		}
	}
	return vs
}

// Verify parses s as [Parse] does and decrypts it as [Keyring.Open] does.
func (r *Keyring) Verify(s string) (ID, error) { return verify(r, s) }

// VerifyBytes is [Keyring.Verify] for a byte slice. It does not retain b.
func (r *Keyring) VerifyBytes(b []byte) (ID, error) { return verify(r, b) }

func verify[S string | []byte](r *Keyring, s S) (ID, error) {
	version, left, right, ok := decodeFast(s)
	if !ok {
		values, err := decode(s)
		if err != nil {
			return ID{}, err
		}
		version = values[0]
		left, right = unpackHalves(values[1:dataLen])
	}
	id, err := r.open(version, left, right)
	if err != nil {
		return ID{}, codeError(codeOfHalves(version, left, right), err)
	}
	return id, nil
}

// Open decrypts a parsed code and returns what it carries. It fails with a
// [*CodeError] wrapping [ErrKeyVersion] when r has no key of the code's version and
// [ErrTag] when the redundant bits do not match. Open does not check the check symbol:
// [Parse] did.
func (r *Keyring) Open(c Code) (ID, error) {
	var values [Len]byte
	for i, ch := range c {
		values[i] = symbolValues[ch]
		if values[i] >= 32 && i < dataLen {
			return ID{}, unparsedError(c, i)
		}
	}
	left, right := unpackHalves(values[1:dataLen])
	id, err := r.open(values[0], left, right)
	if err != nil {
		return ID{}, codeError(c, err)
	}
	return id, nil
}

// open decrypts the cipher block of a parsed code of the given key version, below 32.
// It fails with ErrKeyVersion or ErrTag itself, which codeError turns into a
// [*CodeError].
func (r *Keyring) open(version uint8, left, right uint64) (ID, error) {
	key := r.keys[version&MaxVersion]
	if key == nil {
		return ID{}, ErrKeyVersion
	}
	left, right = key.decrypt(left, right)
	id, ok := openHalves(version, left, right)
	if !ok {
		return ID{}, ErrTag
	}
	return id, nil
}

// codeError returns the [*CodeError] of c for ErrKeyVersion or ErrTag from open.
func codeError(c Code, err error) *CodeError {
	if err == ErrKeyVersion {
		return keyVersionError(c)
	}
	return tagError(c)
}
