package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// number is a fixed-point value printed as a JSON number from its decimal
// digits, so no floating point is involved.
type number struct {
	Value json.Number `json:"value"`
	Unit  string      `json:"unit,omitempty"`
}

type dltFrame struct {
	Direction   string   `json:"direction"`
	Control     string   `json:"control"`
	Function    string   `json:"function"`
	Abnormal    bool     `json:"abnormal,omitempty"`
	FollowUp    bool     `json:"follow_up,omitempty"`
	Address     string   `json:"address"`
	DI          string   `json:"di,omitempty"`
	Name        string   `json:"name,omitempty"`
	Seq         *uint8   `json:"seq,omitempty"`
	Values      []number `json:"values,omitempty"`
	Date        string   `json:"date,omitempty"`    // YYYY-MM-DD
	Weekday     *uint8   `json:"weekday,omitempty"` // 0 is Sunday
	Time        string   `json:"time,omitempty"`    // hh:mm:ss, after the date for a date and time
	ItemAddress string   `json:"item_address,omitempty"`
	Text        string   `json:"text,omitempty"`
	Raw         string   `json:"raw,omitempty"`
	ErrorStatus string   `json:"error_status,omitempty"`
}

func decodeDLT645(b []byte) (any, error) {
	var m dlt645.Message
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	c := m.Control
	out := dltFrame{Direction: direction(c.Reply()), Control: c.String(),
		Function: c.Function().String(), Abnormal: c.Reply() && c.Abnormal(),
		FollowUp: c.FollowUp(), Address: m.Address.String()}
	if out.Abnormal {
		out.ErrorStatus = m.Status.String()
		return out, nil
	}
	if m.DI != 0 || c.Function() == dlt645.FuncRead || c.Function() == dlt645.FuncReadFollowUp {
		out.DI, out.Name = m.DI.String(), m.DI.Name()
	}
	if c.Function() == dlt645.FuncReadFollowUp {
		out.Seq = &m.Seq
	}
	it := &m.Item
	switch it.Kind {
	case dlt645.KindNumber:
		for _, v := range it.Values() {
			out.Values = append(out.Values, number{json.Number(v.AppendDecimal(nil)), v.Unit.String()})
		}
	case dlt645.KindDate:
		c := it.Clock
		out.Date = fmt.Sprintf("%04d-%02d-%02d", c.Year, c.Month, c.Day)
		out.Weekday = &c.Weekday
	case dlt645.KindTime:
		c := it.Clock
		out.Time = fmt.Sprintf("%02d:%02d:%02d", c.Hour, c.Minute, c.Second)
	case dlt645.KindDateTime:
		out.Time = it.Clock.String()
	case dlt645.KindAddress:
		out.ItemAddress = it.Address.String()
	case dlt645.KindText:
		out.Text = strings.TrimRight(string(it.Text()), "\x00 ")
	case dlt645.KindRaw:
		out.Raw = strings.ToUpper(hex.EncodeToString(it.Text()))
	}
	return out, nil
}

func direction(reply bool) string {
	if reply {
		return "reply"
	}
	return "request"
}

type cjtFrame struct {
	Direction  string  `json:"direction"`
	MeterType  string  `json:"meter_type"`
	TypeCode   string  `json:"type_code"`
	Address    string  `json:"address"`
	Control    string  `json:"control"`
	Function   string  `json:"function"`
	Abnormal   bool    `json:"abnormal,omitempty"`
	DI         string  `json:"di,omitempty"`
	Name       string  `json:"name,omitempty"`
	Swapped    bool    `json:"di_low_byte_first,omitempty"`
	Seq        uint8   `json:"seq"`
	Reading    any     `json:"reading,omitempty"`
	Status     *status `json:"status,omitempty"`
	Valve      string  `json:"valve_command,omitempty"`
	Time       string  `json:"time,omitempty"`
	NewAddress string  `json:"new_address,omitempty"`
	Rest       string  `json:"rest,omitempty"`
}

// Quantities the meter sent as absent (all 0xFF) print as null.
type waterReading struct {
	Flow           *number `json:"flow"`
	SettlementFlow *number `json:"settlement_flow"`
	Time           *string `json:"time"`
}

