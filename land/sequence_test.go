package land

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemorySequenceStoreNext(t *testing.T) {
	ctx := context.Background()
	var store MemorySequenceStore

	for want := 1; want <= 3; want++ {
		got, err := store.NextSequence(ctx, "a", 1, 5)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	other, err := store.NextSequence(ctx, "b", 8001, 9000)
	require.NoError(t, err)

	assert.Equal(t, 8001, other, "a fresh key starts at first")
	assert.Equal(t, 3, store.HighWaterMark("a"))
	assert.Zero(t, store.HighWaterMark("never used"))
}

func TestMemorySequenceStoreExhausted(t *testing.T) {
	ctx := context.Background()
	var store MemorySequenceStore
	require.NoError(t, store.MarkSequenceUsed(ctx, "k", 4))

	got, err := store.NextSequence(ctx, "k", 1, 5)
	require.NoError(t, err)
	assert.Equal(t, 5, got)

	_, err = store.NextSequence(ctx, "k", 1, 5)
	require.ErrorIs(t, err, ErrSequenceExhausted)
	assert.Contains(t, err.Error(), `"k" has used every number in 1-5`)
	assert.Equal(t, 5, store.HighWaterMark("k"), "a failed call must not move the mark")
}

func TestMemorySequenceStoreMarkOnlyRaises(t *testing.T) {
	ctx := context.Background()
	var store MemorySequenceStore

	require.NoError(t, store.MarkSequenceUsed(ctx, "k", 40))
	require.NoError(t, store.MarkSequenceUsed(ctx, "k", 7))

	assert.Equal(t, 40, store.HighWaterMark("k"))
	got, err := store.NextSequence(ctx, "k", 1, 99999)
	require.NoError(t, err)
	assert.Equal(t, 41, got)
}

func TestMemorySequenceStoreInvalidArguments(t *testing.T) {
	ctx := context.Background()
	var store MemorySequenceStore
	tests := []struct {
		name        string
		first, last int
	}{
		{name: "first 0", first: 0, last: 10},
		{name: "negative first", first: -1, last: 10},
		{name: "last below first", first: 10, last: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := store.NextSequence(ctx, "k", tt.first, tt.last)

			require.Error(t, err)
			assert.Contains(t, err.Error(), "invalid range")
			assert.NotErrorIs(t, err, ErrSequenceExhausted)
		})
	}

	err := store.MarkSequenceUsed(ctx, "k", 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid used number 0")
	assert.Zero(t, store.HighWaterMark("k"))
}

func TestMemorySequenceStoreCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var store MemorySequenceStore

	_, err := store.NextSequence(ctx, "k", 1, 10)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, store.MarkSequenceUsed(ctx, "k", 3), context.Canceled)
	assert.Zero(t, store.HighWaterMark("k"))
}

func TestAllocatorNextPlotCode(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)

	first, err := alloc.NextPlotCode(ctx, testIssuer)
	require.NoError(t, err)
	second, err := alloc.NextPlotCode(ctx, testIssuer)
	require.NoError(t, err)
	otherIssuer, err := alloc.NextPlotCode(ctx, testVillageIssuer)
	require.NoError(t, err)

	assert.Equal(t, PlotCode("6531301002010300001"), first)
	assert.Equal(t, PlotCode("6531301002010300002"), second)
	assert.Equal(t, PlotCode("6531301002010000001"), otherIssuer, "each issuer has its own sequence")
}

func TestAllocatorNextContractorCodeByKind(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)
	tests := []struct {
		kind ContractorKind
		want []ContractorCode
	}{
		{kind: ContractorHousehold, want: []ContractorCode{"653130100201030001", "653130100201030002"}},
		{kind: ContractorIndividual, want: []ContractorCode{"653130100201038001", "653130100201038002"}},
		{kind: ContractorUnit, want: []ContractorCode{"653130100201039001", "653130100201039002"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			for _, want := range tt.want {
				got, err := alloc.NextContractorCode(ctx, testIssuer, tt.kind)

				require.NoError(t, err)
				assert.Equal(t, want, got)
				assert.Equal(t, tt.kind, got.Kind())
			}
		})
	}
}

