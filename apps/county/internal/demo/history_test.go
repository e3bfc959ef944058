package demo_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func TestHistory(t *testing.T) {
	c, err := demo.Generate(demo.DefaultSeed, demo.Size{})
	if err != nil {
		t.Fatal(err)
	}
	from, through := land.NewDate(2025, 1, 1), land.NewDate(2026, 12, 31)
	h := c.History(from, through)
	if want := len(c.Wells) * 730; len(h) != want {
		t.Fatalf("got %d day totals, want %d (a day for each well)", len(h), want)
	}

	// The same days asked for within a shorter span are the same.
	july := c.History(land.NewDate(2026, 7, 1), land.NewDate(2026, 7, 31))
	byKey := map[string]decimal.Decimal{}
	for _, d := range h {
		byKey[string(d.Well)+d.Day.String()] = d.Volume
	}
	for _, d := range july {
		if v := byKey[string(d.Well)+d.Day.String()]; !v.Equal(d.Volume) {
			t.Fatalf("%s on %s: %s in July alone, %s in the whole span", d.Well, d.Day, d.Volume, v)
		}
	}

	// Each well's 2026 use lies between 0.6 × 0.8 and 1.15 × 1.2 of its plan,
	// and the wells spread over the classes of use against plan.
	used := map[water.WellCode]decimal.Decimal{}
	for _, d := range h {
		if d.Volume.IsNegative() || d.Volume.Exponent() < -3 {
			t.Fatalf("%s on %s: volume %s, want 0 or more with at most 3 places", d.Well, d.Day, d.Volume)
		}
		if d.Day.Year == 2026 {
			used[d.Well] = used[d.Well].Add(d.Volume)
		}
	}
	classes := map[string]int{}
	for _, p := range c.Plans {
		if p.Year != 2026 {
			continue
		}
		ratio := used[p.Well].Div(p.Annual).InexactFloat64()
		if ratio < 0.45 || ratio > 1.4 {
			t.Errorf("well %s used %.2f of its 2026 plan, want 0.45 to 1.4", p.Well, ratio)
		}
		switch {
		case ratio >= 1:
			classes["over"]++
		case ratio >= 0.9:
			classes["90-100"]++
		case ratio >= 0.8:
			classes["80-90"]++
		default:
			classes["under-80"]++
		}
	}
	for _, class := range []string{"under-80", "80-90", "90-100", "over"} {
		if classes[class] == 0 {
			t.Errorf("no well in class %s: %v", class, classes)
		}
	}
}
