package watertest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func testAlarms(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Run("CreateGet", func(t *testing.T) { t.Parallel(); testAlarmCreate(t, newStore(t)) })
	t.Run("Status", func(t *testing.T) { t.Parallel(); testAlarmStatus(t, newStore(t)) })
	t.Run("Versions", func(t *testing.T) { t.Parallel(); testAlarmVersions(t, newStore(t)) })
	t.Run("Delete", func(t *testing.T) { t.Parallel(); testAlarmDelete(t, newStore(t)) })
	t.Run("Paging", func(t *testing.T) { t.Parallel(); testAlarmPaging(t, newStore(t)) })
	t.Run("Nil", func(t *testing.T) {
		t.Parallel()
		require.Error(t, newStore(t).PutAlarm(context.Background(), nil))
	})
}

func testAlarmCreate(t *testing.T, s water.Store) {
	ctx := context.Background()
	first, second := fullAlarm(), fullAlarm()
	second.Observed = nil
	second.Threshold = water.Quantity{}
	require.NoError(t, s.PutAlarm(ctx, first))
	require.NoError(t, s.PutAlarm(ctx, second))
	assert.Positive(t, first.ID, "id of the first alarm")
	assert.Greater(t, second.ID, first.ID, "id of the second alarm")
	assert.Equal(t, int64(1), first.Version, "version after create")
	assert.Equal(t, first.UpdatedAt, first.StatusChangedAt, "status changed at after create")

	for _, want := range []*water.AlarmRecord{first, second} {
		got, err := s.Alarm(ctx, want.ID)
		require.NoError(t, err)
		assertRecord(t, want, got, "alarm %d", want.ID)
	}

	withID := fullAlarm()
	withID.ID = second.ID + 100
	err := s.PutAlarm(ctx, withID)
	assert.Error(t, err, "create with an id")
	assert.NotErrorIs(t, err, water.ErrNotFound, "create with an id")

	invalid := fullAlarm()
	invalid.Status = 0
	assert.Error(t, s.PutAlarm(ctx, invalid), "create without a status")
	alarms, _, err := s.Alarms(ctx, water.AlarmFilter{})
	require.NoError(t, err)
	assert.Len(t, alarms, 2, "alarms after the rejected creates")
}

func testAlarmStatus(t *testing.T, s water.Store) {
	ctx := context.Background()
	a := fullAlarm()
	require.NoError(t, s.PutAlarm(ctx, a))
	opened := a.StatusChangedAt

	a.Note = "已派人查看"
	require.NoError(t, s.PutAlarm(ctx, a), "update without a status change")
	assert.Equal(t, opened, a.StatusChangedAt, "status changed at after a note")

	for _, status := range []water.AlarmStatus{water.AlarmAcknowledged, water.AlarmClosed, water.AlarmOpen} {
		a.Status = status
		require.NoError(t, s.PutAlarm(ctx, a), "change to %s", status)
		assert.Equal(t, a.UpdatedAt, a.StatusChangedAt, "status changed at after the change to %s", status)
		got, err := s.Alarm(ctx, a.ID)
		require.NoError(t, err)
		assertRecord(t, a, got, "alarm after the change to %s", status)
	}
}

func testAlarmVersions(t *testing.T, s water.Store) {
	ctx := context.Background()
	a := fullAlarm()
	require.NoError(t, s.PutAlarm(ctx, a))
	stale, err := s.Alarm(ctx, a.ID)
	require.NoError(t, err)

	a.Status = water.AlarmAcknowledged
	require.NoError(t, s.PutAlarm(ctx, a))
	assert.Equal(t, int64(2), a.Version, "version after update")
	stale.Status = water.AlarmClosed
	assert.ErrorIs(t, s.PutAlarm(ctx, stale), water.ErrConflict, "update from a stale read")

	missing := fullAlarm()
	missing.ID, missing.Version = a.ID+1, 1
	assert.ErrorIs(t, s.PutAlarm(ctx, missing), water.ErrNotFound, "update of a missing alarm")

	got, err := s.Alarm(ctx, a.ID)
	require.NoError(t, err)
	assertRecord(t, a, got)

	got.Observed[0].Name = "changed"
	again, err := s.Alarm(ctx, a.ID)
	require.NoError(t, err)
	assertRecord(t, a, again, "alarm after changing the one read")
}

