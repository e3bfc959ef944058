package modbus_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// decoded is the part of a Frame the decode tests compare.
type decoded struct {
	unit      uint8
	function  modbus.FunctionCode
	dir       modbus.Direction
	exception modbus.ExceptionCode
	address   uint16
	quantity  uint16
	value     uint16
	data      string // hex
}

func summary(t *testing.T, f *modbus.Frame) decoded {
	t.Helper()
	return decoded{f.Unit, f.Function, f.Direction, f.Exception, f.Address, f.Quantity, f.Value,
		hexString(f.Data())}
}

func hexString(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&0x0F])
	}
	return string(out)
}

func TestDecode(t *testing.T) {
	req, rep, either := modbus.Request, modbus.Reply, modbus.Unknown
	tests := []struct {
		name  string
		frame string // hex without CRC
		dir   modbus.Direction
		want  decoded
	}{
		{"read coils request", "11 01 0013 0013", req,
			decoded{17, modbus.ReadCoils, req, 0, 0x13, 19, 0, ""}},
		{"read coils reply", "11 01 03 CD6B05", rep,
			decoded{17, modbus.ReadCoils, rep, 0, 0, 0, 0, "CD6B05"}},
		{"read coils reply guessed", "11 01 03 CD6B05", either,
			decoded{17, modbus.ReadCoils, rep, 0, 0, 0, 0, "CD6B05"}},
		{"read coils 8 bytes guessed request", "11 01 03 CD 0010", either,
			decoded{17, modbus.ReadCoils, req, 0, 0x03CD, 16, 0, ""}},
		{"read discrete inputs", "11 02 00C4 0016", either,
			decoded{17, modbus.ReadDiscreteInputs, req, 0, 0xC4, 22, 0, ""}},
		{"read holding request", "11 03 006B 0003", either,
			decoded{17, modbus.ReadHoldingRegisters, req, 0, 0x6B, 3, 0, ""}},
		{"read holding reply", "11 03 06 022B 0000 0064", either,
			decoded{17, modbus.ReadHoldingRegisters, rep, 0, 0, 3, 0, "022B00000064"}},
		{"read input reply", "11 04 02 000A", either,
			decoded{17, modbus.ReadInputRegisters, rep, 0, 0, 1, 0, "000A"}},
		{"read 125 registers", "01 03 0000 007D", either,
			decoded{1, modbus.ReadHoldingRegisters, req, 0, 0, 125, 0, ""}},
		{"write single coil", "11 05 00AC FF00", either,
			decoded{17, modbus.WriteSingleCoil, req, 0, 0xAC, 0, 0xFF00, ""}},
		{"write single coil reply", "11 05 00AC 0000", rep,
			decoded{17, modbus.WriteSingleCoil, rep, 0, 0xAC, 0, 0, ""}},
		{"write single register", "11 06 0001 0003", either,
			decoded{17, modbus.WriteSingleRegister, req, 0, 1, 0, 3, ""}},
		{"broadcast write", "00 06 0001 0003", req,
			decoded{0, modbus.WriteSingleRegister, req, 0, 1, 0, 3, ""}},
		{"write coils request", "11 0F 0013 000A 02 CD01", either,
			decoded{17, modbus.WriteMultipleCoils, req, 0, 0x13, 10, 0, "CD01"}},
		{"write coils reply", "11 0F 0013 000A", either,
			decoded{17, modbus.WriteMultipleCoils, rep, 0, 0x13, 10, 0, ""}},
		{"write registers request", "11 10 0001 0002 04 000A 0102", either,
			decoded{17, modbus.WriteMultipleRegisters, req, 0, 1, 2, 0, "000A0102"}},
		{"write registers reply", "11 10 0001 0002", either,
			decoded{17, modbus.WriteMultipleRegisters, rep, 0, 1, 2, 0, ""}},
		{"exception", "11 83 02", either,
			decoded{17, modbus.ReadHoldingRegisters, rep, modbus.IllegalDataAddress, 0, 0, 0, ""}},
		{"exception of unknown function", "0A AB 01", rep,
			decoded{10, 0x2B, rep, modbus.IllegalFunction, 0, 0, 0, ""}},
		{"reserved-free unit 247", "F7 03 0000 0001", either,
			decoded{247, modbus.ReadHoldingRegisters, req, 0, 0, 1, 0, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f modbus.Frame
			require.NoError(t, f.Decode(withCRC(t, tt.frame), tt.dir))
			assert.Equal(t, tt.want, summary(t, &f))
		})
	}
}

