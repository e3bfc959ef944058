package profile_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/profile"
)

func FuzzParse(f *testing.F) {
	for _, path := range []string{"testdata/valid.yaml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"model":"m","vendor":"v","fields":[{"name":"a","function":3,"address":0,"type":"int16"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := profile.Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Parse validates, so a parsed profile must compile.
		if _, err := p.Compile(); err != nil {
			t.Fatalf("parsed profile does not compile: %v", err)
		}
	})
}

// FuzzDecodeRegisters decodes arbitrary register data with the shipped
// profiles and a profile of every type and order, and checks that every
// decoded value encodes back to the registers it came from.
func FuzzDecodeRegisters(f *testing.F) {
	progs := fuzzPrograms(f)
	f.Add(uint16(0), []byte{0x02, 0x8D, 0xFF, 0x83, 0x27, 0x94})
	f.Add(uint16(0x0100), bytes.Repeat([]byte{0xFF}, 40))
	f.Add(uint16(3), bytes.Repeat([]byte{0x7F, 0xFF, 0x80, 0x00}, 30))
	f.Fuzz(func(t *testing.T, addr uint16, data []byte) {
		if len(data) > modbus.MaxDataLen {
			data = data[:modbus.MaxDataLen]
		}
		data = data[:len(data)&^1]
		regs := make([]uint16, len(data)/2)
		for i := range regs {
			regs[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
		for _, prog := range progs {
			for _, fn := range []modbus.FunctionCode{modbus.ReadHoldingRegisters, modbus.ReadInputRegisters} {
				out := make([]profile.Value, prog.Len())
				if _, err := prog.DecodeBytes(fn, addr, data, out); err != nil {
					t.Fatal(err)
				}
				for i, v := range out {
					checkReencode(t, prog, i, v, addr, regs)
				}
			}
		}
	})
}

// checkReencode checks that v, decoded from regs at addr, encodes back to
// the same registers.
func checkReencode(t *testing.T, prog *profile.Program, i int, v profile.Value, addr uint16, regs []uint16) {
	f := prog.Field(i)
	if v.Status == profile.NotRead || f.Type == profile.Bit || f.Type == profile.String {
		return
	}
	at := int(f.Address) - int(addr)
	want := regs[at : at+f.Count()]
	got, err := prog.EncodeRaw(nil, i, v.Raw)
	if err != nil {
		t.Fatalf("%s: raw %#x: %v", f.Name, v.Raw, err)
	}
	if !equalRegs(got, want) {
		t.Fatalf("%s: raw %#x encodes to %04X, decoded from %04X", f.Name, v.Raw, got, want)
	}
	if v.Status != profile.OK || f.Type == profile.Float32 || f.Type == profile.Float64 {
		return
	}
	got, err = prog.Encode(nil, i, v)
	if err != nil {
		t.Fatalf("%s: value %d: %v", f.Name, v.Int, err)
	}
	if !equalRegs(got, want) {
		t.Fatalf("%s: value %d encodes to %04X, decoded from %04X", f.Name, v.Int, got, want)
	}
}

func equalRegs(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func FuzzDecodeBits(f *testing.F) {
	progs := fuzzPrograms(f)
	f.Add(uint16(0), 8, []byte{0x5A})
	f.Add(uint16(3), 16, []byte{0xFF, 0x01})
	f.Fuzz(func(t *testing.T, addr uint16, quantity int, data []byte) {
		for _, prog := range progs {
			for _, fn := range []modbus.FunctionCode{modbus.ReadCoils, modbus.ReadDiscreteInputs} {
				out := make([]profile.Value, prog.Len())
				n, err := prog.DecodeBits(fn, addr, quantity, data, out)
				if err != nil {
					continue
				}
				for i, v := range out {
					if v.Status != profile.NotRead && v.Int != 0 && v.Int != 1 {
						t.Fatalf("%s: bit value %d", prog.Field(i).Name, v.Int)
					}
				}
				if n > quantity {
					t.Fatalf("%d bits decoded from %d", n, quantity)
				}
			}
		}
	})
}

func fuzzPrograms(f *testing.F) []*profile.Program {
	f.Helper()
	var progs []*profile.Program
	for _, name := range profile.Shipped() {
		p, err := profile.LoadShipped(name)
		if err != nil {
			f.Fatal(err)
		}
		prog, err := p.Compile()
		if err != nil {
			f.Fatal(err)
		}
		progs = append(progs, prog)
	}
	prog, _ := benchProgram(f)
	return append(progs, prog)
}
