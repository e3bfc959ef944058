package water

import (
	"fmt"
	"math/big"
	"sort"

	"github.com/shopspring/decimal"
)

// maxSplitPlaces is the finest step [SplitAnnual] splits to: 10⁻⁶ m³.
const maxSplitPlaces = 6

// SplitAnnual splits annual m³ over the twelve months in proportion to weights, in steps
// of 10^-places m³, so that the months sum to annual exactly. Each month first gets its
// exact share rounded down to a step. The steps left over then go one each to the months
// with the largest remainders, the earlier month first on a tie. This is the largest
// remainder method. Weights of 0 leave a month empty, such as the winter months of an irrigation
// plan.
//
// It returns an error when annual is negative or has more than places decimal places,
// places is outside 0 to 6, or the weights are negative or all 0.
func SplitAnnual(annual decimal.Decimal, weights [12]int64, places int32) ([12]decimal.Decimal, error) {
	var months [12]decimal.Decimal
	if err := checkSplit(annual, weights, places); err != nil {
		return months, err
	}
	units := annual.Shift(places).BigInt()
	var total int64
	for _, w := range weights {
		total += w
	}
	whole := make([]*big.Int, 12)
	remainders := make([]*big.Int, 12)
	left := new(big.Int).Set(units)
	for i, w := range weights {
		num := new(big.Int).Mul(units, big.NewInt(w))
		whole[i], remainders[i] = new(big.Int).QuoRem(num, big.NewInt(total), new(big.Int))
		left.Sub(left, whole[i])
	}
	order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	sort.SliceStable(order, func(a, b int) bool {
		return remainders[order[a]].Cmp(remainders[order[b]]) > 0
	})
	for k := int64(0); k < left.Int64(); k++ {
		whole[order[k]].Add(whole[order[k]], big.NewInt(1))
	}
	for i := range months {
		months[i] = decimal.NewFromBigInt(whole[i], -places)
	}
	return months, nil
}

func checkSplit(annual decimal.Decimal, weights [12]int64, places int32) error {
	if places < 0 || places > maxSplitPlaces {
		return fmt.Errorf("water: split: invalid places %d, want 0 to %d", places, maxSplitPlaces)
	}
	if annual.IsNegative() {
		return fmt.Errorf("water: split: invalid annual volume %s m³, want 0 or more", annual)
	}
	if !annual.Equal(annual.Truncate(places)) {
		return fmt.Errorf("water: split: annual volume %s m³ has more than %d decimal places", annual, places)
	}
	var total int64
	for i, w := range weights {
		if w < 0 || w > 1<<32 {
			return fmt.Errorf("water: split: invalid weight %d for month %d, want 0 to 2³²", w, i+1)
		}
		total += w
	}
	if total == 0 {
		return fmt.Errorf("water: split: all weights are 0, want at least one above 0")
	}
	return nil
}
