package szy206

import "fmt"

// report decodes a self-report or realtime reply: the points of the
// control byte's function code, then the alarm and status words.
func (p *parser) report() error {
	f := p.m.Header.Control.Function()
	switch f {
	case Command:
		return formatError("function code", offControl, []byte{byte(p.m.Header.Control)},
			"a report needs the function code of the parameter it carries, not 0")
	case AlarmStatusData:
		b, err := p.fixed(4)
		if err != nil {
			return err
		}
		p.alarmStatus(b)
		return nil
	case ComprehensiveData, WaterQualityData:
		return p.describedReport(f)
	}
	size := pointSize(f)
	data, err := p.points(size, 4)
	if err != nil {
		return err
	}
	n := len(data) - 4
	for i := 0; i < n; i += size {
		if err := p.point(f, data[i:i+size], i, uint8(i/size+1)); err != nil {
			return err
		}
	}
	p.alarmStatus(data[n:])
	return nil
}

// point decodes the values of one measuring point of function code f.
func (p *parser) point(f FunctionCode, b []byte, at int, index uint8) error {
	unitFlow := p.d.opts.Variant.FlowUnit
	for _, s := range itemSpecs[f] {
		raw := b[:s.size]
		b = b[s.size:]
		var windDirection int64 = -1
		var masked [3]byte
		if s.quantity == WindSpeed && raw[2] != 0xAA {
			// The high nibble of the last byte is the wind direction.
			windDirection = int64(raw[2] >> 4)
			masked = [3]byte{raw[0], raw[1], raw[2] & 0x0F}
			raw = masked[:]
		}
		v, err := p.value(raw, s.scale, s.signed, at, s.quantity.String())
		if err != nil {
			return err
		}
		unit := s.unit
		if s.quantity == Flow && unitFlow != "" {
			unit = unitFlow
		}
		p.m.Items = append(p.m.Items, Item{Quantity: s.quantity, Index: index, Value: v, Unit: unit})
		if windDirection >= 0 {
			p.m.Items = append(p.m.Items, Item{Quantity: WindDirection, Index: index, Value: NewValue(windDirection, 0)})
		}
		at += s.size
	}
	return nil
}

// describedReport decodes a comprehensive report (a byte of parameter bits,
// then one point of each parameter) or a water quality report (a 5-byte
// parameter mask, then one 4-byte value per parameter), then the alarm and
// status words.
func (p *parser) describedReport(f FunctionCode) error {
	pos := 0
	var err error
	if f == WaterQualityData {
		pos, err = p.quality(0)
	} else {
		pos, err = p.comprehensive()
	}
	if err != nil {
		return err
	}
	if len(p.b) < pos+4 {
		return p.auxError(fmt.Sprintf("%d data bytes and 4 status bytes", pos))
	}
	if err := p.rest(pos + 4); err != nil {
		return err
	}
	p.alarmStatus(p.b[pos : pos+4])
	return nil
}

// comprehensive decodes the parameter bits and one point per parameter,
// returning the bytes used.
func (p *parser) comprehensive() (int, error) {
	if len(p.b) < 1 {
		return 0, p.auxError("the parameter byte")
	}
	mask := p.b[0]
	if mask == 0 {
		return 0, formatError("comprehensive parameters", p.off(0), p.b[:1], "no parameter bit is set")
	}
	pos := 1
	for bit, f := range comprehensiveOrder {
		if mask&(1<<bit) == 0 {
			continue
		}
		if f == WaterQualityData {
			var err error
			if pos, err = p.quality(pos); err != nil {
				return 0, err
			}
			continue
		}
		size := pointSize(f)
		if len(p.b) < pos+size {
			return 0, p.auxError(fmt.Sprintf("the %s point at data byte %d", f, pos))
		}
		if err := p.point(f, p.b[pos:pos+size], pos, 1); err != nil {
			return 0, err
		}
		pos += size
	}
	return pos, nil
}

// quality decodes a water quality mask at pos and one value per bit set,
// returning the position after them.
// NOTE: the values keep the digits as sent (Scale 0); the decimals of each
// parameter in the standard's water quality table are not applied.
func (p *parser) quality(pos int) (int, error) {
	if len(p.b) < pos+qualityMaskLen {
		return 0, p.auxError("the water quality mask")
	}
	var mask uint64
	for i := range qualityMaskLen {
		mask |= uint64(p.b[pos+i]) << (8 * i)
	}
	if mask == 0 {
		return 0, formatError("water quality mask", p.off(pos), p.b[pos:pos+qualityMaskLen], "no parameter bit is set")
	}
	pos += qualityMaskLen
	for bit := range 8 * qualityMaskLen {
		if mask&(1<<bit) == 0 {
			continue
		}
		if len(p.b) < pos+qualityValueLen {
			return 0, p.auxError(fmt.Sprintf("water quality parameter %d", bit))
		}
		v, err := p.value(p.b[pos:pos+qualityValueLen], 0, false, pos, "water quality")
		if err != nil {
			return 0, err
		}
		p.m.Items = append(p.m.Items, Item{Quantity: WaterQuality, Index: uint8(bit), Value: v})
		pos += qualityValueLen
	}
	return pos, nil
}
