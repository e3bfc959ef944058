package dlt645

import (
	"encoding/binary"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/internal/bcd"
)

// MaxValues is the most values an [Item] holds: a block of 4-byte energy
// registers filling a reply's data field.
const MaxValues = (MaxData - 4) / 4

// Item is the decoded data of one data identifier, as a read reply carries
// it. Which fields are set depends on Kind: Values for [KindNumber], Clock for
// [KindDate], [KindTime] and [KindDateTime], Address for [KindAddress] and
// Text for [KindText] and [KindRaw]. The zero value is an empty raw item.
// Values and Text alias the Item, so an Item copied by value keeps its own
// values.
type Item struct {
	DI      DI
	Kind    Kind
	Clock   Clock
	Address Address
	n       uint8
	textN   uint8
	values  [MaxValues]Value
	text    [MaxData]byte
}

// Values returns the numbers of a [KindNumber] item: one, or one per phase,
// tariff or settlement day for a block.
func (it *Item) Values() []Value { return it.values[:it.n] }

// Value returns the first number, or the zero Value when there is none.
func (it *Item) Value() Value {
	if it.n == 0 {
		return Value{}
	}
	return it.values[0]
}

// Text returns the characters of a [KindText] item in reading order,
// including any NUL padding, or the data bytes of a [KindRaw] item in wire
// order with the 0x33 offset removed.
func (it *Item) Text() []byte { return it.text[:it.textN] }

// SetValues makes it a [KindNumber] item for di with a copy of vs.
func (it *Item) SetValues(di DI, vs ...Value) error {
	if len(vs) > MaxValues {
		return fieldError("values", -1, strconv.Itoa(len(vs)), "at most "+strconv.Itoa(MaxValues), ErrLength)
	}
	it.reset(di, KindNumber)
	it.n = uint8(copy(it.values[:], vs))
	return nil
}

// SetText makes it an item of kind k (KindText or KindRaw) for di with a
// copy of b.
func (it *Item) SetText(di DI, k Kind, b []byte) error {
	if len(b) > MaxData-4 {
		return fieldError("text", -1, strconv.Itoa(len(b)), "at most 196 bytes", ErrLength)
	}
	it.reset(di, k)
	it.textN = uint8(copy(it.text[:], b))
	return nil
}

func (it *Item) reset(di DI, k Kind) {
	it.DI, it.Kind = di, k
	it.Clock, it.Address = Clock{}, Address{}
	it.n, it.textN = 0, 0
}

// decode fills it from the data that follows di, with the 0x33 offset
// removed; off is the frame offset of data[0], for errors.
func (it *Item) decode(di DI, data []byte, off int) error {
	var f format
	if !lookupInto(di, &f) {
		it.reset(di, KindRaw)
		it.textN = uint8(copy(it.text[:], data))
		return nil
	}
	it.reset(di, f.kind)
	want := int(f.size) * int(f.count)
	if f.count == 0 {
		want = len(data) - len(data)%int(f.size)
		want = min(max(want, int(f.size)), MaxValues*int(f.size))
	}
	if len(data) != want {
		return fieldError(f.name, off, strconv.Itoa(len(data))+" bytes",
			strconv.Itoa(want)+" bytes", ErrLength)
	}

	var err error
	switch f.kind {
	case KindNumber:
		err = it.decodeNumbers(&f, data, off)
	case KindDate:
		it.Clock, err = decodeDate(data, off)
	case KindTime:
		it.Clock, err = decodeTime(data, off)
	case KindAddress:
		copy(it.Address[:], data)
		err = it.Address.checkPlain(f.name, off)
	case KindText:
		for i, c := range data {
			it.text[len(data)-1-i] = c
		}
		it.textN = uint8(len(data))
	}
	return err
}