func TestDecodeRejects(t *testing.T) {
	req, rep, either := modbus.Request, modbus.Reply, modbus.Unknown
	tests := []struct {
		name  string
		frame []byte
		dir   modbus.Direction
		err   error
		field string
	}{
		{"too short", mustHex(t, "0103D409"), either, modbus.ErrLength, "length"},
		{"invalid direction", withCRC(t, "01 03 0000 0001"), 3, modbus.ErrValue, "direction"},
		{"too long", make([]byte, 257), either, modbus.ErrLength, "length"},
		{"bad crc", mustHex(t, "010300010005D40A"), either, modbus.ErrCRC, "crc"},
		{"reserved unit", withCRC(t, "F8 03 0000 0001"), either, modbus.ErrValue, "unit"},
		{"unknown function", withCRC(t, "01 2B 0E 01 00"), either, modbus.ErrFunction, "function"},
		{"function zero", withCRC(t, "01 00 0000 0001"), either, modbus.ErrFunction, "function"},
		{"exception of function zero", withCRC(t, "01 80 01"), either, modbus.ErrFunction, "function"},
		{"exception as request", withCRC(t, "01 83 02"), req, modbus.ErrFunction, "function"},
		{"exception too long", withCRC(t, "01 83 02 00"), either, modbus.ErrLength, "length"},
		{"undefined exception code", withCRC(t, "01 83 07"), either, modbus.ErrValue, "exception code"},
		{"exception from broadcast", withCRC(t, "00 83 02"), either, modbus.ErrValue, "unit"},
		{"read quantity zero", withCRC(t, "01 03 0000 0000"), req, modbus.ErrLength, "quantity"},
		{"read 126 registers", withCRC(t, "01 03 0000 007E"), req, modbus.ErrLength, "quantity"},
		{"read 2001 coils", withCRC(t, "01 01 0000 07D1"), req, modbus.ErrLength, "quantity"},
		{"broadcast read", withCRC(t, "00 03 0000 0001"), req, modbus.ErrValue, "unit"},
		{"read request too long", withCRC(t, "01 03 0000 0001 00"), req, modbus.ErrLength, "length"},
		{"neither direction fits", withCRC(t, "01 03 0A 41A00000 0000 0015 41B00000"), either,
			modbus.ErrLength, "length"},
		{"write multiple too short to classify", withCRC(t, "01 10 00"), either, modbus.ErrLength, "length"},
		{"reply byte count", withCRC(t, "01 03 04 0001"), rep, modbus.ErrLength, "byte count"},
		{"odd register byte count", withCRC(t, "01 03 03 000100"), rep, modbus.ErrLength, "byte count"},
		{"empty coil reply", withCRC(t, "01 01 00"), rep, modbus.ErrLength, "byte count"},
		{"reply from broadcast", withCRC(t, "00 03 02 0001"), rep, modbus.ErrValue, "unit"},
		{"coil value", withCRC(t, "01 05 0001 1234"), either, modbus.ErrValue, "value"},
		{"write coils byte count vs length", withCRC(t, "01 0F 0000 0008 02 FF"), req,
			modbus.ErrLength, "byte count"},
		{"write coils byte count vs quantity", withCRC(t, "01 0F 0000 0008 02 FF00"), req,
			modbus.ErrLength, "byte count"},
		{"write registers byte count", withCRC(t, "01 10 0000 0002 02 0001"), req,
			modbus.ErrLength, "byte count"},
		{"write 124 registers", withCRC(t, "01 10 0000 007C 02 0001"), req, modbus.ErrLength, "quantity"},
		{"write 1969 coils", withCRC(t, "01 0F 0000 07B1 01 01"), req, modbus.ErrLength, "quantity"},
		{"write reply quantity", withCRC(t, "01 10 0000 0000"), rep, modbus.ErrLength, "quantity"},
		{"write request too short", withCRC(t, "01 10 0000 0001"), req, modbus.ErrLength, "length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f modbus.Frame
			err := f.Decode(tt.frame, tt.dir)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *modbus.FrameError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.Equal(t, decoded{}, summary(t, &f), "a rejected frame leaves f empty")
		})
	}
}

func TestDecodeCRCErrorNamesBothValues(t *testing.T) {
	var f modbus.Frame
	err := f.Decode(mustHex(t, "010300010005D40A"), modbus.Request)
	require.Error(t, err)
	assert.Equal(t, "modbus: crc at byte 6: got D4 0A, want D4 09 (low byte first): CRC mismatch", err.Error())
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name      string
		frame     string
		want      modbus.Direction
		ambiguous bool
	}{
		{"read request", "01 03 0000 0001", modbus.Request, false},
		{"read registers with byte count 3", "01 03 03 00 0001", modbus.Request, false},
		{"read coils with byte count 3", "01 01 03 00 0001", modbus.Request, true},
		{"read reply", "01 03 02 0001", modbus.Reply, false},
		{"write single echo", "01 06 0001 0002", modbus.Request, true},
		{"write multiple request", "01 10 0001 0001 02 0005", modbus.Request, false},
		{"write multiple reply", "01 10 0001 0001", modbus.Reply, false},
		{"exception", "01 83 02", modbus.Reply, false},
		{"unknown function", "01 2B 0E 01 00", modbus.Unknown, false},
		{"no layout fits", "01 03 05 00 00", modbus.Unknown, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, ambiguous := modbus.Classify(withCRC(t, tt.frame))
			assert.Equal(t, tt.want, dir)
			assert.Equal(t, tt.ambiguous, ambiguous)
		})
	}
	dir, _ := modbus.Classify([]byte{1})
	assert.Equal(t, modbus.Unknown, dir, "one byte")
}

