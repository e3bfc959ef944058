package land

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"
)

// Plot is one parcel of land (地块) with its code, boundary and attributes.
//
// A Plot is a plain value: copy it with [Plot.Clone] before changing a shared one, because
// Geometry is a pointer.
type Plot struct {
	// Code is the 19-digit plot code: the issuer's 14 digits and a 5-digit sequence.
	Code PlotCode
	// Name is the local field name (地块名称); it may be empty.
	Name string
	// Village is the 12-digit division code of the village the plot lies in. It is kept
	// apart from Code because codes stay fixed when villages are merged or renamed.
	Village DivisionCode
	// Geometry is the boundary, a *geom.Polygon or *geom.MultiPolygon with XY layout in
	// lon, lat degrees on CGCS2000 (EPSG:4490). Nil means the plot has not been surveyed.
	Geometry geom.T
	// Class is state-owned, collective or contracted land.
	Class Class
	// Category is the NY/T 2539-2016 plot category (承包地块, 自留地, ...).
	Category Category
	// Use is the GB/T 21010-2017 land-use class; empty means not recorded.
	Use Use
	// DeclaredArea is the area in mu written in the register or certificate.
	DeclaredArea decimal.Decimal
	// HighStandardFarmland reports whether the plot lies in built high-standard farmland
	// (高标准农田).
	HighStandardFarmland bool
	// Salinity is the soil salinisation grade; zero means not surveyed.
	Salinity SalinityGrade
	// Irrigation is the usual irrigation method; zero means not recorded.
	Irrigation IrrigationMethod
	// Version counts the writes a [Store] has accepted for the plot: 0 before the first,
	// 1 after it. Updates must carry the version they read.
	Version int64
	// UpdatedAt is when a [Store] last wrote the plot, set by the store.
	UpdatedAt time.Time
}

// Validate reports the first invalid field of p. The code must be valid and the village, when
// set, a valid division code. The geometry must be nil or an XY polygon or multipolygon.
// Each enum must be zero or a known value, and the declared area must not be negative.
func (p *Plot) Validate() error {
	if err := p.Code.Validate(); err != nil {
		return fmt.Errorf("land: plot %q: %w", p.Code, err)
	}
	if p.Village != "" {
		if err := p.Village.Validate(); err != nil {
			return fmt.Errorf("land: plot %s: village: %w", p.Code, err)
		}
	}
	if err := validatePlotGeometry(p.Geometry); err != nil {
		return fmt.Errorf("land: plot %s: %w", p.Code, err)
	}
	if err := p.validateAttributes(); err != nil {
		return fmt.Errorf("land: plot %s: %w", p.Code, err)
	}
	return nil
}

func (p *Plot) validateAttributes() error {
	checks := []struct {
		unset bool
		check func() error
	}{
		{p.Class == 0, p.Class.Validate},
		{p.Category == 0, p.Category.Validate},
		{p.Use == "", p.Use.Validate},
		{p.Salinity == 0, p.Salinity.Validate},
		{p.Irrigation == 0, p.Irrigation.Validate},
	}
	for _, c := range checks {
		if c.unset {
			continue
		}
		if err := c.check(); err != nil {
			return err
		}
	}
	if p.DeclaredArea.IsNegative() {
		return fmt.Errorf("declared area %s mu is negative", p.DeclaredArea)
	}
	return nil
}

// errGeometryType is wrapped by validatePlotGeometry for a geometry of the wrong type.
var errGeometryType = errors.New("geometry must be a Polygon or MultiPolygon")

