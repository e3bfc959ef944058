package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

// Contract describes a Store interface to the checks: its sentinel errors and the
// rules that differ between the interfaces.
type Contract struct {
	// ErrNotFound and ErrConflict are the sentinel errors of the domain
	// package: for a missing record, and for a create of an existing key or
	// an update from another version.
	ErrNotFound, ErrConflict error
	// StoreTime returns a time as the store keeps it. When set, the checks
	// require the update time of a record to be such a time.
	StoreTime func(time.Time) time.Time
	// RejectsNil reports whether a put of a nil record returns an error. When
	// set, [TestRecords] runs [Nil].
	RejectsNil bool
	// CheckInvalid, when set, checks the error of a put of an invalid record
	// further, such as its type.
	CheckInvalid func(t *testing.T, err error)
}

// Kind describes one record kind with a key of its own, of a store S, to the
// checks. Every field but Count is required.
type Kind[S, T any] struct {
	// Fresh returns a valid record with Version 0 and every field set.
	Fresh func() *T
	// Seq returns record i of a listing in key order, valid and with
	// Version 0. Seq(0) to Seq(Count-1) have distinct keys.
	Seq func(i int) *T
	// Count is how many records [Paging] puts, or 0 for 7.
	Count int
	// Modify changes stored fields other than the key, nested ones in place.
	Modify func(*T)
	// Invalid returns a record that fails validation.
	Invalid func() *T
	// Revision returns pointers to the version and the update time of r.
	Revision func(r *T) (version *int64, updatedAt *time.Time)
	// Key returns the key of r as the page tokens of listings order it.
	Key func(r *T) string
	// Put stores r. A method expression such as water.Store.PutWell fits it.
	Put func(s S, ctx context.Context, r *T) error
	// Get reads the record with the key of r.
	Get func(s S, ctx context.Context, r *T) (*T, error)
	// Delete removes the record with the key of r.
	Delete func(s S, ctx context.Context, r *T) error
	// List lists the records of one page, without a filter.
	List func(s S, ctx context.Context, p land.Page) ([]*T, string, error)
	// Equal checks that got equals want.
	Equal func(t *testing.T, want, got *T, msgAndArgs ...any)
}

func (k Kind[S, T]) count() int {
	if k.Count == 0 {
		return 7
	}
	return k.Count
}

// other returns a record whose key differs from that of Fresh.
func (k Kind[S, T]) other() *T {
	fresh := k.Key(k.Fresh())
	for i := 0; ; i++ {
		if r := k.Seq(i); k.Key(r) != fresh {
			return r
		}
	}
}

// TestRecords runs the record checks of this package on k as parallel
// subtests, each on a new store that newStore returns: [Nil] only when
// c.RejectsNil is set, and every other check always.
func TestRecords[S, T any](t *testing.T, newStore func(t *testing.T) S, c Contract, k Kind[S, T]) {
	checks := []struct {
		name string
		run  func(t *testing.T, c Contract, s S, k Kind[S, T])
	}{
		{"CreateGet", CreateGet[S, T]},
		{"Update", Update[S, T]},
		{"CreateExisting", CreateExisting[S, T]},
		{"StaleVersion", StaleVersion[S, T]},
		{"NotFound", NotFound[S, T]},
		{"Delete", Delete[S, T]},
		{"Invalid", Invalid[S, T]},
		{"Nil", Nil[S, T]},
		{"Copies", Copies[S, T]},
		{"Paging", Paging[S, T]},
	}
	for _, check := range checks {
		if check.name == "Nil" && !c.RejectsNil {
			continue
		}
		t.Run(check.name, func(t *testing.T) {
			t.Parallel()
			check.run(t, c, newStore(t), k)
		})
	}
}

// CreateGet checks that a create sets version 1 and an update time, and that
// a read returns the record.
func CreateGet[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r := k.Fresh()
	require.NoError(t, k.Put(s, ctx, r))

	version, at := k.Revision(r)
	assert.Equal(t, int64(1), *version, "version after create")
	assert.False(t, at.IsZero(), "updated at after create")
	if c.StoreTime != nil {
		assert.Equal(t, c.StoreTime(*at), *at, "updated at as the store keeps times")
	}

	got, err := k.Get(s, ctx, r)
	require.NoError(t, err)
	k.Equal(t, r, got)
}

// Update checks that an update raises the version, does not move the update
// time back, and is read back.
func Update[S, T any](t *testing.T, _ Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r := k.Fresh()
	require.NoError(t, k.Put(s, ctx, r))
	_, at := k.Revision(r)
	created := *at

	k.Modify(r)
	require.NoError(t, k.Put(s, ctx, r))
	version, at := k.Revision(r)
	assert.Equal(t, int64(2), *version, "version after update")
	assert.Falsef(t, at.Before(created), "updated at %v is before created at %v", *at, created)

	got, err := k.Get(s, ctx, r)
	require.NoError(t, err)
	k.Equal(t, r, got)
}

// CreateExisting checks that a create of an existing key fails with
// ErrConflict, leaves the record's version at 0 and the stored record as it
// was.
func CreateExisting[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	require.NoError(t, k.Put(s, ctx, k.Fresh()))

	again := k.Fresh()
	k.Modify(again)
	assert.ErrorIs(t, k.Put(s, ctx, again), c.ErrConflict)
	version, _ := k.Revision(again)
	assert.Equal(t, int64(0), *version, "version of the rejected record")

	got, err := k.Get(s, ctx, again)
	require.NoError(t, err)
	want := k.Fresh()
	copyRevision(k, want, got)
	k.Equal(t, want, got, "record after the rejected create")
}