func TestExceptionErr(t *testing.T) {
	var f modbus.Frame
	require.NoError(t, f.Decode(withCRC(t, "11 83 02"), modbus.Reply))
	err := f.Err()
	var ex *modbus.ExceptionError
	require.ErrorAs(t, err, &ex)
	assert.Equal(t, modbus.ExceptionError{Unit: 17, Function: modbus.ReadHoldingRegisters,
		Code: modbus.IllegalDataAddress}, *ex)
	assert.Equal(t, "modbus: unit 17 rejected read holding registers: exception 0x02 illegal data address",
		err.Error())

	require.NoError(t, f.Decode(withCRC(t, "11 03 02 0001"), modbus.Reply))
	assert.NoError(t, f.Err())
}

func TestGoldenRoundTrip(t *testing.T) {
	for _, g := range readGolden(t) {
		t.Run(g.description, func(t *testing.T) {
			var f modbus.Frame
			require.NoError(t, f.Decode(g.frame, g.dir))
			assert.Equal(t, g.dir, f.Direction)
			out, err := f.AppendBinary(nil)
			require.NoError(t, err)
			assert.Equal(t, g.frame, out)

			var guessed modbus.Frame
			require.NoError(t, guessed.Decode(g.frame, modbus.Unknown))
			if _, ambiguous := modbus.Classify(g.frame); !ambiguous {
				assert.Equal(t, g.dir, guessed.Direction, "direction guessed")
			}
		})
	}
}

func TestBuild(t *testing.T) {
	regs := func(v ...uint16) modbus.Frame {
		f := modbus.Frame{Unit: 1, Function: modbus.ReadHoldingRegisters, Direction: modbus.Reply}
		if err := f.SetRegisters(v); err != nil {
			t.Fatal(err)
		}
		return f
	}
	writeRegs := regs(0x000A, 0x0102)
	writeRegs.Function, writeRegs.Direction, writeRegs.Address = modbus.WriteMultipleRegisters, modbus.Request, 1
	coils := modbus.Frame{Unit: 1, Function: modbus.WriteMultipleCoils, Direction: modbus.Request, Address: 0x13}
	require.NoError(t, coils.SetCoils([]bool{true, false, true, true, false, false, true, true, true, false}))

	tests := []struct {
		name  string
		frame modbus.Frame
		want  string // without CRC
	}{
		{"read request", modbus.Frame{Unit: 1, Function: modbus.ReadHoldingRegisters,
			Direction: modbus.Request, Address: 1, Quantity: 5}, "01 03 0001 0005"},
		{"read reply", regs(0x41F0, 0), "01 03 04 41F0 0000"},
		{"write coil", modbus.Frame{Unit: 2, Function: modbus.WriteSingleCoil,
			Direction: modbus.Request, Address: 7, Value: modbus.CoilOn}, "02 05 0007 FF00"},
		{"write registers", writeRegs, "01 10 0001 0002 04 000A 0102"},
		{"write coils", coils, "01 0F 0013 000A 02 CD01"},
		{"write coils reply", modbus.Frame{Unit: 1, Function: modbus.WriteMultipleCoils,
			Direction: modbus.Reply, Address: 0x13, Quantity: 10}, "01 0F 0013 000A"},
		{"exception", modbus.Frame{Unit: 1, Function: modbus.ReadInputRegisters,
			Direction: modbus.Reply, Exception: modbus.ServerDeviceBusy}, "01 84 06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte{0xAA}
			out, err := tt.frame.AppendBinary(prefix)
			require.NoError(t, err)
			assert.Equal(t, append([]byte{0xAA}, withCRC(t, tt.want)...), out)

			var back modbus.Frame
			require.NoError(t, back.Decode(out[1:], tt.frame.Direction))
			assert.Equal(t, tt.frame, back)
		})
	}
}