type heatReading struct {
	Flow           *number `json:"flow"`
	SettlementHeat *number `json:"settlement_heat"`
	Heat           *number `json:"heat"`
	Power          *number `json:"power"`
	FlowRate       *number `json:"flow_rate"`
	SupplyTemp     *number `json:"supply_temperature"`
	ReturnTemp     *number `json:"return_temperature"`
	WorkingTime    *number `json:"working_time"`
	Time           *string `json:"time"`
}

type historyReading struct {
	Flow *number `json:"flow"`
}

type status struct {
	Word       string `json:"word"`
	Valve      string `json:"valve"`
	BatteryLow bool   `json:"battery_low"`
	Vendor     string `json:"vendor_bits,omitempty"`
}

func decodeCJT188(b []byte) (any, error) {
	var m cjt188.Message
	if err := m.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	c := m.Control
	out := cjtFrame{Direction: direction(c.Reply()), MeterType: m.Type.String(),
		TypeCode: fmt.Sprintf("0x%02X", byte(m.Type)), Address: m.Address.String(),
		Control: c.String(), Function: c.Function().String(), Abnormal: c.Reply() && c.Abnormal(),
		Swapped: m.Swapped, Seq: m.Seq}

	if !out.Abnormal {
		out.DI, out.Name = m.DI.String(), m.DI.Name()
	}
	if m.HasStatus {
		out.Status = &status{Word: m.Status.String(), Valve: m.Status.Valve().String(),
			BatteryLow: m.Status.BatteryLow()}
		if v := m.Status.Vendor(); v != 0 {
			out.Status.Vendor = v.String()
		}
	}

	if c.Reply() && !out.Abnormal && c.Function() == cjt188.FuncRead {
		out.Reading = readingOf(&m)
	}
	if !c.Reply() && m.DI == cjt188.DIValve {
		out.Valve = m.Valve.String()
	}
	if !c.Reply() && m.DI == cjt188.DIWriteTime {
		out.Time = m.Time.String()
	}
	if !c.Reply() && c.Function() == cjt188.FuncWriteAddress {
		out.NewAddress = m.NewAddress.String()
	}
	if len(m.Rest()) > 0 {
		out.Rest = strings.ToUpper(hex.EncodeToString(m.Rest()))
	}
	return out, nil
}

// readingOf returns the quantities of a metering-data or history reply, or
// nil for other replies to a read.
func readingOf(m *cjt188.Message) any {
	r := &m.Reading
	var t *string
	if !r.TimeAbsent {
		text := r.Time.String()
		t = &text
	}
	switch {
	case m.DI == cjt188.DIReading && m.Type.IsHeat():
		return heatReading{Flow: quantity(r.Flow), SettlementHeat: quantity(r.SettlementHeat),
			Heat: quantity(r.Heat), Power: quantity(r.Power), FlowRate: quantity(r.FlowRate),
			SupplyTemp: quantity(r.SupplyTemp), ReturnTemp: quantity(r.ReturnTemp),
			WorkingTime: quantity(r.WorkingTime), Time: t}
	case m.DI == cjt188.DIReading:
		return waterReading{Flow: quantity(r.Flow), SettlementFlow: quantity(r.SettlementFlow), Time: t}
	case m.DI >= cjt188.History(1) && m.DI <= cjt188.History(12):
		return historyReading{Flow: quantity(r.Flow)}
	}
	return nil
}

// quantity returns v as a number, or nil when the meter sent it absent.
func quantity(v cjt188.Value) *number {
	if v.Absent {
		return nil
	}
	return &number{json.Number(v.AppendDecimal(nil)), v.Unit.String()}
}

func decodeSZY206(opts szy206.Options) decoder {
	d := szy206.NewDecoder(opts)
	return func(b []byte) (any, error) {
		var m szy206.Message
		if err := d.Decode(b, &m); err != nil {
			return nil, err
		}
		return &m, nil
	}
}

func decodeSL651(b []byte) (any, error) {
	return sl651.Decode(b)
}