// copyRevision sets the version and update time of dst to those of src.
func copyRevision[S, T any](k Kind[S, T], dst, src *T) {
	dstVersion, dstAt := k.Revision(dst)
	srcVersion, srcAt := k.Revision(src)
	*dstVersion, *dstAt = *srcVersion, *srcAt
}

// StaleVersion checks that an update from a stale read, or with a version
// ahead of the stored one, fails with ErrConflict and changes nothing.
func StaleVersion[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	first := k.Fresh()
	require.NoError(t, k.Put(s, ctx, first))
	second, err := k.Get(s, ctx, first)
	require.NoError(t, err)

	k.Modify(first)
	require.NoError(t, k.Put(s, ctx, first), "first update")
	k.Modify(second)
	assert.ErrorIs(t, k.Put(s, ctx, second), c.ErrConflict, "update from a stale read")

	ahead := k.Fresh()
	version, _ := k.Revision(ahead)
	*version = 7
	assert.ErrorIs(t, k.Put(s, ctx, ahead), c.ErrConflict, "update with a future version")

	got, err := k.Get(s, ctx, first)
	require.NoError(t, err)
	k.Equal(t, first, got)
}

// NotFound checks that a read, a delete and an update of a missing record
// fail with ErrNotFound.
func NotFound[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r := k.Fresh()
	_, err := k.Get(s, ctx, r)
	assert.ErrorIs(t, err, c.ErrNotFound, "get")
	assert.ErrorIs(t, k.Delete(s, ctx, r), c.ErrNotFound, "delete")

	version, _ := k.Revision(r)
	*version = 1
	assert.ErrorIs(t, k.Put(s, ctx, r), c.ErrNotFound, "update")
}

// Delete checks that a delete removes the record and no other, that a second
// delete fails with ErrNotFound, and that the key can be created again.
func Delete[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r, other := k.Fresh(), k.other()
	require.NoError(t, k.Put(s, ctx, r))
	require.NoError(t, k.Put(s, ctx, other))
	require.NoError(t, k.Delete(s, ctx, r))

	_, err := k.Get(s, ctx, r)
	assert.ErrorIs(t, err, c.ErrNotFound, "get after delete")
	assert.ErrorIs(t, k.Delete(s, ctx, r), c.ErrNotFound, "second delete")
	_, err = k.Get(s, ctx, other)
	assert.NoError(t, err, "the other record")

	again := k.Fresh()
	require.NoError(t, k.Put(s, ctx, again), "create after delete")
	version, _ := k.Revision(again)
	assert.Equal(t, int64(1), *version, "version after create")
}

// Invalid checks that a put of an invalid record fails with neither sentinel
// error and stores nothing.
func Invalid[S, T any](t *testing.T, c Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r := k.Invalid()
	err := k.Put(s, ctx, r)
	require.Error(t, err)
	assert.NotErrorIs(t, err, c.ErrConflict)
	assert.NotErrorIs(t, err, c.ErrNotFound)
	if c.CheckInvalid != nil {
		c.CheckInvalid(t, err)
	}

	_, err = k.Get(s, ctx, r)
	assert.ErrorIs(t, err, c.ErrNotFound, "invalid record read back")
	records, _, err := k.List(s, ctx, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, records, "records after an invalid put")
}

// Nil checks that a put of a nil record returns an error and stores nothing.
func Nil[S, T any](t *testing.T, _ Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	require.Error(t, k.Put(s, ctx, nil))

	records, _, err := k.List(s, ctx, land.Page{})
	require.NoError(t, err)
	assert.Empty(t, records, "records after a nil put")
}

// Copies checks that changing a record after Put, or a record that Get
// returned, nested values included, leaves the stored record unchanged.
func Copies[S, T any](t *testing.T, _ Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	r := k.Fresh()
	require.NoError(t, k.Put(s, ctx, r))
	want := k.Fresh()
	copyRevision(k, want, r)

	k.Modify(r)
	got, err := k.Get(s, ctx, r)
	require.NoError(t, err)
	k.Equal(t, want, got, "record after changing the one put")

	k.Modify(got)
	again, err := k.Get(s, ctx, r)
	require.NoError(t, err)
	k.Equal(t, want, again, "record after changing the one read")
}

// Paging checks that a listing returns the records in key order, whole, in
// one unlimited page and in pages of several sizes, and that a negative limit
// fails.
func Paging[S, T any](t *testing.T, _ Contract, s S, k Kind[S, T]) {
	ctx := context.Background()
	n := k.count()
	want := make([]*T, n)
	// Put in reverse order, so a store that returns insertion order fails.
	for i := n - 1; i >= 0; i-- {
		want[i] = k.Seq(i)
		require.NoError(t, k.Put(s, ctx, want[i]))
	}
	wantKeys := Keys(want, k.Key)
	AssertPages(t, wantKeys, func(p land.Page) ([]string, string, error) {
		records, next, err := k.List(s, ctx, p)
		// AssertPages checks the keys, and a key not put has no record to compare.
		for _, r := range records {
			if i := slices.Index(wantKeys, k.Key(r)); i >= 0 {
				k.Equal(t, want[i], r, "record %s of a page", k.Key(r))
			}
		}
		return Keys(records, k.Key), next, err
	})

	_, _, err := k.List(s, ctx, land.Page{Limit: -1})
	assert.Error(t, err, "negative limit")
}
