package water

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// YuanPlaces is the number of decimal places a charge is rounded to: 0.01 yuan (1 fen).
const YuanPlaces = 2

// Charge is the fee for one well over one billing period, computed by [Ladder.Charge].
type Charge struct {
	// Plan is the planned volume and Used the volume used, in m³.
	Plan, Used decimal.Decimal
	// Rate is the base rate in yuan/m³.
	Rate decimal.Decimal
	// Band is the index of the ladder band Used falls in, see [Ladder.BandOf].
	Band int
	// Lines are the volumes charged at each price, lowest price first.
	Lines []ChargeLine
	// Base is Used × Rate, rounded to [YuanPlaces].
	Base decimal.Decimal
	// Surcharge is Total − Base, in yuan.
	Surcharge decimal.Decimal
	// Total is the sum of the lines' amounts, in yuan.
	Total decimal.Decimal
}

// ChargeLine is a volume charged at one price.
type ChargeLine struct {
	// Band is the index of the ladder band whose surcharge sets Price, or -1 for the
	// volume within the plan in [Whole] progression, which pays the base rate.
	Band int
	// Volume is the volume charged, in m³.
	Volume decimal.Decimal
	// Price is the base rate × (1 + the band's surcharge), in yuan/m³.
	Price decimal.Decimal
	// Amount is Volume × Price rounded half away from zero (四舍五入) to
	// [YuanPlaces], in yuan.
	Amount decimal.Decimal
}

// Charge returns the fee for used m³ against a plan of plan m³ at a base rate of rate
// yuan/m³. Every m³ pays the base rate, and the bands add their surcharges:
//
//   - [Excess]: each band charges the part of used that lies between its edges, at
//     rate × (1 + surcharge).
//   - [Whole]: the volume up to the plan pays the base rate, and the whole volume above
//     the plan pays rate × (1 + surcharge) of the band that used falls in.
//
// Each line is rounded to fen and Total is the sum of the rounded lines, so a printed
// bill adds up. Charge returns an error when plan, used or rate is negative or the
// ladder is not valid.
func (l *Ladder) Charge(plan, used, rate decimal.Decimal) (Charge, error) {
	if err := l.Validate(); err != nil {
		return Charge{}, err
	}
	if rate.IsNegative() {
		return Charge{}, fmt.Errorf("water: charge: invalid rate %s yuan/m³, want 0 or more", rate)
	}
	band, err := l.BandOf(plan, used)
	if err != nil {
		return Charge{}, err
	}
	ch := Charge{Plan: plan, Used: used, Rate: rate, Band: band}
	if l.Mode == Whole {
		ch.addLine(-1, decimal.Min(used, plan), decimal.Decimal{})
		ch.addLine(band, decimal.Max(used.Sub(plan), decimal.Decimal{}), l.Bands[band].Surcharge)
	} else {
		l.excessLines(&ch)
	}
	ch.Base = used.Mul(rate).Round(YuanPlaces)
	ch.Surcharge = ch.Total.Sub(ch.Base)
	return ch, nil
}

// excessLines charges each band's slice of the use. With a plan of 0 every m³ lies in
// the top band.
func (l *Ladder) excessLines(ch *Charge) {
	if ch.Plan.IsZero() {
		top := len(l.Bands) - 1
		ch.addLine(top, ch.Used, l.Bands[top].Surcharge)
		return
	}
	for i, b := range l.Bands {
		low := volumeAt(ch.Plan, b.Lower.Percent)
		if ch.Used.Cmp(low) <= 0 {
			break
		}
		high := ch.Used
		if !b.Unbounded {
			high = decimal.Min(high, volumeAt(ch.Plan, b.Upper.Percent))
		}
		ch.addLine(i, high.Sub(low), b.Surcharge)
	}
}

// addLine appends volume at the price of surcharge, skipping a zero volume.
func (ch *Charge) addLine(band int, volume, surcharge decimal.Decimal) {
	if !volume.IsPositive() {
		return
	}
	price := ch.Rate.Mul(one.Add(surcharge))
	amount := volume.Mul(price).Round(YuanPlaces)
	ch.Lines = append(ch.Lines, ChargeLine{Band: band, Volume: volume, Price: price, Amount: amount})
	ch.Total = ch.Total.Add(amount)
}