func testAlarmDelete(t *testing.T, s water.Store) {
	ctx := context.Background()
	a := fullAlarm()
	require.NoError(t, s.PutAlarm(ctx, a))
	require.NoError(t, s.DeleteAlarm(ctx, a.ID))
	_, err := s.Alarm(ctx, a.ID)
	assert.ErrorIs(t, err, water.ErrNotFound, "get after delete")
	assert.ErrorIs(t, s.DeleteAlarm(ctx, a.ID), water.ErrNotFound, "second delete")

	b := fullAlarm()
	require.NoError(t, s.PutAlarm(ctx, b))
	assert.Greater(t, b.ID, a.ID, "id after a delete")
}

func testAlarmPaging(t *testing.T, s water.Store) {
	ctx := context.Background()
	var want []string
	for range 12 {
		a := fullAlarm()
		require.NoError(t, s.PutAlarm(ctx, a))
		want = append(want, strconv.FormatInt(a.ID, 10))
	}
	storetest.AssertPages(t, want, func(p land.Page) ([]string, string, error) {
		alarms, next, err := s.Alarms(ctx, water.AlarmFilter{Page: p})
		ids := make([]string, len(alarms))
		for i, a := range alarms {
			ids[i] = strconv.FormatInt(a.ID, 10)
		}
		return ids, next, err
	})
}

func testWellMeters(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Run("Lookup", func(t *testing.T) { t.Parallel(); testWellByMeter(t, newStore(t)) })
	t.Run("Unique", func(t *testing.T) { t.Parallel(); testMeterUnique(t, newStore(t)) })
}

func testWellByMeter(t *testing.T, s water.Store) {
	ctx := context.Background()
	w := fullWell()
	require.NoError(t, s.PutWell(ctx, w))
	for _, m := range w.Meters {
		got, err := s.WellByMeter(ctx, m.ID)
		require.NoError(t, err, "meter %s", m.ID)
		assertRecord(t, w, got, "well of meter %s", m.ID)
	}
	_, err := s.WellByMeter(ctx, "FM-9999")
	assert.ErrorIs(t, err, water.ErrNotFound, "meter of no well")

	// A meter taken off the well no longer finds it.
	removed := w.Meters[2].ID
	w.Meters = w.Meters[:2]
	require.NoError(t, s.PutWell(ctx, w))
	_, err = s.WellByMeter(ctx, removed)
	assert.ErrorIs(t, err, water.ErrNotFound, "meter taken off")

	require.NoError(t, s.DeleteWell(ctx, w.Code))
	_, err = s.WellByMeter(ctx, w.Meters[0].ID)
	assert.ErrorIs(t, err, water.ErrNotFound, "meter of a deleted well")
}

func testMeterUnique(t *testing.T, s water.Store) {
	ctx := context.Background()
	first := fullWell()
	require.NoError(t, s.PutWell(ctx, first))

	second := wellKind().Seq(1)
	second.Meters[1].ID = first.Meters[1].ID
	assert.ErrorIs(t, s.PutWell(ctx, second), water.ErrConflict, "create with another well's meter")
	_, err := s.Well(ctx, second.Code)
	assert.ErrorIs(t, err, water.ErrNotFound, "well after the rejected create")

	second.Meters[1].ID = "EM-0002"
	require.NoError(t, s.PutWell(ctx, second))
	second.Meters[0].ID = first.Meters[0].ID
	assert.ErrorIs(t, s.PutWell(ctx, second), water.ErrConflict, "update with another well's meter")

	// Once the first well lets the meter go, the second may take it.
	first.Meters = first.Meters[1:]
	require.NoError(t, s.PutWell(ctx, first))
	require.NoError(t, s.PutWell(ctx, second), "update with a released meter")
	got, err := s.WellByMeter(ctx, second.Meters[0].ID)
	require.NoError(t, err)
	assert.Equal(t, second.Code, got.Code, "well of the moved meter")
}