func validatePlotGeometry(g geom.T) error {
	switch g := g.(type) {
	case nil:
		return nil
	case *geom.Polygon:
		if g == nil {
			return nil
		}
	case *geom.MultiPolygon:
		if g == nil {
			return nil
		}
	default:
		return fmt.Errorf("%w, got %T", errGeometryType, g)
	}
	if g.Layout() != geom.XY {
		return fmt.Errorf("geometry layout must be XY (lon, lat), got %v", g.Layout())
	}
	flat := g.FlatCoords()
	for i := 0; i+1 < len(flat); i += 2 {
		lon, lat := flat[i], flat[i+1]
		if !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) {
			return fmt.Errorf("invalid coordinate (%v, %v) at point %d, want longitude -180 to 180 and latitude -90 to 90 in degrees", lon, lat, i/2)
		}
	}
	return nil
}

// Clone returns a deep copy of p, including its geometry.
func (p *Plot) Clone() *Plot {
	c := *p
	c.Geometry = cloneGeometry(p.Geometry)
	return &c
}

// cloneGeometry deep-copies the plot geometry types and returns other values unchanged.
func cloneGeometry(g geom.T) geom.T {
	switch g := g.(type) {
	case *geom.Polygon:
		if g == nil {
			return nil
		}
		return g.Clone()
	case *geom.MultiPolygon:
		if g == nil {
			return nil
		}
		return g.Clone()
	default:
		return g
	}
}

// Class is the legal class of a plot's land: state-owned, village-collective, or collective
// land contracted to a household. The zero Class is unknown.
type Class uint8

// Land classes.
const (
	ClassUnknown    Class = iota
	ClassStateOwned       // 国有土地
	ClassCollective       // 集体土地 not contracted out
	ClassContracted       // 承包地, collective land contracted to a contractor
)

var classNames = []string{"unknown", "state_owned", "collective", "contracted"}

// ParseClass returns the Class named s ("state_owned", "collective", "contracted").
func ParseClass(s string) (Class, error) { return parseEnum[Class]("land class", classNames, s) }

// String returns the class name used by [ParseClass].
func (c Class) String() string { return enumName("Class", classNames, c) }

// Validate reports an error unless c is a known, non-zero class.
func (c Class) Validate() error { return validateEnum("land class", classNames, c) }

// MarshalText encodes c as its name.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a class name.
func (c *Class) UnmarshalText(text []byte) error {
	v, err := ParseClass(string(text))
	*c = v
	return err
}

// Category is the plot category (地块类别) of NY/T 2539-2016. The zero Category is unknown.
type Category uint8

// Plot categories.
const (
	CategoryUnknown         Category = iota
	CategoryContractedPlot           // 承包地块, code 10
	CategoryPrivatePlot              // 自留地, code 21
	CategoryReserveLand              // 机动地, code 22
	CategoryReclaimedLand            // 开荒地, code 23
	CategoryOtherCollective          // 其他集体土地, code 99
)

var categoryNames = []string{
	"unknown", "contracted_plot", "private_plot", "reserve_land", "reclaimed_land",
	"other_collective",
}

var categoryCodes = []string{"", "10", "21", "22", "23", "99"}

// ParseCategory returns the Category named s ("contracted_plot", "private_plot", ...) or
// with the NY/T 2539-2016 code s ("10", "21", "22", "23", "99").
func ParseCategory(s string) (Category, error) {
	for i, code := range categoryCodes[1:] {
		if s == code {
			return Category(i + 1), nil
		}
	}
	return parseEnum[Category]("plot category", categoryNames, s)
}

// String returns the category name used by [ParseCategory].
func (c Category) String() string { return enumName("Category", categoryNames, c) }

// Code returns the two-digit NY/T 2539-2016 code of c, or "" for an unknown category.
func (c Category) Code() string {
	if int(c) < len(categoryCodes) {
		return categoryCodes[c]
	}
	return ""
}

// Validate reports an error unless c is a known, non-zero category.
func (c Category) Validate() error { return validateEnum("plot category", categoryNames, c) }

// MarshalText encodes c as its name.
func (c Category) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes a category name or code.
func (c *Category) UnmarshalText(text []byte) error {
	v, err := ParseCategory(string(text))
	*c = v
	return err
}