func TestBuildRejects(t *testing.T) {
	tests := []struct {
		name  string
		frame modbus.Frame
		err   error
		field string
	}{
		{"no direction", modbus.Frame{Unit: 1, Function: modbus.ReadCoils, Quantity: 1},
			modbus.ErrValue, "direction"},
		{"quantity zero", modbus.Frame{Unit: 1, Function: modbus.ReadCoils, Direction: modbus.Request},
			modbus.ErrLength, "quantity"},
		{"unknown function", modbus.Frame{Unit: 1, Function: 0x2B, Direction: modbus.Request},
			modbus.ErrFunction, "function"},
		{"empty read reply", modbus.Frame{Unit: 1, Function: modbus.ReadCoils, Direction: modbus.Reply},
			modbus.ErrLength, "byte count"},
		{"coil value", modbus.Frame{Unit: 1, Function: modbus.WriteSingleCoil, Direction: modbus.Request,
			Value: 1}, modbus.ErrValue, "value"},
		{"write registers without data", modbus.Frame{Unit: 1, Function: modbus.WriteMultipleRegisters,
			Direction: modbus.Request, Quantity: 1}, modbus.ErrLength, "length"},
		{"reserved unit", modbus.Frame{Unit: 250, Function: modbus.ReadCoils, Direction: modbus.Request,
			Quantity: 1}, modbus.ErrValue, "unit"},
		{"exception in a request", modbus.Frame{Unit: 1, Function: modbus.ReadCoils, Direction: modbus.Request,
			Quantity: 1, Exception: modbus.IllegalFunction}, modbus.ErrValue, "exception code"},
		{"undefined exception", modbus.Frame{Unit: 1, Function: modbus.ReadCoils, Direction: modbus.Reply,
			Exception: 9}, modbus.ErrValue, "exception code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []byte{1, 2}
			out, err := tt.frame.AppendBinary(dst)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var fe *modbus.FrameError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.Equal(t, []byte{1, 2}, out, "nothing appended")
		})
	}
}

func TestSetDataLimits(t *testing.T) {
	var f modbus.Frame
	assert.ErrorIs(t, f.SetData(make([]byte, 251)), modbus.ErrLength)
	assert.ErrorIs(t, f.SetRegisters(make([]uint16, 126)), modbus.ErrLength)
	assert.ErrorIs(t, f.SetCoils(make([]bool, 2001)), modbus.ErrLength)
	require.NoError(t, f.SetData(make([]byte, 250)))
	assert.Len(t, f.Data(), 250)
}

func TestRegisterAndCoil(t *testing.T) {
	var f modbus.Frame
	require.NoError(t, f.Decode(withCRC(t, "11 03 06 022B 0000 0064"), modbus.Reply))
	assert.Equal(t, []uint16{555, 0, 100}, []uint16{f.Register(0), f.Register(1), f.Register(2)})

	require.NoError(t, f.Decode(withCRC(t, "11 01 03 CD6B05"), modbus.Reply))
	var bits []bool
	for i := range 10 {
		bits = append(bits, f.Coil(i))
	}
	// 0xCD is 1100 1101: coils 20 to 27 read 1,0,1,1,0,0,1,1; 0x6B starts 1,1.
	assert.Equal(t, []bool{true, false, true, true, false, false, true, true, true, true}, bits)
}

func TestReplyLen(t *testing.T) {
	tests := []struct {
		function modbus.FunctionCode
		quantity uint16
		want     int
	}{
		{modbus.ReadCoils, 19, 8},
		{modbus.ReadDiscreteInputs, 2000, 255},
		{modbus.ReadHoldingRegisters, 125, 255},
		{modbus.ReadInputRegisters, 1, 7},
		{modbus.WriteSingleCoil, 0, 8},
		{modbus.WriteMultipleRegisters, 2, 8},
		{0x2B, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.function.String(), func(t *testing.T) {
			f := modbus.Frame{Unit: 1, Function: tt.function, Direction: modbus.Request, Quantity: tt.quantity}
			assert.Equal(t, tt.want, f.ReplyLen())
		})
	}
	assert.Equal(t, 0, (&modbus.Frame{Function: modbus.ReadCoils, Direction: modbus.Reply}).ReplyLen())
}

func TestDecodeAllocs(t *testing.T) {
	b := withCRC(t, "01 03 0C 41F00000 42200000 42480000")
	var f modbus.Frame
	allocs := testing.AllocsPerRun(100, func() {
		if err := f.Decode(b, modbus.Unknown); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

func TestNames(t *testing.T) {
	assert.Equal(t, "read holding registers", modbus.ReadHoldingRegisters.String())
	assert.Equal(t, "function 0x2B", modbus.FunctionCode(0x2B).String())
	assert.Equal(t, "0x0B gateway target device failed to respond",
		modbus.GatewayTargetDeviceFailedToRespond.String())
	assert.Equal(t, "0x07 undefined", modbus.ExceptionCode(7).String())
	assert.Equal(t, "reply", modbus.Reply.String())
	assert.Equal(t, "direction 9", modbus.Direction(9).String())
}
