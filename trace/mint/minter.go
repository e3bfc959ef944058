package mint

import (
	"errors"
	"fmt"
	"slices"
	"sync"
)

// ErrBatchesExhausted is returned by [Minter.NewBatch] when every batch number of the
// key version is taken. Issue under a new key version.
var ErrBatchesExhausted = errors.New("mint: no batch number left under this key version")

// Batch is a run of codes: a batch number under one key version and a range of
// serials. Codes of distinct batches never collide.
type Batch struct {
	// Version is the key version that the codes are issued under.
	Version uint8
	// Number is the batch number, 0 to [MaxBatch].
	Number uint32
	// First is the first serial of the range.
	First uint32
	// Count is the number of serials in the range.
	Count uint32
}

// Contains reports whether id is a code of b.
func (b Batch) Contains(id ID) bool {
	return id.Version == b.Version && id.Batch == b.Number &&
		id.Serial >= b.First && uint64(id.Serial) < uint64(b.First)+uint64(b.Count)
}

// ID returns the ID of the i-th code of b, counting from 0. It does not check that i
// is below b.Count.
func (b Batch) ID(i uint32) ID {
	return ID{Version: b.Version, Batch: b.Number, Serial: b.First + i}
}

// String returns the batch as "v3 b1024 s0+5000".
func (b Batch) String() string {
	return fmt.Sprintf("v%d b%d s%d+%d", b.Version, b.Number, b.First, b.Count)
}

// Minter issues codes under one key version and hands out batch numbers. It is safe for
// concurrent use. The next batch number lives in memory only: a caller that restarts
// restores it with [Minter.SetNextBatch] from its store.
type Minter struct {
	key *feistel

	mu        sync.Mutex
	nextBatch uint32 // the number NewBatch hands out next; MaxBatch+1 when exhausted
}

// NewMinter returns a minter that issues under the key of version in keys. Its first
// batch number is 0.
func NewMinter(keys *Keyring, version uint8) (*Minter, error) {
	if keys == nil || !keys.Has(version) {
		return nil, fmt.Errorf("mint: key version %d is not in the keyring; add its key first", version)
	}
	return &Minter{key: keys.keys[version]}, nil
}

// Version returns the key version that m issues under.
func (m *Minter) Version() uint8 { return m.key.version }

// SetNextBatch sets the batch number that [Minter.NewBatch] hands out next, such as one
// above the highest number in the caller's store. It accepts [MaxBatch]+1, after which
// NewBatch fails.
func (m *Minter) SetNextBatch(n uint32) error {
	if n > MaxBatch+1 {
		return fmt.Errorf("mint: next batch %d is above %d", n, MaxBatch+1)
	}
	m.mu.Lock()
	m.nextBatch = n
	m.mu.Unlock()
	return nil
}

// NextBatch returns the batch number that [Minter.NewBatch] hands out next.
func (m *Minter) NextBatch() uint32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.nextBatch
}

// NewBatch takes the next batch number and returns it with serials 0 to count-1. It
// fails with [ErrBatchesExhausted] when no number is left, and when count is zero or
// above [MaxSerial]+1.
func (m *Minter) NewBatch(count uint32) (Batch, error) {
	if count == 0 || count > MaxSerial+1 {
		return Batch{}, fmt.Errorf("mint: batch of %d codes, want 1 to %d; split larger runs "+
			"into several batches", count, MaxSerial+1)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.nextBatch > MaxBatch {
		return Batch{}, ErrBatchesExhausted
	}
	b := Batch{Version: m.key.version, Number: m.nextBatch, Count: count}
	m.nextBatch++
	return b, nil
}

// Batch returns the serial range first to first+count-1 of an existing batch number,
// for a further run of a batch. The caller keeps track of the serials it has issued:
// a serial issued twice gives the same code twice.
func (m *Minter) Batch(number, first, count uint32) (Batch, error) {
	b := Batch{Version: m.key.version, Number: number, First: first, Count: count}
	if count == 0 {
		return Batch{}, fmt.Errorf("mint: batch %s is empty, want a count of at least 1", b)
	}
	last := uint64(first) + uint64(count) - 1
	if number > MaxBatch || last > MaxSerial {
		return Batch{}, fmt.Errorf("mint: batch %s is out of range: batch numbers go to %d "+
			"and serials to %d", b, MaxBatch, MaxSerial)
	}
	return b, nil
}

// Code returns the code of the given batch and serial.
func (m *Minter) Code(batch, serial uint32) (Code, error) {
	id := ID{Version: m.key.version, Batch: batch, Serial: serial}
	if err := id.check(); err != nil {
		return Code{}, err
	}
	return m.key.seal(id), nil
}

// AppendCode appends the compact form of the code of the given batch and serial to dst.
func (m *Minter) AppendCode(dst []byte, batch, serial uint32) ([]byte, error) {
	id := ID{Version: m.key.version, Batch: batch, Serial: serial}
	if err := id.check(); err != nil {
		return dst, err
	}
	left, right := m.key.encrypt(plainHalves(id))
	// Writing the symbols in place skips copying a Code that was just written byte
	// by byte, a copy that waits for those stores.
	n := len(dst)
	dst = slices.Grow(dst, Len)[:n+Len]
	putCode(dst[n:], id.Version, left, right)
	return dst, nil
}

// AppendBatch appends the codes of n serials of b to dst, starting at serial
// b.First+from. It fails unless those serials lie within b. It encrypts several codes
// at once, so it issues more codes per second than [Minter.Code] called in a loop.
func (m *Minter) AppendBatch(dst []Code, b Batch, from, n uint32) ([]Code, error) {
	if b.Version != m.key.version {
		return dst, fmt.Errorf("mint: batch %s is of key version %d, this minter issues under %d",
			b, b.Version, m.key.version)
	}
	if uint64(from)+uint64(n) > uint64(b.Count) {
		return dst, fmt.Errorf("mint: serials %d+%d lie outside batch %s", from, n, b)
	}
	if n == 0 {
		return dst, nil
	}
	if b.Number > MaxBatch || uint64(b.First)+uint64(from)+uint64(n)-1 > MaxSerial {
		return dst, fmt.Errorf("mint: batch %s is out of range: batch numbers go to %d "+
			"and serials to %d", b, MaxBatch, MaxSerial)
	}
	dst = slices.Grow(dst, int(n))
	blocks := getBlocks(m.key.scratch)
	defer m.key.scratch.Put(blocks)
	var pending laneState
	for i := range n {
		left, right := plainHalves(b.ID(from + i))
		pending.add(m.key, left, right)
		if pending.n == lanes {
			dst = sealLanes(blocks, &pending, dst)
		}
	}
	if pending.n > 0 {
		dst = sealLanes(blocks, &pending, dst)
	}
	return dst, nil
}

// sealLanes encrypts the lanes, appends their codes to dst and empties the lanes.
func sealLanes(blocks *laneBlocks, s *laneState, dst []Code) []Code {
	blocks.encrypt(s)
	for j := range s.n {
		dst = append(dst, codeOfHalves(s.keys[j].version, s.left[j], s.right[j]))
	}
	s.n = 0
	return dst
}