func TestAllocatorRejectsInvalidInput(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)

	_, err := alloc.NextPlotCode(ctx, "65313000020103")
	requireCodeError(t, err, IssuerCodeKind, "65313000020103", "township 000")

	_, err = alloc.NextContractorCode(ctx, "", ContractorHousehold)
	requireCodeError(t, err, IssuerCodeKind, "", "want 14 digits, got 0")

	_, err = alloc.NextContractorCode(ctx, testIssuer, ContractorKind(0))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid ContractorKind(0), want household, individual or unit")

	err = alloc.MarkPlotCodesUsed(ctx, []PlotCode{testPlot, "6531301002010300000"})
	requireCodeError(t, err, PlotCodeKind, "6531301002010300000", "plot sequence 00000")
	next, err := alloc.NextPlotCode(ctx, testIssuer)
	require.NoError(t, err)
	assert.Equal(t, 1, next.Sequence(), "a rejected batch must mark nothing")

	err = alloc.MarkContractorCodesUsed(ctx, []ContractorCode{"65313010020103"})
	requireCodeError(t, err, ContractorCodeKind, "65313010020103", "want 18 digits, got 14")
}

func TestAllocatorZeroValue(t *testing.T) {
	var alloc Allocator

	_, err := alloc.NextPlotCode(context.Background(), testIssuer)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "create it with NewAllocator")
	err = alloc.MarkPlotCodesUsed(context.Background(), []PlotCode{testPlot})
	assert.ErrorContains(t, err, "create it with NewAllocator")
}

func TestAllocatorSkipsImportedCodes(t *testing.T) {
	ctx := context.Background()
	store := new(MemorySequenceStore)
	alloc := NewAllocator(store)
	imported := []PlotCode{"6531301002010300007", "6531301002010300042", "6531301002010300003", "6531301002010000009"}
	require.NoError(t, alloc.MarkPlotCodesUsed(ctx, imported))

	next, err := alloc.NextPlotCode(ctx, testIssuer)
	require.NoError(t, err)
	nextVillage, err := alloc.NextPlotCode(ctx, testVillageIssuer)
	require.NoError(t, err)

	assert.Equal(t, PlotCode("6531301002010300043"), next, "allocation resumes above the highest imported code")
	assert.Equal(t, PlotCode("6531301002010000010"), nextVillage)
	assert.Equal(t, 43, store.HighWaterMark("plot:"+string(testIssuer)))
}

func TestAllocatorSkipsImportedContractors(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)
	imported := []ContractorCode{"653130100201030015", "653130100201038003", "653130100201030002"}
	require.NoError(t, alloc.MarkContractorCodesUsed(ctx, imported))

	household, err := alloc.NextContractorCode(ctx, testIssuer, ContractorHousehold)
	require.NoError(t, err)
	individual, err := alloc.NextContractorCode(ctx, testIssuer, ContractorIndividual)
	require.NoError(t, err)
	unit, err := alloc.NextContractorCode(ctx, testIssuer, ContractorUnit)
	require.NoError(t, err)

	assert.Equal(t, ContractorCode("653130100201030016"), household)
	assert.Equal(t, ContractorCode("653130100201038004"), individual)
	assert.Equal(t, ContractorCode("653130100201039001"), unit)
}

func TestAllocatorPlotSequenceExhausted(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)
	require.NoError(t, alloc.MarkPlotCodesUsed(ctx, []PlotCode{"6531301002010399998"}))

	last, err := alloc.NextPlotCode(ctx, testIssuer)
	require.NoError(t, err)
	assert.Equal(t, PlotCode("6531301002010399999"), last)

	_, err = alloc.NextPlotCode(ctx, testIssuer)
	require.ErrorIs(t, err, ErrSequenceExhausted)
	assert.Equal(t, "land: sequence exhausted: issuer 65313010020103 has used every plot sequence 00001-99999", err.Error())
}

func TestAllocatorContractorKindExhausted(t *testing.T) {
	ctx := context.Background()
	alloc := NewAllocator(nil)
	lastHousehold := ContractorCode("653130100201038000")
	lastIndividual := ContractorCode("653130100201039000")
	require.NoError(t, alloc.MarkContractorCodesUsed(ctx, []ContractorCode{lastHousehold, lastIndividual}))

	_, err := alloc.NextContractorCode(ctx, testIssuer, ContractorHousehold)
	require.ErrorIs(t, err, ErrSequenceExhausted)
	assert.Equal(t, "land: sequence exhausted: issuer 65313010020103 has used every household sequence 0001-8000", err.Error())
	_, err = alloc.NextContractorCode(ctx, testIssuer, ContractorIndividual)
	require.ErrorIs(t, err, ErrSequenceExhausted)

	unit, err := alloc.NextContractorCode(ctx, testIssuer, ContractorUnit)
	require.NoError(t, err, "a full household range leaves the unit range free")
	assert.Equal(t, ContractorCode("653130100201039001"), unit)
}

