package szy206

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestItemReading(t *testing.T) {
	m, err := Decode(mustHex(t, flowReport))
	require.NoError(t, err)
	at := time.Date(2026, 7, 9, 8, 45, 0, 0, chinaStandardTime)
	r, err := m.Items[1].Reading(3, at, 3)
	require.NoError(t, err)
	assert.Equal(t, int64(106182000), r.Value, "106182 m³ at scale 3")
	assert.Equal(t, at.Unix(), r.Time)
	assert.Equal(t, uint32(3), r.Meter)
	r, err = m.Items[0].Reading(3, at, 2)
	require.NoError(t, err)
	assert.Equal(t, int64(590), r.Value, "5.900 m³/s at scale 2")
	_, err = m.Items[0].Reading(3, at, 0)
	assert.Error(t, err, "5.900 does not fit scale 0")
}

func TestItemReadingWithoutData(t *testing.T) {
	m, err := Decode(mustHex(t, "681568B34406070001C0AAAAAAAAAA004040000000000101E516"))
	require.NoError(t, err)
	_, err = m.Items[0].Reading(1, time.Now(), 3)
	assert.Error(t, err, "AA means no data")
}

func TestTimeLabelResolvesDay(t *testing.T) {
	tl := TimeLabel{Len: TimeLabel5, Second: 0, Minute: 45, Hour: 8, Day: 9, Delay: 10}
	arrival := time.Date(2026, 7, 9, 8, 50, 0, 0, chinaStandardTime)
	assert.Equal(t, time.Date(2026, 7, 9, 8, 45, 0, 0, chinaStandardTime), tl.Time(arrival, chinaStandardTime))
	assert.False(t, tl.Late(arrival, chinaStandardTime), "5 minutes late of 10 allowed")
	assert.True(t, tl.Late(arrival.Add(time.Hour), chinaStandardTime), "65 minutes late")
	early := time.Date(2026, 8, 1, 0, 0, 0, 0, chinaStandardTime)
	assert.Equal(t, time.Date(2026, 7, 9, 8, 45, 0, 0, chinaStandardTime), tl.Time(early, chinaStandardTime),
		"day 9 seen on 1 August is in July")
}
