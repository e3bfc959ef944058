package sl651

import (
	"testing"
	"time"
)

func TestCivilTimeMatchesDate(t *testing.T) {
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, chinaStandardTime)
	for d := start; d.Year() < 2100; d = d.Add(37*time.Hour + 11*time.Minute + 7*time.Second) {
		want := time.Date(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), 0, chinaStandardTime)
		got := civilTime(d.Year(), d.Month(), d.Day(), d.Hour(), d.Minute(), d.Second(), chinaStandardTime)
		if got != want {
			t.Fatalf("%s: got %v, want %v", d, got, want)
		}
	}
}
