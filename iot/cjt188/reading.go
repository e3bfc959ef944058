package cjt188

import (
	"strconv"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// Reading is the metering data (计量数据, DI 901F) of a meter, or the history
// of one month (DI D120-D12B, Flow only). Water and gas meters send Flow,
// SettlementFlow, Time and the status; heat meters send every field except
// SettlementFlow. Quantities the meter does not support are Absent.
type Reading struct {
	// Flow is the accumulated flow (当前累积流量), XXXXXX.XX in L or m³.
	Flow Value
	// SettlementFlow is the accumulated flow on the last settlement day
	// (结算日累积流量), for water and gas meters.
	SettlementFlow Value
	// Time is the meter's clock (实时时间); TimeAbsent is set when the meter
	// sent all 0xFF or all 0x00 bytes for it.
	Time       Clock
	TimeAbsent bool

	// Heat meter fields.
	SettlementHeat Value // heat on the settlement day (结算日热量), XXXXXX.XX
	Heat           Value // accumulated heat (当前热量), XXXXXX.XX
	Power          Value // heat power (热功率), XXXXXX.XX
	FlowRate       Value // flow rate (流量), XXXX.XXXX in L/h or m³/h
	SupplyTemp     Value // supply water temperature (供水温度), XXXX.XX °C
	ReturnTemp     Value // return water temperature (回水温度), XXXX.XX °C
	WorkingTime    Value // accumulated working time (累计工作时间), XXXXXX h
}

// Lengths of the metering data after DI and SER, status word included.
const (
	readingLen     = 5 + 5 + 7 + 2
	heatReadingLen = 5*5 + 3*3 + 7 + 2
	historyLen     = 5
)

// decodeReading decodes a metering-data reply of a meter of type t from b,
// the bytes after DI and SER, which start at frame offset off.
func decodeReading(r *Reading, t MeterType, b []byte, off int) (Status, error) {
	*r = Reading{}
	want := readingLen
	if t.IsHeat() {
		want = heatReadingLen
	}
	if len(b) != want {
		return 0, fieldError("length", 10, strconv.Itoa(len(b)+3),
			strconv.Itoa(want+3)+" for the metering data of a "+t.Family()+" meter", ErrLength)
	}
	var err error
	if t.IsHeat() {
		err = decodeHeat(r, b, off)
		b, off = b[34:], off+34
	} else {
		err = decodeWater(r, b, off)
		b, off = b[10:], off+10
	}
	if err != nil {
		return 0, err
	}
	if r.Time, r.TimeAbsent, err = decodeClock(b[:7], off); err != nil {
		return 0, err
	}
	return Status(b[7]) | Status(b[8])<<8, nil
}

func decodeWater(r *Reading, b []byte, off int) error {
	var err error
	if r.Flow, err = quantity(b[0:5], "flow", off, 2, QuantityVolume); err != nil {
		return err
	}
	r.SettlementFlow, err = quantity(b[5:10], "settlement flow", off+5, 2, QuantityVolume)
	return err
}

func decodeHeat(r *Reading, b []byte, off int) error {
	fields := []struct {
		v     *Value
		name  string
		scale uint8
		q     Quantity
	}{
		{&r.SettlementHeat, "settlement heat", 2, QuantityEnergy},
		{&r.Heat, "heat", 2, QuantityEnergy},
		{&r.Power, "heat power", 2, QuantityPower},
		{&r.FlowRate, "flow rate", 4, QuantityFlowRate},
		{&r.Flow, "flow", 2, QuantityVolume},
	}
	for i, f := range fields {
		v, err := quantity(b[5*i:5*i+5], f.name, off+5*i, f.scale, f.q)
		if err != nil {
			return err
		}
		*f.v = v
	}
	var err error
	if r.SupplyTemp, err = fixed(b[25:28], "supply temperature", off+25, 2, UnitCelsius); err != nil {
		return err
	}
	if r.ReturnTemp, err = fixed(b[28:31], "return temperature", off+28, 2, UnitCelsius); err != nil {
		return err
	}
	r.WorkingTime, err = fixed(b[31:34], "working time", off+31, 0, UnitHour)
	return err
}

// quantity decodes four BCD bytes, least significant first, and a unit code
// that must measure q.
func quantity(b []byte, field string, off int, scale uint8, q Quantity) (Value, error) {
	if allBytes(b[:4], 0xFF) {
		return Value{Scale: scale, Absent: true}, nil
	}
	u := Unit(b[4])
	if unitSymbol(u) == "" || u == UnitCelsius || u == UnitHour {
		return Value{}, fieldError(field+" unit", off+4, hexByte(b[4]), "a CJ/T 188-2004 unit code", ErrUnknown)
	}
	if u.Quantity() != q {
		return Value{}, fieldError(field+" unit", off+4, u.String(), "a unit of "+q.String(), ErrRange)
	}
	v, err := fixed(b[:4], field, off, scale, u)
	return v, err
}

// fixed decodes BCD bytes, least significant first, in the unit u.
func fixed(b []byte, field string, off int, scale uint8, u Unit) (Value, error) {
	if allBytes(b, 0xFF) {
		return Value{Scale: scale, Unit: u, Absent: true}, nil
	}
	if i := bcd.BadByte(b); i >= 0 {
		return Value{}, fieldError(field, off+i, hexByte(b[i]), "BCD digits", ErrNotBCD)
	}
	n, _ := bcd.UintLE(b)
	return Value{Int: int64(n), Scale: scale, Unit: u}, nil
}

func allBytes(b []byte, c byte) bool {
	for _, x := range b {
		if x != c {
			return false
		}
	}
	return true
}

// String returns the quantity in words, such as "volume".
func (q Quantity) String() string {
	return [...]string{"unknown quantity", "energy", "power", "volume", "flow rate"}[min(int(q), 4)]
}

// appendReading appends the metering data of a meter of type t and its
// status word.
func appendReading(dst []byte, r *Reading, t MeterType, st Status) ([]byte, error) {
	var err error
	if t.IsHeat() {
		for _, v := range []Value{r.SettlementHeat, r.Heat, r.Power, r.FlowRate, r.Flow} {
			if dst, err = appendQuantity(dst, v); err != nil {
				return dst, err
			}
		}
		for _, v := range []Value{r.SupplyTemp, r.ReturnTemp, r.WorkingTime} {
			if dst, err = appendFixed(dst, v, 3); err != nil {
				return dst, err
			}
		}
	} else {
		for _, v := range []Value{r.Flow, r.SettlementFlow} {
			if dst, err = appendQuantity(dst, v); err != nil {
				return dst, err
			}
		}
	}
	if dst, err = appendClock(dst, r.Time, r.TimeAbsent); err != nil {
		return dst, err
	}
	return append(dst, byte(st), byte(st>>8)), nil
}

func appendQuantity(dst []byte, v Value) ([]byte, error) {
	dst, err := appendFixed(dst, v, 4)
	if v.Absent {
		return append(dst, byte(UnitM3)), err
	}
	return append(dst, byte(v.Unit)), err
}

// appendFixed appends v as size BCD bytes, least significant first, or as
// 0xFF bytes when it is absent. The caller keeps v at the layout's scale.
func appendFixed(dst []byte, v Value, size int) ([]byte, error) {
	var buf [4]byte
	b := buf[:size]
	if v.Absent {
		for i := range b {
			b[i] = 0xFF
		}
		return append(dst, b...), nil
	}
	if v.Int < 0 || !bcd.PutUintLE(b, uint64(v.Int)) {
		return dst, fieldError("value", -1, v.String(), "a value that fits "+strconv.Itoa(size)+" BCD bytes", ErrRange)
	}
	return append(dst, b...), nil
}