// decodeNumbers appends the values of a KindNumber item to it. Each value
// is size bytes, least significant first, with the sign in bit 7
// of the last byte when f.signed. The BCD decoding is written out here, not
// called, because it runs once per register on the hot read-reply path.
func (it *Item) decodeNumbers(f *format, data []byte, off int) error {
	size := int(f.size)
	top := uint64(0x80) << (8 * (size - 1))
	for k := 0; k+size <= len(data); k += size {
		x := loadLE(data[k:], size)
		negative := false
		if f.signed {
			negative, x = x&top != 0, x&^top
		}
		if !bcd.ValidWord(x, 8) {
			bad := badDigitByte(x, size)
			return fieldError(f.name, off+k+bad, hexByte(data[k+bad]), "BCD digits", ErrNotBCD)
		}
		v := int64(bcd.WordValue(x, 8))
		if negative {
			v = -v
		}
		if f.limit > 0 && (v > f.limit || v < -f.limit) {
			return fieldError(f.name, off+k, strconv.FormatInt(v, 10),
				"magnitude at most "+strconv.FormatInt(f.limit, 10), ErrRange)
		}
		it.values[it.n] = Value{Int: v, Scale: f.scale, Unit: f.unit}
		it.n++
	}
	return nil
}

// loadLE returns the first size bytes of b, 1 to 8, as a little-endian
// number. It loads eight bytes at once when b's capacity allows and masks
// off those beyond size.
func loadLE(b []byte, size int) uint64 {
	if cap(b) >= 8 {
		return binary.LittleEndian.Uint64(b[:8]) & (^uint64(0) >> (64 - 8*size))
	}
	return loadShort(b[:size])
}

func loadShort(b []byte) uint64 {
	var x uint64
	for i := len(b) - 1; i >= 0; i-- {
		x = x<<8 | uint64(b[i])
	}
	return x
}

// badDigitByte returns the index of the first of the size low bytes of x
// with a nibble that is not a decimal digit.
func badDigitByte(x uint64, size int) int {
	for i := range size {
		if !bcd.Valid(byte(x >> (8 * i))) {
			return i
		}
	}
	return -1
}

// appendTo appends the item's data, with the 0x33 offset, in the layout of
// its DI.
func (it *Item) appendTo(dst []byte) ([]byte, error) {
	f, ok := lookup(it.DI)
	if !ok || it.Kind == KindRaw {
		return appendData(dst, it.Text()...), nil
	}
	if it.Kind != f.kind {
		return dst, fieldError("kind", -1, it.Kind.String(), f.kind.String()+" for "+it.DI.String(), ErrRange)
	}
	switch f.kind {
	case KindNumber:
		return it.appendNumbers(dst, f)
	case KindDate:
		return appendClock(dst, it.Clock, KindDate)
	case KindTime:
		return appendClock(dst, it.Clock, KindTime)
	case KindAddress:
		if err := it.Address.checkPlain(f.name, -1); err != nil {
			return dst, err
		}
		return appendData(dst, it.Address[:]...), nil
	}
	text := it.Text()
	if len(text) > int(f.size) {
		return dst, fieldError(f.name, -1, strconv.Itoa(len(text))+" characters",
			"at most "+strconv.Itoa(int(f.size)), ErrLength)
	}
	for range int(f.size) - len(text) {
		dst = append(dst, offset) // NUL padding after the text
	}
	for i := len(text) - 1; i >= 0; i-- {
		dst = append(dst, text[i]+offset)
	}
	return dst, nil
}

func (it *Item) appendNumbers(dst []byte, f format) ([]byte, error) {
	values := it.Values()
	if (f.count > 0 && len(values) != int(f.count)) || len(values) == 0 {
		return dst, fieldError(f.name, -1, strconv.Itoa(len(values))+" values",
			strconv.Itoa(int(f.count)), ErrLength)
	}
	for _, v := range values {
		var err error
		if dst, err = appendNumber(dst, f, v); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func appendNumber(dst []byte, f format, v Value) ([]byte, error) {
	if v.Unit != f.unit && v.Unit != UnitNone {
		return dst, fieldError(f.name, -1, v.Unit.String(), f.unit.String(), ErrRange)
	}
	n, ok := v.Rescale(f.scale)
	limit := pow10(2*int(f.size)) - 1
	if f.signed {
		limit = 8*pow10(2*int(f.size)-1) - 1
	}
	if f.limit > 0 {
		limit = f.limit
	}
	if !ok || n > limit || n < -limit || (n < 0 && !f.signed) {
		return dst, fieldError(f.name, -1, v.String(), "a value that fits "+
			strconv.Itoa(int(f.size))+" BCD bytes with "+strconv.Itoa(int(f.scale))+" decimals", ErrRange)
	}
	var buf [8]byte
	b := buf[:f.size]
	bcd.PutUintLE(b, uint64(absUint(n)))
	if n < 0 {
		b[len(b)-1] |= 0x80
	}
	return appendData(dst, b...), nil
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
