package water

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Progression is the way a [Ladder] applies its bands. The zero value is Excess.
type Progression uint8

// The progressions.
const (
	// Excess (超额累进) charges each band's surcharge on the part of the volume that
	// lies in the band, like income tax brackets.
	Excess Progression = iota
	// Whole (全额累进) charges the surcharge of the band the total use falls in on the
	// whole volume above the plan.
	Whole
)

var progressionNames = []string{"excess", "whole"}

// ParseProgression parses "excess" or "whole", ignoring case.
func ParseProgression(s string) (Progression, error) {
	return parseEnum[Progression]("progression", progressionNames, s)
}

// String returns "excess" or "whole".
func (p Progression) String() string { return enumName("Progression", progressionNames, p) }

// MarshalText encodes the progression name.
func (p Progression) MarshalText() ([]byte, error) {
	return marshalEnum("progression", progressionNames, p)
}

// UnmarshalText decodes a progression name.
func (p *Progression) UnmarshalText(text []byte) (err error) {
	*p, err = ParseProgression(string(text))
	return err
}

// Edge is one end of a [Band]: a use level in percent of the plan (105 is 5% over plan)
// and whether the level itself belongs to the band.
//
// Chinese regulations state inclusiveness with words: 以上, 以下 and 以内 include the
// stated number, 不满 and 超过 exclude it. So "超过 105%" is the lower edge [Over](105),
// "105% 以上" is [AtLeast](105), "110% 以内" and "110% 以下" are the upper edge
// [AtMost](110), and "不满 110%" is [Below](110).
type Edge struct {
	// Percent is the level in percent of the plan, 0 or more.
	Percent decimal.Decimal
	// Included reports whether the level belongs to the band.
	Included bool
}

// AtLeast returns a lower edge that includes percent (以上).
func AtLeast(percent decimal.Decimal) Edge { return Edge{Percent: percent, Included: true} }

// Over returns a lower edge that excludes percent (超过).
func Over(percent decimal.Decimal) Edge { return Edge{Percent: percent} }

// AtMost returns an upper edge that includes percent (以下, 以内).
func AtMost(percent decimal.Decimal) Edge { return Edge{Percent: percent, Included: true} }

// Below returns an upper edge that excludes percent (不满).
func Below(percent decimal.Decimal) Edge { return Edge{Percent: percent} }

// Band is one step of a [Ladder]: the use levels from Lower to Upper and the surcharge
// on them.
type Band struct {
	// Lower is the lower edge.
	Lower Edge
	// Upper is the upper edge; it is ignored when Unbounded is set.
	Upper Edge
	// Unbounded marks the top band, which has no upper edge.
	Unbounded bool
	// Surcharge is the extra charge in multiples of the base rate, 0 or more: 加价1倍
	// ("+1×") is 1, so the band costs 2 × the base rate, and "×1.5" is 0.5.
	Surcharge decimal.Decimal
}

// Ladder is a progressive over-plan surcharge schedule (超计划累进加价), kept as data. Its
// bands start at 0% of the plan, follow each other without gap or overlap, and end
// with an unbounded band. Surcharges never decrease from one band to the next.
//
// In [Excess] progression an edge's inclusiveness never changes an amount, because a
// single use level carries no volume: it decides [Ladder.BandOf], the band a use level
// is reported in. In [Whole] progression it also decides the surcharge on the whole
// over-plan volume. A Ladder is safe for concurrent reads.
type Ladder struct {
	// Name identifies the ladder, such as "乌苏市农业超定额". It is not part of the text
	// form.
	Name string
	// Mode is the progression.
	Mode Progression
	// Bands are the steps from 0% of the plan upwards.
	Bands []Band
}

// NewLadder returns a ladder of bands, or the *[FieldError] values joined when it is not
// valid.
func NewLadder(mode Progression, bands ...Band) (Ladder, error) {
	l := Ladder{Mode: mode, Bands: bands}
	if err := l.Validate(); err != nil {
		return Ladder{}, err
	}
	return l, nil
}

// Validate returns the *[FieldError] values of l joined, or nil when l is valid.
func (l *Ladder) Validate() error {
	c := checker{typ: "ladder"}
	checkText(&c, "Name", l.Name)
	if !validEnum(progressionNames, l.Mode, false) {
		c.fail("Mode", l.Mode, "want excess or whole")
	}
	if len(l.Bands) == 0 {
		c.fail("Bands", 0, "want at least one band")
		return c.err()
	}
	if first := l.Bands[0].Lower; !first.Percent.IsZero() || !first.Included {
		c.fail("Bands[0].Lower", first.Percent, "want the first band to start at 0% included")
	}
	for i := range l.Bands {
		l.checkBand(&c, i)
	}
	return c.err()
}

func (l *Ladder) checkBand(c *checker, i int) {
	b := &l.Bands[i]
	field := fmt.Sprintf("Bands[%d]", i)
	last := i == len(l.Bands)-1
	checkNonNegative(c, field+".Surcharge", b.Surcharge, "times the base rate")
	if b.Unbounded != last {
		c.fail(field+".Unbounded", b.Unbounded, "want only the last band unbounded")
	}
	if !b.Unbounded && b.Upper.Percent.Cmp(b.Lower.Percent) <= 0 {
		c.fail(field+".Upper", b.Upper.Percent, "want an upper edge above the lower edge %s%%", b.Lower.Percent)
	}
	if last {
		return
	}
	next := &l.Bands[i+1]
	if !next.Lower.Percent.Equal(b.Upper.Percent) {
		c.fail(field+".Upper", b.Upper.Percent, "want it equal to the next band's lower edge %s%%", next.Lower.Percent)
	} else if next.Lower.Included == b.Upper.Included {
		c.fail(field+".Upper", b.Upper.Percent, "want the edge included in exactly one of the two bands that share it")
	}
	if next.Surcharge.LessThan(b.Surcharge) {
		c.fail(fmt.Sprintf("Bands[%d].Surcharge", i+1), next.Surcharge, "want a surcharge of at least the previous band's %s", b.Surcharge)
	}
}

// BandOf returns the index of the band that a use of used m³ against a plan of plan m³
// falls in, honouring each edge's inclusiveness. A plan of 0 puts any use in the top
// band. It returns an error when plan or used is negative.
func (l *Ladder) BandOf(plan, used decimal.Decimal) (int, error) {
	if plan.IsNegative() || used.IsNegative() {
		return 0, fmt.Errorf("water: ladder: invalid plan %s m³ or use %s m³, want 0 or more", plan, used)
	}
	if len(l.Bands) == 0 {
		return 0, fmt.Errorf("water: ladder %q has no bands", l.Name)
	}
	if plan.IsZero() {
		return len(l.Bands) - 1, nil
	}
	// used / plan × 100 against an edge p is used × 100 against plan × p, which is exact.
	level := used.Mul(hundred)
	for i := range l.Bands[:len(l.Bands)-1] {
		upper := l.Bands[i].Upper
		cmp := level.Cmp(plan.Mul(upper.Percent))
		if cmp < 0 || (cmp == 0 && upper.Included) {
			return i, nil
		}
	}
	return len(l.Bands) - 1, nil
}

// volumeAt returns the volume in m³ at percent of plan, exact.
func volumeAt(plan, percent decimal.Decimal) decimal.Decimal {
	return plan.Mul(percent).Shift(-2)
}
