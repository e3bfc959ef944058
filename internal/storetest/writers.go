package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Writers is the number of goroutines of a concurrency check.
const Writers = 8

// RunWriters runs write once in each of [Writers] goroutines and returns
// their errors, by goroutine.
func RunWriters(write func(i int) error) []error {
	errs := make([]error, Writers)
	var wg sync.WaitGroup
	for i := range Writers {
		wg.Go(func() { errs[i] = write(i) })
	}
	wg.Wait()
	return errs
}

// AssertOneWinner checks that exactly one error is nil and the others wrap
// conflict.
func AssertOneWinner(t *testing.T, errs []error, conflict error) {
	t.Helper()
	wins := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, conflict):
			t.Errorf("writer %d: got %v, want nil or an error wrapping %v", i, err, conflict)
		}
	}
	assert.Equal(t, 1, wins, "writers that succeeded")
}

// ConcurrentCreate checks that of [Writers] creates of one key at once,
// one succeeds and the others fail with ErrConflict.
func ConcurrentCreate[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	AssertOneWinner(t, RunWriters(func(int) error {
		return k.Put(s, context.Background(), k.Fresh())
	}), c.ErrConflict)
}

// ConcurrentUpdate checks that of [Writers] updates of one record from the
// same version at once, one succeeds and the others fail with ErrConflict.
func ConcurrentUpdate[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	require.NoError(t, k.Put(s, ctx, k.Fresh()))
	AssertOneWinner(t, RunWriters(func(i int) error {
		r := k.Fresh()
		version, _ := k.Revision(r)
		*version = 1
		if i%2 == 1 {
			k.Modify(r)
		}
		return k.Put(s, ctx, r)
	}), c.ErrConflict)

	got, err := k.Get(s, ctx, k.Fresh())
	require.NoError(t, err)
	version, _ := k.Revision(got)
	assert.Equal(t, int64(2), *version, "version after the concurrent updates")
}
