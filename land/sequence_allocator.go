package land

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Allocator hands out codes for new plots and contractors. It draws sequence numbers from
// a [SequenceStore], so it never hands out a code twice as long as the store keeps its
// marks, and codes imported from a register are not reissued once they are marked with
// [Allocator.MarkPlotCodesUsed] or [Allocator.MarkContractorCodesUsed].
//
// An Allocator is safe for concurrent use. Create one with [NewAllocator]; the zero
// Allocator has no store and returns an error from every method.
type Allocator struct {
	store SequenceStore
}

// NewAllocator returns an Allocator that draws numbers from store. A nil store means a
// new, empty [MemorySequenceStore], whose marks are lost when the process ends.
func NewAllocator(store SequenceStore) *Allocator {
	if store == nil {
		store = new(MemorySequenceStore)
	}
	return &Allocator{store: store}
}

// The plot sequence range of GB/T 35958-2018.
const (
	firstPlotSequence = 1
	lastPlotSequence  = 99999
)

func plotSequenceKey(issuer IssuerCode) string {
	return "plot:" + string(issuer)
}

func contractorSequenceKey(issuer IssuerCode, kind ContractorKind) string {
	return "contractor:" + string(issuer) + ":" + kind.String()
}

// NextPlotCode returns a new plot code of issuer, with a sequence number above every
// number handed out or marked as used for issuer. It returns a *[CodeError] if issuer is
// not valid and an error wrapping [ErrSequenceExhausted] when sequence 99999 is used.
func (a *Allocator) NextPlotCode(ctx context.Context, issuer IssuerCode) (PlotCode, error) {
	if err := issuer.Validate(); err != nil {
		return "", err
	}
	seq, err := a.next(ctx, plotSequenceKey(issuer), firstPlotSequence, lastPlotSequence)
	if errors.Is(err, ErrSequenceExhausted) {
		return "", fmt.Errorf("%w: issuer %s has used every plot sequence 00001-99999",
			ErrSequenceExhausted, issuer)
	}
	if err != nil {
		return "", fmt.Errorf("land: allocate plot code for issuer %s: %w", issuer, err)
	}
	return NewPlotCode(issuer, seq)
}

// NextContractorCode returns a new contractor code of issuer for a contractor of kind,
// with a sequence number in the range of kind (see [ContractorKind.Range]) above every
// number handed out or marked as used for issuer and kind. It returns a *[CodeError] if
// issuer is not valid, an error if kind is not valid, and an error wrapping
// [ErrSequenceExhausted] when the range of kind is used up.
func (a *Allocator) NextContractorCode(ctx context.Context, issuer IssuerCode, kind ContractorKind) (ContractorCode, error) {
	if err := issuer.Validate(); err != nil {
		return "", err
	}
	first, last := kind.Range()
	if first == 0 {
		return "", fmt.Errorf("land: allocate contractor code: invalid %s, want household, individual or unit", kind)
	}
	seq, err := a.next(ctx, contractorSequenceKey(issuer, kind), first, last)
	if errors.Is(err, ErrSequenceExhausted) {
		return "", fmt.Errorf("%w: issuer %s has used every %s sequence %04d-%04d",
			ErrSequenceExhausted, issuer, kind, first, last)
	}
	if err != nil {
		return "", fmt.Errorf("land: allocate %s contractor code for issuer %s: %w", kind, issuer, err)
	}
	return NewContractorCode(issuer, seq)
}

// next draws a number from the store and checks that the store kept to the range, since
// a number outside it would make a code of another kind or an invalid code.
func (a *Allocator) next(ctx context.Context, key string, first, last int) (int, error) {
	if a == nil || a.store == nil {
		return 0, errors.New("allocator has no sequence store, create it with NewAllocator")
	}
	seq, err := a.store.NextSequence(ctx, key, first, last)
	if err != nil {
		return 0, err
	}
	if seq < first || seq > last {
		return 0, fmt.Errorf("sequence store returned %d for %q, want %d-%d", seq, key, first, last)
	}
	return seq, nil
}

// MarkPlotCodesUsed raises the plot sequence mark of each issuer in codes to the highest
// sequence number among its codes, so that [Allocator.NextPlotCode] never returns them.
// Call it with the codes of an import before allocating new codes for the same issuers.
// It validates every code first and marks nothing if one is not valid.
func (a *Allocator) MarkPlotCodesUsed(ctx context.Context, codes []PlotCode) error {
	highest := make(map[string]int)
	for _, code := range codes {
		if err := code.Validate(); err != nil {
			return err
		}
		key := plotSequenceKey(code.Issuer())
		highest[key] = max(highest[key], code.Sequence())
	}
	return a.markUsed(ctx, highest)
}

// MarkContractorCodesUsed raises the contractor sequence mark of each issuer and kind in
// codes to the highest sequence number among its codes, so that
// [Allocator.NextContractorCode] never returns them. It validates every code first and
// marks nothing if one is not valid.
func (a *Allocator) MarkContractorCodesUsed(ctx context.Context, codes []ContractorCode) error {
	highest := make(map[string]int)
	for _, code := range codes {
		if err := code.Validate(); err != nil {
			return err
		}
		key := contractorSequenceKey(code.Issuer(), code.Kind())
		highest[key] = max(highest[key], code.Sequence())
	}
	return a.markUsed(ctx, highest)
}

// markUsed marks the keys in sorted order, so that a failure part way leaves a
// predictable set of keys marked.
func (a *Allocator) markUsed(ctx context.Context, highest map[string]int) error {
	if a == nil || a.store == nil {
		return errors.New("land: allocator has no sequence store, create it with NewAllocator")
	}
	keys := make([]string, 0, len(highest))
	for key := range highest {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for _, key := range keys {
		if err := a.store.MarkSequenceUsed(ctx, key, highest[key]); err != nil {
			return fmt.Errorf("land: mark sequence %q used up to %d: %w", key, highest[key], err)
		}
	}
	return nil
}
