package profile

import (
	"fmt"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// WriteRequest sets req to the request that writes v to field i of the
// device at unit: FC 5 for a coil, FC 6 for a one-register field and FC 16
// for a wider one. The field's Access must allow writing. Strings are not
// written this way: encode them with [Program.EncodeString] and send FC 16.
// req.AppendBinary then gives the RTU frame. A device that accepts only
// FC 16 needs the registers from [Program.Encode] in its own FC 16 frame.
func (p *Program) WriteRequest(req *modbus.Frame, unit uint8, i int, v Value) error {
	f, err := p.fieldAt(i)
	if err != nil {
		return err
	}
	if !f.Access.Writable() {
		return fmt.Errorf("profile: field %s is %s-only; set access: readwrite in the profile to write it", f.Name, f.Access)
	}
	if f.Type == String {
		return fmt.Errorf("profile: field %s is a string; encode it with EncodeString and send FC 16", f.Name)
	}
	var buf [4]uint16
	regs, err := p.Encode(buf[:0], i, v)
	if err != nil {
		return err
	}
	*req = modbus.Frame{Unit: unit, Direction: modbus.Request, Address: f.Address}
	switch {
	case f.Function == modbus.ReadCoils:
		req.Function, req.Value = modbus.WriteSingleCoil, regs[0]
	case len(regs) == 1:
		req.Function, req.Value = modbus.WriteSingleRegister, regs[0]
	default:
		req.Function = modbus.WriteMultipleRegisters
		if err := req.SetRegisters(regs); err != nil {
			return err
		}
	}
	return nil
}
