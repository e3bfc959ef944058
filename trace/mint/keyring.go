package mint

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
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
		r.keys[k.Version] = &feistel{block: block, version: k.Version}
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
func (r *Keyring) Verify(s string) (ID, error) {
	values, err := decode(s)
	if err != nil {
		return ID{}, err
	}
	return r.open(&values)
}

// VerifyBytes is [Keyring.Verify] for a byte slice. It does not retain b.
func (r *Keyring) VerifyBytes(b []byte) (ID, error) {
	values, err := decode(b)
	if err != nil {
		return ID{}, err
	}
	return r.open(&values)
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
	return r.open(&values)
}

// open decrypts the symbol values of a parsed code.
func (r *Keyring) open(values *[Len]byte) (ID, error) {
	version := values[0]
	if !r.Has(version) {
		return ID{}, keyVersionError(codeOf(values))
	}

	left, right := unpackHalves(values[1:dataLen])
	left, right = r.keys[version].decrypt(left, right)

	// The plain block is version | batch | serial | zero bits, high bits first.
	innerVersion := uint8(left >> (halfBits - versionBits))
	batch := uint32(left>>(halfBits-versionBits-batchBits)) & MaxBatch
	serialHigh := left & (1<<(halfBits-versionBits-batchBits) - 1)
	serial := uint32(serialHigh<<(serialBits-(halfBits-versionBits-batchBits)) | right>>zeroBits)
	if innerVersion != version || right&(1<<zeroBits-1) != 0 {
		return ID{}, tagError(codeOf(values))
	}
	return ID{Version: version, Batch: batch, Serial: serial}, nil
}

// seal encrypts id, which the caller has checked, into a code.
func (f *feistel) seal(id ID) Code {
	left := uint64(id.Version)<<(halfBits-versionBits) | uint64(id.Batch)<<(halfBits-versionBits-batchBits) |
		uint64(id.Serial)>>(serialBits-(halfBits-versionBits-batchBits))
	right := (uint64(id.Serial) << zeroBits) & halfMask
	left, right = f.encrypt(left, right)

	var c Code
	c[0] = alphabet[id.Version]
	packHalves(c[1:dataLen], left, right)
	var values [dataLen]byte
	for i := range values {
		values[i] = symbolValues[c[i]]
	}
	c[dataLen] = alphabet[checkValue(values[:])]
	return c
}

// packHalves writes two 35-bit halves as 14 base32 symbols, high bits first.
func packHalves(dst []byte, left, right uint64) {
	const symbols = halfBits / 5
	for i := symbols - 1; i >= 0; i-- {
		dst[i] = alphabet[left&31]
		dst[symbols+i] = alphabet[right&31]
		left >>= 5
		right >>= 5
	}
}

// unpackHalves reads 14 symbol values, each below 32, as two 35-bit halves.
func unpackHalves(values []byte) (left, right uint64) {
	const symbols = halfBits / 5
	for i := range symbols {
		left = left<<5 | uint64(values[i])
		right = right<<5 | uint64(values[symbols+i])
	}
	return left, right
}

// feistel is the keyed permutation of 70-bit blocks of one key version: a balanced
// Feistel network of 8 rounds on 35-bit halves with AES-128 as the round function.
type feistel struct {
	block   cipher.Block
	version uint8
	// scratch holds *[aes.BlockSize]byte buffers. A buffer passed to the block cipher
	// through its interface escapes to the heap, so pooling it keeps the hot path free
	// of allocations.
	scratch sync.Pool
}

// round returns the 35-bit round function of round i applied to x, using buf as the
// AES block.
func (f *feistel) round(buf *[aes.BlockSize]byte, i int, x uint64) uint64 {
	binary.BigEndian.PutUint64(buf[0:8], uint64(roundDomain)<<56|uint64(f.version)<<48|uint64(i)<<40)
	binary.BigEndian.PutUint64(buf[8:16], x)
	f.block.Encrypt(buf[:], buf[:])
	return binary.BigEndian.Uint64(buf[0:8]) >> (64 - halfBits)
}

func (f *feistel) getScratch() *[aes.BlockSize]byte {
	if buf, ok := f.scratch.Get().(*[aes.BlockSize]byte); ok {
		return buf
	}
	return new([aes.BlockSize]byte)
}

func (f *feistel) encrypt(left, right uint64) (uint64, uint64) {
	buf := f.getScratch()
	for i := range rounds {
		left, right = right, left^f.round(buf, i, right)
	}
	f.scratch.Put(buf)
	return left, right
}

func (f *feistel) decrypt(left, right uint64) (uint64, uint64) {
	buf := f.getScratch()
	for i := rounds - 1; i >= 0; i-- {
		left, right = right^f.round(buf, i, left), left
	}
	f.scratch.Put(buf)
	return left, right
}