func TestAllocatorConcurrentCallersGetDistinctCodes(t *testing.T) {
	const (
		goroutines = 64
		perCaller  = 100
	)
	ctx := context.Background()
	alloc := NewAllocator(nil)
	require.NoError(t, alloc.MarkPlotCodesUsed(ctx, []PlotCode{testPlot}))

	var wg sync.WaitGroup
	results := make([][]PlotCode, goroutines)
	errs := make([]error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for range perCaller {
				code, err := alloc.NextPlotCode(ctx, testIssuer)
				if err != nil {
					errs[g] = err
					return
				}
				results[g] = append(results[g], code)
			}
		})
	}
	wg.Wait()

	seen := make(map[PlotCode]bool)
	for g := range goroutines {
		require.NoError(t, errs[g])
		for _, code := range results[g] {
			require.False(t, seen[code], "code %s handed out twice", code)
			require.Greater(t, code.Sequence(), testPlot.Sequence(), "code %s reissues an imported number", code)
			seen[code] = true
		}
	}
	assert.Len(t, seen, goroutines*perCaller)
}

func TestAllocatorConcurrentCallersAtRangeEnd(t *testing.T) {
	const (
		goroutines = 50
		free       = 10
	)
	ctx := context.Background()
	alloc := NewAllocator(nil)
	require.NoError(t, alloc.MarkContractorCodesUsed(ctx, []ContractorCode{"653130100201039989"}))

	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		codes     = make(map[ContractorCode]bool)
		exhausted int
		others    []error
	)
	for range goroutines {
		wg.Go(func() {
			code, err := alloc.NextContractorCode(ctx, testIssuer, ContractorUnit)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, ErrSequenceExhausted):
				exhausted++
			case err != nil:
				others = append(others, err)
			default:
				codes[code] = true
			}
		})
	}
	wg.Wait()

	assert.Empty(t, others)
	assert.Len(t, codes, free, "every free number is handed out exactly once")
	assert.Equal(t, goroutines-free, exhausted)
	assert.True(t, codes["653130100201039999"])
}

// rangeBreakingStore returns a fixed number whatever range it is asked for.
type rangeBreakingStore struct{ n int }

func (s rangeBreakingStore) NextSequence(context.Context, string, int, int) (int, error) {
	return s.n, nil
}

func (s rangeBreakingStore) MarkSequenceUsed(context.Context, string, int) error { return nil }

// failingStore fails every call with err.
type failingStore struct{ err error }

func (s failingStore) NextSequence(context.Context, string, int, int) (int, error) {
	return 0, s.err
}

func (s failingStore) MarkSequenceUsed(context.Context, string, int) error { return s.err }

func TestAllocatorChecksStoreRange(t *testing.T) {
	alloc := NewAllocator(rangeBreakingStore{n: 8500})

	_, err := alloc.NextContractorCode(context.Background(), testIssuer, ContractorHousehold)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "sequence store returned 8500")
	assert.Contains(t, err.Error(), "want 1-8000")
}

func TestAllocatorWrapsStoreErrors(t *testing.T) {
	storeErr := errors.New("disk full")
	alloc := NewAllocator(failingStore{err: storeErr})
	ctx := context.Background()

	_, err := alloc.NextPlotCode(ctx, testIssuer)
	require.ErrorIs(t, err, storeErr)
	assert.Equal(t, "land: allocate plot code for issuer 65313010020103: disk full", err.Error())

	_, err = alloc.NextContractorCode(ctx, testIssuer, ContractorIndividual)
	require.ErrorIs(t, err, storeErr)
	assert.Contains(t, err.Error(), "allocate individual contractor code for issuer 65313010020103")

	err = alloc.MarkPlotCodesUsed(ctx, []PlotCode{testPlot})
	require.ErrorIs(t, err, storeErr)
	assert.Contains(t, err.Error(), `mark sequence "plot:65313010020103" used up to 42`)
}

func TestAllocatorMapsForeignExhaustion(t *testing.T) {
	alloc := NewAllocator(failingStore{err: ErrSequenceExhausted})

	_, err := alloc.NextPlotCode(context.Background(), testIssuer)

	require.ErrorIs(t, err, ErrSequenceExhausted)
	assert.Contains(t, err.Error(), "has used every plot sequence 00001-99999")
}
