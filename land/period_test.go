package land_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

func TestParseDate(t *testing.T) {
	d, err := land.ParseDate("2024-02-29")
	require.NoError(t, err)
	assert.Equal(t, land.Date{Year: 2024, Month: time.February, Day: 29}, d)
	assert.Equal(t, "2024-02-29", d.String())

	for _, in := range []string{"", "2023-02-29", "2024-2-1", "2024-02-01T00:00:00Z", "20240201"} {
		_, err := land.ParseDate(in)
		assert.ErrorContains(t, err, "YYYY-MM-DD", "input %q", in)
	}
}

func TestDateCompare(t *testing.T) {
	a, b := day(2020, time.December, 31), day(2021, time.January, 1)
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, b, a.AddDate(0, 0, 1))
	assert.Equal(t, day(2025, time.March, 1), day(2024, time.February, 29).AddDate(1, 0, 0))
	assert.Equal(t, day(2024, time.February, 1), land.NewDate(2024, time.January, 32))
}

func TestDateText(t *testing.T) {
	type record struct {
		Signed land.Date `json:"signed"`
	}
	out, err := json.Marshal(record{Signed: day(2020, time.March, 5)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"signed":"2020-03-05"}`, string(out))

	var back record
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, day(2020, time.March, 5), back.Signed)

	require.NoError(t, json.Unmarshal([]byte(`{"signed":""}`), &back))
	assert.True(t, back.Signed.IsZero())
	assert.Error(t, json.Unmarshal([]byte(`{"signed":"2020-13-01"}`), &back))
}

func TestPeriod(t *testing.T) {
	p := period(day(2020, time.January, 1), day(2020, time.December, 31))
	tests := []struct {
		name        string
		q           land.Period
		wantCovers  bool
		wantOverlap land.Period
		wantShared  bool
	}{
		{"Same", p, true, p, true},
		{"Inside", period(day(2020, time.March, 1), day(2020, time.March, 31)), true,
			period(day(2020, time.March, 1), day(2020, time.March, 31)), true},
		{"LastDayShared", period(day(2020, time.December, 31), day(2021, time.June, 30)), false,
			period(day(2020, time.December, 31), day(2020, time.December, 31)), true},
		{"Adjacent", period(day(2021, time.January, 1), day(2021, time.June, 30)), false,
			land.Period{}, false},
		{"Before", period(day(2019, time.January, 1), day(2019, time.December, 31)), false,
			land.Period{}, false},
		{"Around", period(day(2019, time.January, 1), day(2021, time.December, 31)), false, p, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantCovers, p.Covers(tt.q), "covers")
			got, shared := p.Overlap(tt.q)
			assert.Equal(t, tt.wantShared, shared, "shares a day")
			assert.Equal(t, tt.wantOverlap, got, "overlap")
		})
	}
	assert.Equal(t, 366, p.Days())
	assert.Equal(t, 0, period(day(2021, time.January, 2), day(2021, time.January, 1)).Days())
}

func TestPeriodValidate(t *testing.T) {
	assert.NoError(t, period(day(2020, time.January, 1), day(2020, time.January, 1)).Validate())
	assert.ErrorContains(t, period(day(2020, time.January, 2), day(2020, time.January, 1)).Validate(), "start is after end")
	assert.ErrorContains(t, land.Period{Start: day(2020, time.January, 1)}.Validate(), "required")
	assert.ErrorContains(t, land.Period{Start: land.Date{Year: 2024, Month: time.February, Day: 30}, End: day(2030, time.January, 1)}.Validate(),
		"invalid period start 2024-02-30")
	assert.ErrorContains(t, land.Period{Start: day(2024, time.January, 1), End: land.Date{Year: 2030, Month: 13, Day: 1}}.Validate(),
		"invalid period end 2030-13-01")
}

func TestDateValidate(t *testing.T) {
	tests := []struct {
		d    land.Date
		want bool
	}{
		{land.Date{Year: 2024, Month: time.February, Day: 29}, true},
		{land.Date{Year: 2023, Month: time.February, Day: 29}, false},
		{land.Date{Year: 2024, Month: time.February, Day: 30}, false},
		{land.Date{Year: 2000, Month: time.February, Day: 29}, true},
		{land.Date{Year: 1900, Month: time.February, Day: 29}, false},
		{land.Date{Year: 2024, Month: time.April, Day: 31}, false},
		{land.Date{Year: 2024, Month: time.December, Day: 31}, true},
		{land.Date{Year: 2024, Month: 0, Day: 1}, false},
		{land.Date{Year: 2024, Month: time.January, Day: 0}, false},
		{land.Date{Year: 0, Month: time.January, Day: 1}, false},
		{land.Date{Year: 10000, Month: time.January, Day: 1}, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%04d-%02d-%02d", tt.d.Year, int(tt.d.Month), tt.d.Day), func(t *testing.T) {
			err := tt.d.Validate()
			if tt.want {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, "invalid date")
			}
		})
	}
}

func TestSecondRoundTerm(t *testing.T) {
	tests := []struct {
		start land.Date
		want  land.Period
	}{
		{day(1998, time.January, 1), period(day(1998, time.January, 1), day(2027, time.December, 31))},
		{day(1999, time.October, 1), period(day(1999, time.October, 1), day(2029, time.September, 30))},
		{day(2000, time.February, 29), period(day(2000, time.February, 29), day(2030, time.February, 28))},
	}
	for _, tt := range tests {
		t.Run(tt.start.String(), func(t *testing.T) {
			got := land.SecondRoundTerm(tt.start)
			assert.Equal(t, tt.want, got)
		})
	}
}
