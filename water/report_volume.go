package water

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/water/metering"
)

// VolumePlaces is the number of decimal places of m³ that reports keep: a report adds
// volumes up as integers of 10^-6 m³ (1 mL), so sums are exact and fast. A day's water
// converted from kWh is rounded half away from zero to that step when Tc × kWh has more
// places, which changes no figure a meter can resolve.
const VolumePlaces = 6

// volumeDecimal returns v units of 10^-VolumePlaces m³ as m³.
func volumeDecimal(v int64) decimal.Decimal { return decimal.New(v, -VolumePlaces) }

// pow10 holds the powers of ten that fit an int64.
var pow10 = [...]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// factor is a decimal multiplier, m³ per meter unit: 1 for a flow meter or Tc in m³/kWh
// for an electricity meter. mantissa × 10^exp equals value when fits is set.
type factor struct {
	value    decimal.Decimal
	mantissa int64
	exp      int32
	fits     bool
}

func newFactor(d decimal.Decimal) factor {
	f := factor{value: d, exp: d.Exponent()}
	if c := d.Coefficient(); c.IsInt64() && c.Sign() >= 0 {
		f.mantissa, f.fits = c.Int64(), true
	}
	return f
}

// unitFactor is the factor of a flow meter, whose units are m³.
var unitFactor = factor{value: decimal.NewFromInt(1), mantissa: 1, fits: true}

// volume returns units × f of a meter with scale decimal places, in units of
// 10^-VolumePlaces m³. It works in integers and falls back to decimal arithmetic when
// an intermediate value would not fit. It returns an error when the result does not
// fit an int64.
func (f factor) volume(units int64, scale uint8) (int64, error) {
	if v, ok := f.volumeInt(units, scale); ok {
		return v, nil
	}
	d := decimal.New(units, -int32(scale)).Mul(f.value).Round(VolumePlaces).Shift(VolumePlaces)
	if !d.Coefficient().IsInt64() || !d.IsInteger() {
		return 0, fmt.Errorf("volume %s m³ out of range", d.Shift(-VolumePlaces))
	}
	return d.IntPart(), nil
}

func (f factor) volumeInt(units int64, scale uint8) (int64, bool) {
	if !f.fits || units < 0 {
		return 0, false
	}
	hi, p := bits.Mul64(uint64(units), uint64(f.mantissa))
	if hi != 0 || p > math.MaxInt64 {
		return 0, false
	}
	shift := int(f.exp) - int(scale) + VolumePlaces
	switch {
	case shift >= 0 && shift < len(pow10):
		hi, q := bits.Mul64(p, uint64(pow10[shift]))
		return int64(q), hi == 0 && q <= math.MaxInt64
	case shift < 0 && -shift < len(pow10):
		d := uint64(pow10[-shift])
		q, r := p/d, p%d
		if r >= d-r {
			q++ // half away from zero
		}
		return int64(q), true
	}
	return 0, false
}

// coefficientSpan is a coefficient in force over the Unix seconds [from, to).
type coefficientSpan struct {
	from, to int64
	factor   factor
}

// coefficientSpans returns the coefficients of h as spans of whole seconds, ordered.
func coefficientSpans(h *CoefficientHistory) []coefficientSpan {
	coefs := h.Coefficients()
	spans := make([]coefficientSpan, 0, len(coefs))
	for _, c := range coefs {
		to := int64(math.MaxInt64)
		if !c.To.IsZero() {
			to = ceilUnix(c.To)
		}
		spans = append(spans, coefficientSpan{from: ceilUnix(c.From), to: to, factor: newFactor(c.Value)})
	}
	return spans
}

// ceilUnix returns the first whole Unix second at or after t.
func ceilUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}

// coefficientAt returns the span in force at Unix second t, or nil.
func coefficientAt(spans []coefficientSpan, t int64) *coefficientSpan {
	i, found := slices.BinarySearchFunc(spans, t, func(s coefficientSpan, t int64) int {
		switch {
		case s.to <= t:
			return -1
		case s.from > t:
			return 1
		}
		return 0
	})
	if !found {
		return nil
	}
	return &spans[i]
}

// localStart returns the Unix second at which hour of day begins in z. For the hours a
// clock change skips or repeats it is an instant within an hour of the wall-clock
// hour.
func localStart(z *metering.Zone, day metering.Day, hour int) int64 {
	local := int64(day)*86400 + int64(hour)*3600
	return local - z.Offset(local-z.Offset(local))
}
