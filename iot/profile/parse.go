package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/shuxiang/shuxiang/iot/modbus"
)

// file mirrors the profile file. Every scalar is read as its text, so that
// the conversion names the field path, the value as written and the fix,
// and so that decimals such as 0.1 never pass through a float.
type file struct {
	Model        string      `yaml:"model"`
	Vendor       string      `yaml:"vendor"`
	Description  string      `yaml:"description"`
	Order        string      `yaml:"order"`
	MaxRegisters string      `yaml:"max_registers"`
	MaxBits      string      `yaml:"max_bits"`
	Fields       []fileField `yaml:"fields"`
}

type fileField struct {
	Name        string   `yaml:"name"`
	Function    string   `yaml:"function"`
	Address     string   `yaml:"address"`
	Type        string   `yaml:"type"`
	Length      string   `yaml:"length"`
	Bit         string   `yaml:"bit"`
	Order       string   `yaml:"order"`
	Scale       string   `yaml:"scale"`
	Offset      string   `yaml:"offset"`
	Decimals    string   `yaml:"decimals"`
	Unit        string   `yaml:"unit"`
	NoReading   []string `yaml:"no_reading"`
	Deadband    string   `yaml:"deadband"`
	MaxSilence  string   `yaml:"max_silence"`
	Access      string   `yaml:"access"`
	Counter     string   `yaml:"counter"`
	Description string   `yaml:"description"`
}

// maxFileSize is the maximum size in bytes of a profile file that Parse reads.
const maxFileSize = 1 << 20

// Parse reads one profile from YAML (JSON, being YAML, reads too) and
// validates it. Unknown keys are rejected. The error of an invalid profile
// joins one [*FieldError] per problem. A valid profile still needs
// [Profile.Compile] before it decodes.
//
// The file holds one YAML document; a second one is rejected.
//
// The keys are model, vendor, description, order (the default byte order
// of the fields), max_registers, max_bits and fields. Each field has name,
// function (1 to 4, or coil, discrete, holding, input), address (decimal or
// 0x hex), type, length, bit, order, scale, offset, decimals, unit,
// no_reading (a list), deadband, max_silence (a Go duration such as 15m),
// access, counter (true or false) and description. FORMAT.md beside this package's source describes
// each of them.
func Parse(r io.Reader) (*Profile, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("profile: read: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, errors.New("profile: file larger than 1 MiB; split it into one profile per device model")
	}
	var doc file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("profile: empty file; a profile needs model, vendor and fields")
		}
		return nil, fmt.Errorf("profile: invalid YAML (check the key names and indentation): %w", err)
	}
	if err := checkOneDocument(dec); err != nil {
		return nil, err
	}
	c := converter{}
	p := c.profile(&doc)
	if len(c.errs) > 0 {
		return nil, c.err()
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkOneDocument returns an error when dec holds a YAML document after the
// first, because Parse would otherwise ignore it without a word. Empty
// documents, as a trailing "---" leaves, are allowed.
func checkOneDocument(dec *yaml.Decoder) error {
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return fmt.Errorf("profile: invalid YAML after the first document: %w", err)
		case isEmptyDocument(&next):
			continue
		}
		return fmt.Errorf("profile: second YAML document at line %d: a file holds one "+
			"profile, so move each further profile to a file of its own", next.Line)
	}
}

// isEmptyDocument reports whether n is a document with no content at all.
func isEmptyDocument(n *yaml.Node) bool {
	if n.Kind != yaml.DocumentNode || len(n.Content) != 1 {
		return false
	}
	c := n.Content[0]
	return c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == ""
}

// converter turns the file's text into typed settings, collecting errors.
type converter struct{ validator }

func (c *converter) profile(doc *file) *Profile {
	p := &Profile{Model: doc.Model, Vendor: doc.Vendor, Description: doc.Description}
	p.MaxRegisters = c.int("max_registers", "", doc.MaxRegisters, 0, modbus.MaxReadRegisters)
	p.MaxBits = c.int("max_bits", "", doc.MaxBits, 0, modbus.MaxReadBits)
	order := c.order("order", "", doc.Order, modbus.ABCD)
	p.Fields = make([]Field, len(doc.Fields))
	for i := range doc.Fields {
		c.field("fields["+strconv.Itoa(i)+"]", &doc.Fields[i], order, &p.Fields[i])
	}
	return p
}