func testStartCoefficient(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Parallel()
	s := newStore(t)
	ctx := context.Background()
	well := wellCode(1)
	first := water.Coefficient{Well: well, Value: dec("2.50"), From: instant(2022, time.March, 1, 0, 0), Reason: water.ReasonInitial}
	got, err := s.StartCoefficient(ctx, first)
	require.NoError(t, err)
	assert.Equal(t, int64(1), got.Version, "version after the first start")
	assertRecord(t, []water.Coefficient{first}, got.Coefficients, "history after the first start")

	second := water.Coefficient{Well: well, Value: dec("2.1"), From: instant(2023, time.May, 2, 9, 30), Reason: water.ReasonPumpChanged}
	got, err = s.StartCoefficient(ctx, second)
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.Version, "version after the second start")
	ended := first
	ended.To = second.From
	assertRecord(t, []water.Coefficient{ended, second}, got.Coefficients, "history after the second start")

	stored, err := s.CoefficientHistory(ctx, well)
	require.NoError(t, err)
	assertRecord(t, got, stored, "stored history")

	early := water.Coefficient{Well: well, Value: dec("3"), From: instant(2022, time.June, 1, 0, 0)}
	_, err = s.StartCoefficient(ctx, early)
	assert.ErrorIs(t, err, water.ErrOverlap, "start inside the first coefficient")
	_, err = s.StartCoefficient(ctx, water.Coefficient{Well: well, From: instant(2024, time.May, 1, 0, 0)})
	assert.Error(t, err, "start without a value")
	stored, err = s.CoefficientHistory(ctx, well)
	require.NoError(t, err)
	assertRecord(t, got, stored, "history after the rejected starts")

	// A history put by hand is versioned with the starts.
	stored.Coefficients[1].Value = dec("2.2")
	require.NoError(t, s.PutCoefficientHistory(ctx, stored))
	assert.Equal(t, int64(3), stored.Version, "version after a put")
}

// testTimes checks that times come back in UTC, truncated to the microsecond.
func testTimes(t *testing.T, s water.Store) {
	ctx := context.Background()
	from := time.Date(2022, time.March, 1, 8, 0, 0, 123_456_789, time.FixedZone("XJT", 6*3600))
	c, err := s.StartCoefficient(ctx, water.Coefficient{Well: wellCode(1), Value: dec("2.5"), From: from})
	require.NoError(t, err)
	want := time.Date(2022, time.March, 1, 2, 0, 0, 123_456_000, time.UTC)
	assert.Equal(t, want, c.Coefficients[0].From, "coefficient start")
	assert.Equal(t, time.UTC, c.Coefficients[0].From.Location(), "coefficient start zone")

	a := fullAlarm()
	a.Raised = from
	require.NoError(t, s.PutAlarm(ctx, a))
	got, err := s.Alarm(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, want, got.Raised, "alarm raised")
	assert.Equal(t, time.UTC, got.Raised.Location(), "alarm raised zone")
}

func testConcurrency(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Run("Create", func(t *testing.T) {
		t.Parallel()
		storetest.ConcurrentCreate(t, contract, newStore(t), wellKind())
	})
	t.Run("Update", func(t *testing.T) {
		t.Parallel()
		storetest.ConcurrentUpdate(t, contract, newStore(t), planKind())
	})
	t.Run("Alarms", func(t *testing.T) {
		t.Parallel()
		s := newStore(t)
		ids := make([]int64, storetest.Writers)
		errs := storetest.RunWriters(func(i int) error {
			a := fullAlarm()
			err := s.PutAlarm(context.Background(), a)
			ids[i] = a.ID
			return err
		})
		seen := make(map[int64]bool)
		for i, err := range errs {
			require.NoError(t, err, "writer %d", i)
			assert.False(t, seen[ids[i]], "id %d given twice", ids[i])
			seen[ids[i]] = true
		}
	})
}

func testCanceledContext(t *testing.T, s water.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]error{
		"PutWell": s.PutWell(ctx, fullWell()),
		"Plans": func() error {
			_, _, err := s.Plans(ctx, water.PlanFilter{})
			return err
		}(),
		"StartCoefficient": func() error {
			_, err := s.StartCoefficient(ctx, fullHistory().Coefficients[1])
			return err
		}(),
		"Bill": func() error {
			_, err := s.Bill(ctx, "B-1")
			return err
		}(),
		"PutAlarm": s.PutAlarm(ctx, fullAlarm()),
	}
	for name, err := range calls {
		assert.ErrorIs(t, err, context.Canceled, name)
	}
}
