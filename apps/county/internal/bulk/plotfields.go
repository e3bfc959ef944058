package bulk

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
)

// PlotField is a plot field that a feature attribute can fill.
type PlotField struct {
	// Key names the field in -map and is the attribute name that ExportPlots
	// writes.
	Key string
	// Defaults are the attribute names read when -map does not name one, the
	// first present in the file winning, compared without case.
	Defaults []string
	// Help describes the attribute's content.
	Help string
}

// PlotFields lists the plot fields an import can map, in export order. The
// defaults include the field names of NY/T 2539-2016 for the plot code
// (DKBM), name (DKMC), category (DKLB) and land use (TDLYLX).
func PlotFields() []PlotField {
	return []PlotField{
		{"code", []string{"code", "dkbm"}, "19-digit plot code: issuer code (14 digits) and sequence (5)"},
		{"name", []string{"name", "dkmc"}, "local field name"},
		{"village", []string{"village"}, "12-digit village code; empty means the village of the plot code"},
		{"class", []string{"class"}, "state_owned, collective or contracted"},
		{"category", []string{"category", "dklb"}, "contracted_plot, private_plot, reserve_land, reclaimed_land, other_collective, or the NY/T 2539 code 10, 21, 22, 23 or 99"},
		{"use", []string{"use", "tdlylx"}, "GB/T 21010-2017 land-use code such as 0101"},
		{"area_mu", []string{"area_mu"}, "declared area in mu"},
		{"high_std", []string{"high_std"}, "whether the plot lies in high-standard farmland: true or false"},
		{"salinity", []string{"salinity"}, "soil salinisation grade"},
		{"irrigation", []string{"irrigation"}, "usual irrigation method"},
		{"contractor", nil, "18-digit code of the contractor whose family contract gets the plot; no default"},
	}
}

// attributeMap is the attribute of each mapped plot field, keyed by
// PlotField.Key; a field the file does not fill is absent.
type attributeMap map[string]string

// resolveMap chooses the attribute of each plot field: the one that explicit
// names (an empty name turns a default off) or else the first default the
// file has. It fails on an unknown field key and on an explicit attribute that
// no feature of the file has.
func resolveMap(features []landio.Feature, explicit map[string]string) (attributeMap, error) {
	present := map[string]string{} // lower-case name to the name as written
	for _, f := range features {
		for name := range f.Properties {
			if _, ok := present[strings.ToLower(name)]; !ok {
				present[strings.ToLower(name)] = name
			}
		}
	}
	fields := PlotFields()
	for key := range explicit {
		if !slices.ContainsFunc(fields, func(f PlotField) bool { return f.Key == key }) {
			return nil, fmt.Errorf("-map: plot field %q is unknown; the fields are %s", key, plotFieldKeys())
		}
	}
	m := attributeMap{}
	for _, f := range fields {
		if attr, ok := explicit[f.Key]; ok {
			if attr == "" {
				continue
			}
			name, ok := present[strings.ToLower(attr)]
			if !ok {
				return nil, fmt.Errorf("-map %s=%s: the file has no attribute %q; its attributes are %s",
					f.Key, attr, attr, attributeList(present))
			}
			m[f.Key] = name
			continue
		}
		for _, d := range f.Defaults {
			if name, ok := present[d]; ok {
				m[f.Key] = name
				break
			}
		}
	}
	return m, nil
}

func plotFieldKeys() string {
	var keys []string
	for _, f := range PlotFields() {
		keys = append(keys, f.Key)
	}
	return strings.Join(keys, ", ")
}

func attributeList(present map[string]string) string {
	if len(present) == 0 {
		return "none"
	}
	names := make([]string, 0, len(present))
	for _, n := range present {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// attributeText returns an attribute value as text: strings trimmed, whole
// numbers without a decimal point, and nil as "".
func attributeText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(time.DateOnly)
	}
	return fmt.Sprint(v)
}

// fieldError is a fault in one mapped attribute of a feature.
func fieldError(m attributeMap, key, value, reason, format string, args ...any) *rowError {
	return &rowError{column: m[key], value: value, reason: reason, message: fmt.Sprintf(format, args...)}
}

// text returns the text of the attribute mapped to key, "" when unmapped.
func (m attributeMap) text(f *landio.Feature, key string) string {
	attr, ok := m[key]
	if !ok {
		return ""
	}
	return attributeText(f.Properties[attr])
}

