package profile

import (
	"cmp"
	"slices"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Span is the part of the address space that one field takes: what a
// batching client needs to plan its reads.
type Span struct {
	Field    int                 // index of the field in the profile
	Function modbus.FunctionCode // 1 to 4
	Address  uint16              // first register or bit
	Count    int                 // registers, or bits for FC 1 and 2
}

// Spans returns the span of every readable field, sorted by function and
// address. Fields with Access write are left out because they are never
// polled.
func (p *Program) Spans() []Span {
	spans := make([]Span, 0, len(p.fields))
	for i := range p.fields {
		f := &p.fields[i]
		if f.Access.Readable() {
			spans = append(spans, Span{Field: i, Function: f.Function, Address: f.Address, Count: f.Count()})
		}
	}
	slices.SortStableFunc(spans, func(a, b Span) int {
		if c := cmp.Compare(a.Function, b.Function); c != 0 {
			return c
		}
		return cmp.Compare(a.Address, b.Address)
	})
	return spans
}

// Block is one read request: Count registers or bits of Function from
// Address on.
type Block struct {
	Function modbus.FunctionCode
	Address  uint16
	Count    int
}

// Blocks groups the readable fields into reads of contiguous registers or
// bits, each at most maxRegisters registers (FC 3 and 4) or maxBits bits
// (FC 1 and 2) and within the profile's MaxRegisters and MaxBits. A limit
// of 0 means no limit beyond those. Fields that share a register, such as
// bits of one status register, fall into one block. Blocks never span a
// gap: merging across unused registers is the client's choice, because some
// devices reject a read that touches an unmapped address. A field wider
// than the limit gets a block of its own, since a value is never split.
func (p *Program) Blocks(maxRegisters, maxBits int) []Block {
	maxRegisters = min(limit(maxRegisters, modbus.MaxReadRegisters), limit(p.maxRegisters, modbus.MaxReadRegisters))
	maxBits = min(limit(maxBits, modbus.MaxReadBits), limit(p.maxBits, modbus.MaxReadBits))
	var blocks []Block
	for _, s := range p.Spans() {
		most := maxRegisters
		if !readsRegisters(s.Function) {
			most = maxBits
		}
		end := int(s.Address) + s.Count
		if n := len(blocks); n > 0 {
			b := &blocks[n-1]
			bEnd := int(b.Address) + b.Count
			if b.Function == s.Function && int(s.Address) <= bEnd && max(end, bEnd)-int(b.Address) <= most {
				b.Count = max(end, bEnd) - int(b.Address)
				continue
			}
		}
		blocks = append(blocks, Block{Function: s.Function, Address: s.Address, Count: s.Count})
	}
	return blocks
}

func limit(v, protocol int) int {
	if v <= 0 || v > protocol {
		return protocol
	}
	return v
}
