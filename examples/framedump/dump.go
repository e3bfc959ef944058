package main

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// record is one output line.
type record struct {
	Line     int    `json:"line"`
	Protocol string `json:"protocol"`
	Frame    string `json:"frame"`
	Decoded  any    `json:"decoded,omitempty"`
	Rejected bool   `json:"rejected,omitempty"`
	Error    string `json:"error,omitempty"`
	Field    string `json:"field,omitempty"`
}

// decoder decodes one frame into the value printed as "decoded".
type decoder func(b []byte) (any, error)

var decoders = map[string]decoder{
	"dlt645": decodeDLT645,
	"cjt188": decodeCJT188,
	"szy206": decodeSZY206(szy206.Options{}),
	"slt427": decodeSZY206(szy206.Options{Variant: szy206.SLT427()}),
	"sl651":  decodeSL651,
	"modbus": decodeModbus,
	// A bare register payload is never detected, only named with -protocol.
	"modbus-registers": decodeRegisters,
}

func protocolNames() []string {
	names := make([]string, 0, len(decoders))
	for name := range decoders {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// dump decodes the hex text of one frame with protocol, or with the
// protocols its bytes look like when protocol is "auto".
func dump(line int, text, protocol string) record {
	text = strings.Join(strings.Fields(text), "")
	rec := record{Line: line, Protocol: protocol, Frame: strings.ToUpper(text)}
	b, err := hex.DecodeString(text)
	if err != nil {
		rec.Rejected, rec.Error = true, "invalid hex: "+err.Error()
		if protocol == "auto" {
			rec.Protocol = "unknown"
		}
		return rec
	}
	candidates := []string{protocol}
	if protocol == "auto" {
		candidates = detect(b)
	}
	if len(candidates) == 0 {
		rec.Protocol, rec.Rejected = "unknown", true
		rec.Error = "no supported protocol has frames that start like this one"
		return rec
	}
	var first error
	for _, name := range candidates {
		decoded, err := decoders[name](b)
		if err == nil {
			rec.Protocol, rec.Decoded = name, decoded
			return rec
		}
		if first == nil {
			rec.Protocol, first = name, err
		}
	}
	rec.Rejected, rec.Error, rec.Field = true, first.Error(), fieldOf(first)
	return rec
}

// fieldOf returns the field a decoding error names, if it names one.
func fieldOf(err error) string {
	var dl *dlt645.FieldError
	var cj *cjt188.FieldError
	var sz *szy206.FieldError
	var sl *sl651.FieldError
	var mb *modbus.FrameError
	switch {
	case errors.As(err, &dl):
		return dl.Field
	case errors.As(err, &cj):
		return cj.Field
	case errors.As(err, &sz):
		return sz.Field
	case errors.As(err, &sl):
		return sl.Field
	case errors.As(err, &mb):
		return mb.Field
	}
	return ""
}

// detect returns the protocols whose frame layout b fits, best first: those
// whose length field matches the frame's length, then those whose start
// bytes alone match. Modbus RTU, which has no start byte, comes after the
// others: with a valid CRC and a layout that fits, or, when no other
// protocol matches, with a plausible unit address and function code.
func detect(b []byte) []string {
	names := detectByStart(b)
	switch fit := modbusFit(b); {
	case fit == 2, fit == 1 && len(names) == 0:
		names = append(names, "modbus")
	}
	return names
}

// detectByStart returns the protocols with a start byte that b fits.
func detectByStart(b []byte) []string {
	p := b
	for len(p) > 0 && p[0] == 0xFE {
		p = p[1:]
	}
	switch {
	case len(p) >= 2 && p[0] == 0x7E && p[1] == 0x7E:
		return []string{"sl651"}
	case len(p) >= 2 && p[0] == 0x01 && isHexDigit(p[1]):
		return []string{"sl651"} // the ASCII form: SOH, then hex characters
	case len(p) == 0 || p[0] != 0x68:
		return nil
	}
	var exact, loose []string
	add := func(fits, starts bool, names ...string) {
		switch {
		case fits:
			exact = append(exact, names...)
		case starts:
			loose = append(loose, names...)
		}
	}
	szy := len(p) >= 3 && p[2] == 0x68
	add(szy && len(p) == int(p[1])+5, szy, "szy206", "slt427")
	dlt := len(p) >= 10 && p[7] == 0x68
	add(dlt && len(p) == 12+int(p[9]), dlt, "dlt645")
	cjt := len(p) >= 11 && cjt188.MeterType(p[1]).Family() != ""
	add(cjt && len(p) == 13+int(p[10]), cjt, "cjt188")
	return append(exact, loose...)
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'F'
}
