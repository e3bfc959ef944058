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

// TestCivilCSTMatchesSlowPath compares the fast BCD time decoder with the
// general one on every day of 2000 to 2099, impossible days included.
func TestCivilCSTMatchesSlowPath(t *testing.T) {
	var d Decoder
	p := parser{d: &d, base: 0}
	for year := range 100 {
		for month := range 14 {
			for day := range 33 {
				b := []byte{toBCD(year), toBCD(month), toBCD(day), 0x23, 0x59, 0x58}
				want, wantErr := p.timeSlow(b, 0, "send time")
				got, ok := p.civilCST(b)
				if ok != (wantErr == nil) {
					t.Fatalf("%X: fast path ok %v, slow path error %v", b, ok, wantErr)
				}
				if ok && got != want {
					t.Fatalf("%X: got %v, want %v", b, got, want)
				}
			}
		}
	}
}
