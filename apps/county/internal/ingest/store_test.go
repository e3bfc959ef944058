package ingest

import (
	"context"
	"slices"
	"testing"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

var dialects = []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL}

func TestStoreCopyOnPostgreSQL(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := openStore(t, sqlstoretest.Open(t, d, "ingest"))
			if want := d == sqlstore.PostgreSQL; s.copy != want {
				t.Errorf("copy = %v, want %v", s.copy, want)
			}
		})
	}
}

// TestStoreFreshMarksFirstCopy checks which reading of a batch Insert marks
// new: the first copy of a key that was not stored before, also when the
// copies lie in different INSERT statements of the SQLite path.
func TestStoreFreshMarksFirstCopy(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			s := openStore(t, sqlstoretest.Open(t, d, "ingest"))
			ctx := context.Background()
			r := func(seq int64, field string) Reading {
				return Reading{Source: "g/gw", Seq: seq, Device: "well-1", Field: field, TimeMillis: ts0, Value: seq}
			}
			if err := s.Insert(ctx, []Reading{r(1, "a")}, make([]bool, 1)); err != nil {
				t.Fatal(err)
			}

			rs := []Reading{r(2, "a"), r(1, "a"), r(2, "a"), r(1, "b"), r(2, "a")}
			for range rowsPerStatement {
				rs = append(rs, r(3, "c"))
			}
			rs = append(rs, r(4, "a"), r(1, "b"))
			fresh := make([]bool, len(rs))
			if err := s.Insert(ctx, rs, fresh); err != nil {
				t.Fatal(err)
			}
			var got []int
			for i, f := range fresh {
				if f {
					got = append(got, i)
				}
			}
			want := []int{0, 3, 5, 5 + rowsPerStatement}
			if !slices.Equal(got, want) {
				t.Errorf("new readings at %v, want %v", got, want)
			}
			n, err := s.Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != 5 {
				t.Errorf("%d rows stored, want 5", n)
			}
		})
	}
}

// TestStoreFailedInsertForgetsNames checks that names added in a
// transaction that rolls back leave the name cache, so that the next batch
// adds them again instead of storing ids that no name row carries.
func TestStoreFailedInsertForgetsNames(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			db := sqlstoretest.Open(t, d, "ingest")
			s := openStore(t, db)
			ctx := context.Background()
			rs := []Reading{{Source: "g/gw", Seq: 1, Device: "well-9", Field: "flow_total", TimeMillis: ts0, Value: 7}}
			fresh := make([]bool, 1)

			if _, err := db.DB.ExecContext(ctx, "ALTER TABLE ingest_readings RENAME TO ingest_readings_away"); err != nil {
				t.Fatal(err)
			}
			if err := s.Insert(ctx, rs, fresh); err == nil {
				t.Fatal("Insert without the readings table succeeded, want an error")
			}
			if fresh[0] {
				t.Error("fresh[0] is true after a failed Insert")
			}
			if _, err := db.DB.ExecContext(ctx, "ALTER TABLE ingest_readings_away RENAME TO ingest_readings"); err != nil {
				t.Fatal(err)
			}

			if err := s.Insert(ctx, rs, fresh); err != nil {
				t.Fatal(err)
			}
			if !fresh[0] {
				t.Error("fresh[0] is false after the retry, want true")
			}
			var back []Reading
			if err := s.Each(ctx, "g/gw", func(r Reading) error { back = append(back, r); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(back) != 1 || back[0] != rs[0] {
				t.Fatalf("read back %+v, want %+v", back, rs)
			}
		})
	}
}

// TestStoreCopyFallsBackOnStoredKeys follows the PostgreSQL path: a batch of
// new keys goes by COPY into ingest_readings, a batch with a stored key
// through the staging table, and so does the next batch, until one holds no
// stored key.
func TestStoreCopyFallsBackOnStoredKeys(t *testing.T) {
	s := openStore(t, sqlstoretest.PostgreSQL(t, "ingest"))
	ctx := context.Background()
	r := func(seq int64) Reading {
		return Reading{Source: "g/gw", Seq: seq, Device: "well-1", Field: "flow_total", TimeMillis: ts0, Value: seq}
	}
	steps := []struct {
		name        string
		rs          []Reading
		wantFresh   []bool
		wantStaging bool
	}{
		{"new keys", []Reading{r(1), r(2)}, []bool{true, true}, false},
		{"a stored key", []Reading{r(2), r(3)}, []bool{false, true}, true},
		{"new keys after stored ones", []Reading{r(4)}, []bool{true}, false},
		{"only stored keys", []Reading{r(1), r(4)}, []bool{false, false}, true},
		{"stored keys again", []Reading{r(3), r(5)}, []bool{false, true}, true},
	}
	for _, st := range steps {
		fresh := make([]bool, len(st.rs))
		if err := s.Insert(ctx, st.rs, fresh); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !slices.Equal(fresh, st.wantFresh) {
			t.Errorf("%s: fresh %v, want %v", st.name, fresh, st.wantFresh)
		}
		if s.staging != st.wantStaging {
			t.Errorf("%s: staging %v after the batch, want %v", st.name, s.staging, st.wantStaging)
		}
	}
	n, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("%d rows stored, want 5", n)
	}
}
