package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// Field is one value to read: Count registers (FC 3, 4) or bits (FC 1, 2)
// from Address.
type Field struct {
	Function modbus.FunctionCode
	Address  uint16
	Count    uint16
}

// Limits bounds how [NewPlan] merges fields into requests.
type Limits struct {
	// MaxGap is the largest number of unwanted registers or bits read
	// between two fields to merge them. Zero merges only adjacent fields.
	MaxGap uint16
	// MaxQuantity is the device's own maximum per request, below the
	// protocol limits of 125 registers and 2000 bits. Zero means those
	// limits.
	MaxQuantity uint16
	// Single reads every field with a request of its own, for devices that
	// reject reads spanning more than one field.
	Single bool
	// Fallback reads the fields of a block one by one when the device
	// rejects the block with an exception reply.
	Fallback bool
}

// Block is one read request of a [Plan] and the fields it covers.
type Block struct {
	Function modbus.FunctionCode
	Address  uint16
	Quantity uint16
	Fields   []int // indexes into the fields given to NewPlan
}

// Plan is the set of read requests that cover a device's fields.
type Plan struct {
	Fields []Field
	Blocks []Block
	Limits Limits
}

// Saved returns the number of requests that batching saves against one
// request per field.
func (p *Plan) Saved() int { return len(p.Fields) - len(p.Blocks) }

// NewPlan merges fields of the same function whose addresses are adjacent
// or at most lim.MaxGap apart into blocks within the protocol limits and
// lim.MaxQuantity. Fields may overlap and come in any order.
func NewPlan(fields []Field, lim Limits) (*Plan, error) {
	order := make([]int, len(fields))
	for i, f := range fields {
		if err := checkField(f, lim); err != nil {
			return nil, fmt.Errorf("modbus plan: field %d: %w", i, err)
		}
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		fa, fb := fields[a], fields[b]
		return cmp.Or(cmp.Compare(fa.Function, fb.Function), cmp.Compare(fa.Address, fb.Address))
	})
	p := &Plan{Fields: slices.Clone(fields), Limits: lim}
	for _, i := range order {
		f := fields[i]
		end := int(f.Address) + int(f.Count)
		if n := len(p.Blocks); n > 0 && !lim.Single {
			b := &p.Blocks[n-1]
			bEnd := int(b.Address) + int(b.Quantity)
			merged := max(bEnd, end) - int(b.Address)
			if b.Function == f.Function && int(f.Address) <= bEnd+int(lim.MaxGap) &&
				merged <= maxQuantity(f.Function, lim) {
				b.Quantity = uint16(merged)
				b.Fields = append(b.Fields, i)
				continue
			}
		}
		p.Blocks = append(p.Blocks, Block{Function: f.Function, Address: f.Address, Quantity: f.Count, Fields: []int{i}})
	}
	return p, nil
}

func checkField(f Field, lim Limits) error {
	switch f.Function {
	case modbus.ReadCoils, modbus.ReadDiscreteInputs, modbus.ReadHoldingRegisters, modbus.ReadInputRegisters:
	default:
		return fmt.Errorf("function %s is not a read; use 1-4", f.Function)
	}
	if limit := maxQuantity(f.Function, lim); f.Count == 0 || int(f.Count) > limit {
		return fmt.Errorf("count %d at address %d, want 1-%d", f.Count, f.Address, limit)
	}
	if int(f.Address)+int(f.Count) > 0x10000 {
		return fmt.Errorf("address %d and count %d run past 65535", f.Address, f.Count)
	}
	return nil
}

// maxQuantity returns the largest request for function fc under lim.
func maxQuantity(fc modbus.FunctionCode, lim Limits) int {
	limit := modbus.MaxReadRegisters
	if fc == modbus.ReadCoils || fc == modbus.ReadDiscreteInputs {
		limit = modbus.MaxReadBits
	}
	if lim.MaxQuantity > 0 {
		limit = min(limit, int(lim.MaxQuantity))
	}
	return limit
}

// Result is the outcome of one field of a [Plan]: its data as sent
// (registers high byte first, or bits packed from bit 0), or the error of
// the request that covered it.
type Result struct {
	Data []byte
	Err  error
}

// ReadStats counts the requests of one [Client.ReadPlan].
type ReadStats struct {
	Requests  int // requests sent, fallback reads included
	Failed    int // requests that failed
	Fallbacks int // blocks read again field by field
}

// ReadPlan reads every block of p and returns one result per field, in the
// order of p.Fields. A failed block fails only its own fields. With
// p.Limits.Fallback, a block of several fields that gets an exception reply
// is read again one field at a time. Once ctx has ended, the blocks not yet
// sent fail with ctx's error and are not counted as requests.
func (c *Client) ReadPlan(ctx context.Context, p *Plan) ([]Result, ReadStats) {
	res := make([]Result, len(p.Fields))
	var st ReadStats
	for _, b := range p.Blocks {
		if err := ctx.Err(); err != nil {
			fail(res, b.Fields, c.wrap(b.Function, b.Address, b.Quantity, err))
			continue
		}
		data, err := c.Read(ctx, b.Function, b.Address, b.Quantity)
		st.Requests++
		if err == nil {
			for _, i := range b.Fields {
				res[i].Data = slice(data, b, p.Fields[i])
			}
			continue
		}
		st.Failed++
		if !p.Limits.Fallback || len(b.Fields) == 1 || !isAnyException(err) {
			fail(res, b.Fields, err)
			continue
		}
		st.Fallbacks++
		for _, i := range b.Fields {
			f := p.Fields[i]
			if err := ctx.Err(); err != nil {
				res[i].Err = c.wrap(f.Function, f.Address, f.Count, err)
				continue
			}
			res[i].Data, res[i].Err = c.Read(ctx, f.Function, f.Address, f.Count)
			st.Requests++
			if res[i].Err != nil {
				st.Failed++
			}
		}
	}
	return res, st
}

// fail sets err as the result of the fields with the given indexes.
func fail(res []Result, fields []int, err error) {
	for _, i := range fields {
		res[i].Err = err
	}
}

func isAnyException(err error) bool {
	var ex *modbus.ExceptionError
	return errors.As(err, &ex)
}

// slice returns the part of a block's data that holds field f.
func slice(data []byte, b Block, f Field) []byte {
	off := int(f.Address - b.Address)
	if b.Function == modbus.ReadHoldingRegisters || b.Function == modbus.ReadInputRegisters {
		return data[2*off : 2*(off+int(f.Count))]
	}
	out := make([]byte, (int(f.Count)+7)/8)
	for i := range int(f.Count) {
		bit := off + i
		if data[bit/8]>>(bit%8)&1 != 0 {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}
