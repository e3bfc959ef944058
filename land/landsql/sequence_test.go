package landsql

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/land"
)

func TestNextSequence(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		for want := 5; want <= 7; want++ {
			got, err := s.NextSequence(ctx, "plot:65313010100101", 5, 7)
			require.NoError(t, err)
			assert.Equal(t, want, got)
		}
		_, err := s.NextSequence(ctx, "plot:65313010100101", 5, 7)
		require.ErrorIs(t, err, land.ErrSequenceExhausted)

		mark, err := s.SequenceMark(ctx, "plot:65313010100101")
		require.NoError(t, err)
		assert.Equal(t, 7, mark, "mark after exhaustion")
	})
}

func TestNextSequenceInvalidRange(t *testing.T) {
	s := newTestStore(t, SQLite)
	tests := []struct {
		name        string
		first, last int
	}{
		{"first zero", 0, 10},
		{"last below first", 5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.NextSequence(context.Background(), "plot:x", tt.first, tt.last)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "invalid range")
		})
	}
}

func TestMarkSequenceUsed(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		s := openTestStore(t, tdb)
		const key = "contractor:65313010100101:household"
		require.NoError(t, s.MarkSequenceUsed(ctx, key, 40))
		require.NoError(t, s.MarkSequenceUsed(ctx, key, 12), "lower mark keeps 40")

		got, err := s.NextSequence(ctx, key, 1, 8000)
		require.NoError(t, err)
		assert.Equal(t, 41, got)
		assert.Error(t, s.MarkSequenceUsed(ctx, key, 0), "mark 0")

		// A mark below first still gives first.
		got, err = s.NextSequence(ctx, "contractor:65313010100101:unit", 9001, 9999)
		require.NoError(t, err)
		assert.Equal(t, 9001, got)
	})
}

func TestAllocatorOnStore(t *testing.T) {
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		a := land.NewAllocator(openTestStore(t, tdb))
		require.NoError(t, a.MarkPlotCodesUsed(ctx, []land.PlotCode{"6531301010010100017"}))

		code, err := a.NextPlotCode(ctx, testIssuer)
		require.NoError(t, err)
		assert.Equal(t, land.PlotCode("6531301010010100018"), code)

		// A second store on the same database continues the sequence.
		b := land.NewAllocator(openTestStore(t, testDB{db: tdb.open(t), dialect: tdb.dialect}))
		code, err = b.NextPlotCode(ctx, testIssuer)
		require.NoError(t, err)
		assert.Equal(t, land.PlotCode("6531301010010100019"), code)
	})
}

// TestNextSequenceConcurrentProcesses draws numbers from two pools on one
// database, as two processes would, with several goroutines each.
func TestNextSequenceConcurrentProcesses(t *testing.T) {
	const (
		pools      = 2
		goroutines = 4
		draws      = 25
	)
	eachDialect(t, func(t *testing.T, tdb testDB) {
		ctx := context.Background()
		stores := []*Store{openTestStore(t, tdb)}
		for len(stores) < pools {
			stores = append(stores, openTestStore(t, testDB{db: tdb.open(t), dialect: tdb.dialect}))
		}

		var mu sync.Mutex
		seen := make(map[int]int)
		var g errgroup.Group
		for i := range pools * goroutines {
			s := stores[i%pools]
			g.Go(func() error {
				for range draws {
					n, err := s.NextSequence(ctx, "plot:65313010100101", 1, 99999)
					if err != nil {
						return err
					}
					mu.Lock()
					seen[n]++
					mu.Unlock()
				}
				return nil
			})
		}
		require.NoError(t, g.Wait())

		total := pools * goroutines * draws
		require.Len(t, seen, total, "distinct numbers")
		for n := 1; n <= total; n++ {
			assert.Equal(t, 1, seen[n], "times %d was handed out", n)
		}
	})
}
