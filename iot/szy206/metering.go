package szy206

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

// Reading converts an item's value to a metering reading of meter taken at
// t, at the meter's scale (decimal places, [metering.MeterConfig.Scale]).
// It returns an error for an item without data or a value that does not fit
// the scale exactly, such as 5.905 m³/s at scale 2. For an accumulated
// water volume in m³ and a meter kept in m³ at scale 3, a volume of 106182
// becomes the Value 106182000.
func (it Item) Reading(meter uint32, t time.Time, scale uint8) (metering.Reading, error) {
	if !it.Value.Valid {
		return metering.Reading{}, fmt.Errorf("szy206: %s %d has no data", it.Quantity, it.Index)
	}
	n, err := it.Value.Rescale(scale)
	if err != nil {
		return metering.Reading{}, fmt.Errorf("szy206: %s %s at scale %d: %w", it.Quantity, it.Value, scale, err)
	}
	return metering.Reading{Time: t.Unix(), Value: n, Meter: meter}, nil
}