func (c *converter) field(path string, in *fileField, order modbus.ByteOrder, f *Field) {
	name := in.Name
	*f = Field{Name: name, Unit: in.Unit, Description: in.Description}

	f.Function = c.function(path+".function", name, in.Function)
	f.Address = uint16(c.int(path+".address", name, in.Address, 0, 65535))
	if t, err := ParseDataType(in.Type); err != nil {
		c.fail(path+".type", name, in.Type,
			"want bit, int16, uint16, int32, uint32, int64, uint64, float32, float64 or string")
	} else {
		f.Type = t
	}
	f.Length = c.int(path+".length", name, in.Length, 0, 2*modbus.MaxReadRegisters)
	f.Bit = c.int(path+".bit", name, in.Bit, 0, 15)
	f.Order = c.order(path+".order", name, in.Order, order)

	parseErrs := len(c.errs)
	f.Scale = c.decimal(path+".scale", name, in.Scale)
	if in.Scale != "" && len(c.errs) == parseErrs && f.Scale.IsZero() {
		c.fail(path+".scale", name, in.Scale, "scale 0 would erase every reading; remove it for scale 1")
	}
	f.Offset = c.decimal(path+".offset", name, in.Offset)
	f.Decimals = c.int(path+".decimals", name, in.Decimals, 0, maxPlaces)
	f.Deadband = c.decimal(path+".deadband", name, in.Deadband)

	if in.MaxSilence != "" {
		d, err := time.ParseDuration(in.MaxSilence)
		if err != nil {
			c.fail(path+".max_silence", name, in.MaxSilence, "want a duration such as 30s, 15m or 1h")
		}
		f.MaxSilence = d
	}
	if a, err := ParseAccess(in.Access); err != nil {
		c.fail(path+".access", name, in.Access, "want read, write or readwrite")
	} else {
		f.Access = a
	}
	if in.Counter != "" {
		b, err := strconv.ParseBool(strings.TrimSpace(in.Counter))
		if err != nil {
			c.fail(path+".counter", name, in.Counter, "want true or false")
		}
		f.Counter = b
	}
	for j, s := range in.NoReading {
		f.NoReading = append(f.NoReading, c.sentinel(path+".no_reading["+strconv.Itoa(j)+"]", name, s, f.Type))
	}
}

// int parses a decimal or 0x-hex integer from lo to hi. The empty string is 0.
func (c *converter) int(path, name, s string, lo, hi int) int {
	if s == "" {
		return 0
	}
	v, err := strconv.ParseInt(strings.TrimSpace(s), 0, 64)
	if err != nil || v < int64(lo) || v > int64(hi) {
		c.fail(path, name, s, "want an integer from %d to %d", lo, hi)
		return 0
	}
	return int(v)
}

func (c *converter) function(path, name, s string) modbus.FunctionCode {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "coil", "coils":
		return modbus.ReadCoils
	case "2", "discrete", "discrete_input", "discrete_inputs", "input_status":
		return modbus.ReadDiscreteInputs
	case "3", "holding", "holding_register", "holding_registers":
		return modbus.ReadHoldingRegisters
	case "4", "input", "input_register", "input_registers":
		return modbus.ReadInputRegisters
	}
	c.fail(path, name, s, "want 1 (coils), 2 (discrete inputs), 3 (holding registers) or 4 (input registers)")
	return 0
}

func (c *converter) order(path, name, s string, def modbus.ByteOrder) modbus.ByteOrder {
	if s == "" {
		return def
	}
	o, err := modbus.ParseByteOrder(s)
	if err != nil {
		c.fail(path, name, s, "want ABCD, CDAB, BADC or DCBA, or an 8-byte form such as GHEFCDAB")
		return def
	}
	return o
}

func (c *converter) decimal(path, name, s string) Decimal {
	if s == "" {
		return Decimal{}
	}
	d, err := ParseDecimal(s)
	if err != nil {
		c.fail(path, name, s, "%v", err)
	}
	return d
}

// sentinel parses a raw "no reading" value: an unsigned decimal or 0x-hex
// number, or a negative number that is stored as its two's complement in
// the width of t.
func (c *converter) sentinel(path, name, s string, t DataType) uint64 {
	text := strings.TrimSpace(s)
	if strings.HasPrefix(text, "-") {
		v, err := strconv.ParseInt(text, 0, 64)
		width := t.bitsWide()
		if err != nil || !t.signed() || width < 64 && v < -(1<<(width-1)) {
			c.fail(path, name, s, "a negative sentinel needs a signed type (int16, int32, int64) and must fit it")
			return 0
		}
		return uint64(v) & widthMask(t)
	}
	v, err := strconv.ParseUint(text, 0, 64)
	if err != nil {
		c.fail(path, name, s, "want the raw register value, such as 0x7FFF, 65535 or -1")
	}
	return v
}
