package mint

import "slices"

// Result is the outcome of verifying one code of a batch.
type Result struct {
	// ID is the key version, batch and serial of the code, or the zero ID when Err
	// is not nil.
	ID ID
	// Err is nil for a valid code. Otherwise it is the sentinel itself, ErrSymbol,
	// ErrLength, ErrCheck, ErrKeyVersion or ErrTag, and not a [*CodeError], so that
	// rejecting a code allocates nothing. [Keyring.Verify] of the same input returns
	// the error with its detail.
	Err error
}

// AppendVerify verifies each of codes as [Keyring.Verify] does and appends one
// [Result] per code to dst, in the order of codes. It decrypts several codes at once,
// so it checks more codes per second than Verify called in a loop. It allocates only
// when dst must grow.
func (r *Keyring) AppendVerify(dst []Result, codes []string) []Result {
	return appendVerify(r, dst, codes)
}

// AppendVerifyBytes is [Keyring.AppendVerify] for byte slices. It does not retain
// codes.
func (r *Keyring) AppendVerifyBytes(dst []Result, codes [][]byte) []Result {
	return appendVerify(r, dst, codes)
}

func appendVerify[S string | []byte](r *Keyring, dst []Result, codes []S) []Result {
	dst = slices.Grow(dst, len(codes))
	blocks := getBlocks(&r.scratch)
	defer r.scratch.Put(blocks)

	// Codes that pass the check symbol and name a key wait in the lanes for
	// decryption. Slots holds the index in dst of each lane's result.
	var pending laneState
	var slots [lanes]int
	for _, code := range codes {
		version, left, right, err := decodeHalves(code)
		if err != nil {
			dst = append(dst, Result{Err: err})
			continue
		}
		key := r.keys[version&MaxVersion]
		if key == nil {
			dst = append(dst, Result{Err: ErrKeyVersion})
			continue
		}
		slots[pending.n] = len(dst)
		dst = append(dst, Result{})
		pending.add(key, left, right)
		if pending.n == lanes {
			openLanes(blocks, &pending, dst, &slots)
		}
	}
	if pending.n > 0 {
		openLanes(blocks, &pending, dst, &slots)
	}
	return dst
}

// openLanes decrypts the lanes, writes each lane's result to dst at its slot and
// empties the lanes.
func openLanes(blocks *laneBlocks, s *laneState, dst []Result, slots *[lanes]int) {
	blocks.decrypt(s)
	for j := range s.n {
		id, ok := openHalves(s.keys[j].version, s.left[j], s.right[j])
		if !ok {
			dst[slots[j]].Err = ErrTag
			continue
		}
		dst[slots[j]].ID = id
	}
	s.n = 0
}
