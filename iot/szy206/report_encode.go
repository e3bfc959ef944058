package szy206

import (
	"fmt"
	"slices"
)

// report appends the points of the items for the control byte's function
// code, then the alarm and status words.
func (e *encoder) report(b []byte) ([]byte, error) {
	f := e.m.Header.Control.Function()
	items := e.m.Items
	var err error
	switch f {
	case Command:
		return b, fmt.Errorf("szy206: encode: a report needs a parameter function code, not 0")
	case AlarmStatusData:
	case WaterQualityData:
		b, items, err = e.quality(b, items)
	case ComprehensiveData:
		b, items, err = e.comprehensive(b, items)
	default:
		for len(items) > 0 && err == nil {
			b, items, err = e.point(b, f, items)
		}
	}
	if err != nil {
		return b, err
	}
	if len(items) != 0 {
		return b, fmt.Errorf("szy206: encode: item %s does not belong to a %s report", items[0].Quantity, f)
	}
	return e.alarmStatus(b), nil
}

// point appends one measuring point of f from the first items and returns
// the items left.
func (e *encoder) point(b []byte, f FunctionCode, items []Item) ([]byte, []Item, error) {
	for _, s := range itemSpecs[f] {
		if len(items) == 0 || items[0].Quantity != s.quantity {
			return b, items, fmt.Errorf("szy206: encode: a %s point needs a %s item next", f, s.quantity)
		}
		v := items[0].Value
		items = items[1:]
		if s.quantity != WindSpeed {
			var err error
			if b, err = e.value(b, v, s.size, s.scale, s.signed, s.quantity.String()); err != nil {
				return b, items, err
			}
			continue
		}
		var dir int64
		if len(items) > 0 && items[0].Quantity == WindDirection {
			dir = items[0].Value.Int
			items = items[1:]
		}
		if dir < 0 || dir > 15 {
			return b, items, fmt.Errorf("szy206: encode: wind direction %d: want 0 to 15", dir)
		}
		start := len(b)
		var err error
		if b, err = e.value(b, v, s.size, s.scale, false, "wind speed"); err != nil {
			return b, items, err
		}
		if v.Valid {
			if b[start+2]>>4 != 0 {
				return b, items, fmt.Errorf("szy206: encode: wind speed %s needs more than 5 digits", v)
			}
			b[start+2] |= byte(dir) << 4
		}
	}
	return b, items, nil
}

// functionOf returns the function code whose points carry quantity q.
func functionOf(q Quantity) FunctionCode {
	for f, specs := range itemSpecs {
		for _, s := range specs {
			if s.quantity == q {
				return FunctionCode(f)
			}
		}
	}
	if q == WindDirection {
		return WindData
	}
	if q == WaterQuality {
		return WaterQualityData
	}
	return Command
}

// comprehensive appends the parameter bits and one point per parameter.
func (e *encoder) comprehensive(b []byte, items []Item) ([]byte, []Item, error) {
	var mask byte
	for _, it := range items {
		bit := slices.Index(comprehensiveOrder[:], functionOf(it.Quantity))
		if bit < 0 {
			return b, items, fmt.Errorf("szy206: encode: %s cannot be sent in a comprehensive report", it.Quantity)
		}
		mask |= 1 << bit
	}
	b = append(b, mask)
	var err error
	for bit, f := range comprehensiveOrder {
		if mask&(1<<bit) == 0 {
			continue
		}
		if len(items) == 0 || functionOf(items[0].Quantity) != f {
			return b, items, fmt.Errorf("szy206: encode: comprehensive items must follow the parameter bit order")
		}
		if f == WaterQualityData {
			b, items, err = e.quality(b, items)
		} else {
			b, items, err = e.point(b, f, items)
		}
		if err != nil {
			return b, items, err
		}
	}
	return b, items, nil
}

// quality appends a water quality mask and the values of the leading water
// quality items, whose Index values must rise.
func (e *encoder) quality(b []byte, items []Item) ([]byte, []Item, error) {
	var mask uint64
	n := 0
	last := -1
	for ; n < len(items) && items[n].Quantity == WaterQuality; n++ {
		bit := int(items[n].Index)
		if bit <= last || bit >= 8*qualityMaskLen {
			return b, items, fmt.Errorf("szy206: encode: water quality bits must rise from 0 to 39, got %d after %d", bit, last)
		}
		last = bit
		mask |= 1 << bit
	}
	if n == 0 {
		return b, items, fmt.Errorf("szy206: encode: a water quality group needs at least one item")
	}
	for i := range qualityMaskLen {
		b = append(b, byte(mask>>(8*i)))
	}
	var err error
	for _, it := range items[:n] {
		if b, err = e.value(b, it.Value, qualityValueLen, 0, false, "water quality"); err != nil {
			return b, items, err
		}
	}
	return b, items[n:], nil
}