// plotCode returns the feature's plot code, "" when it has none. A code that
// a file stored as a floating-point number above 2^53 has lost digits and is
// rejected.
func (m attributeMap) plotCode(f *landio.Feature) (land.PlotCode, error) {
	attr, ok := m["code"]
	if !ok {
		return "", nil
	}
	v := f.Properties[attr]
	if x, isFloat := v.(float64); isFloat && math.Abs(x) >= 1<<53 {
		return "", fieldError(m, "code", attributeText(v), "invalid_code",
			"the code is stored as a floating-point number and has lost digits; store %s as text", attr)
	}
	text := attributeText(v)
	if text == "" {
		return "", nil
	}
	code, err := land.ParsePlotCode(text)
	if err != nil {
		return "", fieldError(m, "code", text, "invalid_code", "%v", err)
	}
	return code, nil
}

// setAttributes sets the mapped fields of p from f. A field whose attribute is
// empty in f is cleared, except village, which then follows the plot code.
func (m attributeMap) setAttributes(p *land.Plot, f *landio.Feature) error {
	type setter struct {
		key string
		set func(v string) error
	}
	setters := []setter{
		{"name", func(v string) error {
			if len(v) > 200 {
				return fmt.Errorf("the name is %d bytes long, want at most 200", len(v))
			}
			// PostgreSQL cannot store U+0000 in text.
			if i := strings.IndexByte(v, 0); i >= 0 {
				return fmt.Errorf("the name has the character U+0000 at byte %d; remove it", i)
			}
			p.Name = v
			return nil
		}},
		{"village", func(v string) (err error) {
			p.Village = ""
			if v == "" {
				return nil
			}
			if p.Village, err = land.ParseDivisionCode(v); err != nil {
				return err
			}
			if p.Village.Level() != land.DivisionVillage {
				return fmt.Errorf("division %s is a %v, want a 12-digit village code", p.Village, p.Village.Level())
			}
			return nil
		}},
		{"class", func(v string) (err error) {
			p.Class = land.ClassUnknown
			if v != "" {
				p.Class, err = land.ParseClass(v)
			}
			return err
		}},
		{"category", func(v string) (err error) {
			p.Category = land.CategoryUnknown
			if v != "" {
				p.Category, err = land.ParseCategory(v)
			}
			return err
		}},
		{"use", func(v string) (err error) {
			p.Use = ""
			if v != "" {
				p.Use, err = land.ParseUse(v)
			}
			return err
		}},
		{"area_mu", func(v string) (err error) {
			p.DeclaredArea = decimal.Decimal{}
			if v == "" {
				return nil
			}
			d, err := parseQuantity(v)
			if err != nil {
				return fmt.Errorf("%q is not a decimal number of mu; write digits with a point, such as 2.35", v)
			}
			if d.IsNegative() {
				return fmt.Errorf("%s mu is negative, want 0 or more", v)
			}
			p.DeclaredArea = d
			return nil
		}},
		{"high_std", func(v string) (err error) {
			p.HighStandardFarmland, err = parseYesNo(v)
			return err
		}},
		{"salinity", func(v string) (err error) {
			p.Salinity = 0
			if v != "" {
				p.Salinity, err = land.ParseSalinityGrade(v)
			}
			return err
		}},
		{"irrigation", func(v string) (err error) {
			p.Irrigation = 0
			if v != "" {
				p.Irrigation, err = land.ParseIrrigationMethod(v)
			}
			return err
		}},
	}
	for _, s := range setters {
		if _, ok := m[s.key]; !ok {
			continue
		}
		v := m.text(f, s.key)
		if err := s.set(v); err != nil {
			return fieldError(m, s.key, v, "invalid_"+s.key, "%v", err)
		}
	}
	return nil
}

// parseYesNo reads a boolean as registers write it; empty is false.
func parseYesNo(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "", "false", "f", "n", "no", "0", "否":
		return false, nil
	case "true", "t", "y", "yes", "1", "是":
		return true, nil
	}
	return false, fmt.Errorf("%q is not a yes or no, want true or false", v)
}

// plotProperties returns the attributes ExportPlots writes for p, keyed by
// PlotField.Key, in the forms setAttributes reads.
func plotProperties(p *land.Plot) map[string]any {
	props := map[string]any{"code": string(p.Code), "name": p.Name, "village": string(p.Village),
		"class": "", "category": "", "use": string(p.Use), "area_mu": "", "high_std": p.HighStandardFarmland,
		"salinity": "", "irrigation": ""}
	if p.Class != 0 {
		props["class"] = p.Class.String()
	}
	if p.Category != 0 {
		props["category"] = p.Category.String()
	}
	if !p.DeclaredArea.IsZero() {
		props["area_mu"] = sqlstore.DecimalText(p.DeclaredArea)
	}
	if p.Salinity != 0 {
		props["salinity"] = p.Salinity.String()
	}
	if p.Irrigation != 0 {
		props["irrigation"] = p.Irrigation.String()
	}
	return props
}
