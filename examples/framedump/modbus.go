package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// modbusFrame is the decoded form of a Modbus RTU frame. Fields that the
// function and direction do not carry are left out.
type modbusFrame struct {
	Direction string `json:"direction"`
	// Ambiguous is set when the frame fits a request and a reply alike, as
	// the echoed reply to FC 5 or 6 does. The direction shown is then a guess.
	Ambiguous    bool     `json:"direction_ambiguous,omitempty"`
	Unit         uint8    `json:"unit"`
	Function     string   `json:"function"`
	FunctionCode string   `json:"function_code"`
	Exception    string   `json:"exception,omitempty"`
	Address      *uint16  `json:"address,omitempty"`
	Quantity     *uint16  `json:"quantity,omitempty"`
	Coil         string   `json:"coil,omitempty"`
	Value        *uint16  `json:"value,omitempty"`
	ByteCount    *int     `json:"byte_count,omitempty"`
	Registers    []uint16 `json:"registers,omitempty"`
	Bits         []int    `json:"bits,omitempty"`
	Data         string   `json:"data,omitempty"`
}

// decodeModbus decodes an RTU frame whose direction is guessed from its
// function code and length, as [modbus.Classify] describes.
func decodeModbus(b []byte) (any, error) {
	var f modbus.Frame
	if err := f.Decode(b, modbus.Unknown); err != nil {
		return nil, err
	}
	_, ambiguous := modbus.Classify(b)
	out := modbusFrame{Direction: f.Direction.String(), Ambiguous: ambiguous, Unit: f.Unit,
		Function: f.Function.String(), FunctionCode: fmt.Sprintf("0x%02X", byte(f.Function))}
	if f.Exception != 0 {
		out.Exception = f.Exception.String()
		return out, nil
	}

	fc, reply := f.Function, f.Direction == modbus.Reply
	readReply := reply && fc <= modbus.ReadInputRegisters
	if !readReply {
		out.Address = &f.Address
	}
	switch {
	case fc == modbus.WriteSingleCoil:
		out.Coil = "off"
		if f.Value == modbus.CoilOn {
			out.Coil = "on"
		}
	case fc == modbus.WriteSingleRegister:
		out.Value = &f.Value
	default:
		if !readReply || fc >= modbus.ReadHoldingRegisters {
			out.Quantity = &f.Quantity
		}
	}
	if len(f.Data()) > 0 {
		count := len(f.Data())
		out.ByteCount, out.Data = &count, strings.ToUpper(hex.EncodeToString(f.Data()))
	}
	switch fc {
	case modbus.ReadHoldingRegisters, modbus.ReadInputRegisters, modbus.WriteMultipleRegisters:
		for i := range len(f.Data()) / 2 {
			out.Registers = append(out.Registers, f.Register(i))
		}
	case modbus.ReadCoils, modbus.ReadDiscreteInputs, modbus.WriteMultipleCoils:
		for i := range 8 * len(f.Data()) {
			out.Bits = append(out.Bits, boolBit(f.Coil(i)))
		}
	}
	return out, nil
}

func boolBit(on bool) int {
	if on {
		return 1
	}
	return 0
}

// registerPayload is a bare register payload decoded as every type it can
// hold, in every byte order.
type registerPayload struct {
	Registers []uint16                    `json:"registers"`
	Bits16    map[string]registerValues16 `json:"16_bit"`
	Bits32    map[string]registerValues32 `json:"32_bit,omitempty"`
	Bits64    map[string]registerValues64 `json:"64_bit,omitempty"`
}

type registerValues16 struct {
	Uint16 []uint16 `json:"uint16"`
	Int16  []int16  `json:"int16"`
}

type registerValues32 struct {
	Uint32  []uint32    `json:"uint32"`
	Int32   []int32     `json:"int32"`
	Float32 []jsonFloat `json:"float32"`
}

type registerValues64 struct {
	Uint64  []uint64    `json:"uint64"`
	Int64   []int64     `json:"int64"`
	Float64 []jsonFloat `json:"float64"`
}

// jsonFloat is a float printed in the shortest form that reads back to the
// same float32 or float64, with NaN and infinities as strings, which JSON
// numbers cannot express.
type jsonFloat struct {
	v    float64
	bits int
}

// MarshalJSON returns the number, or "NaN", "+Inf" or "-Inf" as a string.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
		return json.Marshal(strconv.FormatFloat(f.v, 'g', -1, 64))
	}
	return strconv.AppendFloat(nil, f.v, 'g', -1, f.bits), nil
}

var allOrders = []modbus.ByteOrder{modbus.ABCD, modbus.CDAB, modbus.BADC, modbus.DCBA}

// decodeRegisters decodes b, the data bytes of consecutive registers as a
// device sends them, as 16-bit values in both byte orders, and as 32- and
// 64-bit values in all four orders when its length allows.
func decodeRegisters(b []byte) (any, error) {
	if len(b) == 0 || len(b)%2 != 0 {
		return nil, errors.New("register payload of " + strconv.Itoa(len(b)) +
			" bytes: want a nonzero even number, 2 bytes a register")
	}
	out := registerPayload{Bits16: map[string]registerValues16{}}
	for i := 0; i < len(b); i += 2 {
		out.Registers = append(out.Registers, modbus.ABCD.Uint16(b[i:]))
	}
	// A 16-bit value follows the byte swap only, so CDAB and DCBA add nothing.
	for _, o := range []modbus.ByteOrder{modbus.ABCD, modbus.BADC} {
		var v registerValues16
		for i := 0; i < len(b); i += 2 {
			v.Uint16 = append(v.Uint16, o.Uint16(b[i:]))
			v.Int16 = append(v.Int16, o.Int16(b[i:]))
		}
		out.Bits16[o.Name(2)] = v
	}
	if len(b)%4 == 0 {
		out.Bits32 = map[string]registerValues32{}
		for _, o := range allOrders {
			var v registerValues32
			for i := 0; i < len(b); i += 4 {
				v.Uint32 = append(v.Uint32, o.Uint32(b[i:]))
				v.Int32 = append(v.Int32, o.Int32(b[i:]))
				v.Float32 = append(v.Float32, jsonFloat{float64(o.Float32(b[i:])), 32})
			}
			out.Bits32[o.Name(4)] = v
		}
	}
	if len(b)%8 == 0 {
		out.Bits64 = map[string]registerValues64{}
		for _, o := range allOrders {
			var v registerValues64
			for i := 0; i < len(b); i += 8 {
				v.Uint64 = append(v.Uint64, o.Uint64(b[i:]))
				v.Int64 = append(v.Int64, o.Int64(b[i:]))
				v.Float64 = append(v.Float64, jsonFloat{o.Float64(b[i:]), 64})
			}
			out.Bits64[o.Name(8)] = v
		}
	}
	return out, nil
}

// modbusFit returns how well b fits a Modbus RTU frame: 2 when its layout
// fits a request or a reply and its CRC is valid, 1 when only its unit
// address and function code are plausible, and 0 otherwise.
func modbusFit(b []byte) int {
	if len(b) < 4 || b[0] > modbus.MaxUnit {
		return 0
	}
	fc := b[1]
	if !modbus.FunctionCode(fc).Known() && fc <= 0x80 {
		return 0
	}
	if dir, _ := modbus.Classify(b); dir != modbus.Unknown && modbus.CRC(b[:len(b)-2]) ==
		uint16(b[len(b)-2])|uint16(b[len(b)-1])<<8 {
		return 2
	}
	return 1
}
