package sl651

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

// Readings appends the element's valid values to dst as metering readings
// of meter at the given scale (decimal places, [metering.MeterConfig.Scale])
// and returns the extended slice. A single value is read at ObservedAt, a
// series value i at ObservedAt + i×Step; invalid values are left out. It
// returns an error when the element has no observation time or a value does
// not fit the scale exactly, such as 0.138 m at scale 2.
func (e Element) Readings(dst []metering.Reading, meter uint32, scale uint8) ([]metering.Reading, error) {
	if e.ObservedAt.IsZero() {
		return dst, fmt.Errorf("sl651: element %s has no observation time", e.ID)
	}
	if e.Series == nil {
		return appendReading(dst, e.Value, meter, scale, e.ObservedAt, e.ID)
	}
	var err error
	for i, v := range e.Series {
		if dst, err = appendReading(dst, v, meter, scale, e.ObservedAt.Add(time.Duration(i)*e.Step), e.ID); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func appendReading(dst []metering.Reading, v Value, meter uint32, scale uint8, t time.Time, id Identifier) ([]metering.Reading, error) {
	if !v.Valid {
		return dst, nil
	}
	n, err := v.Rescale(scale)
	if err != nil {
		return dst, fmt.Errorf("sl651: element %s value %s at scale %d: %w", id, v, scale, err)
	}
	return append(dst, metering.Reading{Time: t.Unix(), Value: n, Meter: meter}), nil
}
