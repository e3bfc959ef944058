package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// CountyCode is the division code of the demo county. It has the GB/T 2260 layout of a
// county of Tacheng prefecture (6542); the county it names in the demo is fictional.
const CountyCode land.DivisionCode = "654229"

// DefaultSeed is the seed of the county that `county demo` serves.
const DefaultSeed uint64 = 2026

// CountyName is the fictional name of the demo county.
const CountyName = "青杨县"

// District is the code of the demo county's irrigation district (灌区).
const District water.DistrictCode = "654229-GQ"

// Size sets how much Generate makes. A zero field takes the value of DefaultSize.
// The limits keep the largest county within about 83.3°E to 83.8°E and 44.8°N to
// 46°N.
type Size struct {
	// Townships is the number of townships, 1 to 20.
	Townships int
	// VillagesPerTownship is the number of villages in each township, 1 to 30.
	VillagesPerTownship int
	// GroupsPerVillage is the number of villager groups (村民小组) in each village,
	// 1 to 10. Each group is a contract issuer that owns a share of the village's plots.
	GroupsPerVillage int
	// PlotsPerVillage is the number of plots in each village, 2 to 200, laid out as
	// strips on both sides of the village's lateral canal.
	PlotsPerVillage int
	// Wells is the number of irrigation wells and intakes in the county, shared out over
	// the villages, 1 to PlotsPerVillage times the number of villages. Zero means 40,
	// or one per plot in a county of fewer plots. Each township gets one rural-supply
	// well besides them.
	Wells int
}

// DefaultSize returns the size of the county that `county demo` serves: 3 townships of
// 4 villages with 4 groups and 60 plots each, and 40 irrigation wells.
func DefaultSize() Size {
	return Size{Townships: 3, VillagesPerTownship: 4, GroupsPerVillage: 4, PlotsPerVillage: 60, Wells: 40}
}

// withDefaults returns s with its zero fields set from DefaultSize.
func (s Size) withDefaults() Size {
	d := DefaultSize()
	if s.Townships == 0 {
		s.Townships = d.Townships
	}
	if s.VillagesPerTownship == 0 {
		s.VillagesPerTownship = d.VillagesPerTownship
	}
	if s.GroupsPerVillage == 0 {
		s.GroupsPerVillage = d.GroupsPerVillage
	}
	if s.PlotsPerVillage == 0 {
		s.PlotsPerVillage = d.PlotsPerVillage
	}
	if s.Wells == 0 {
		s.Wells = min(d.Wells, s.Townships*s.VillagesPerTownship*s.PlotsPerVillage)
	}
	return s
}

// Validate reports the first field of s that is out of range. Zero fields are valid and
// take their defaults.
func (s Size) Validate() error {
	s = s.withDefaults()
	checks := []struct {
		name     string
		value    int
		min, max int
	}{
		{"Townships", s.Townships, 1, 20},
		{"VillagesPerTownship", s.VillagesPerTownship, 1, 30},
		{"GroupsPerVillage", s.GroupsPerVillage, 1, 10},
		{"PlotsPerVillage", s.PlotsPerVillage, 2, 200},
		{"Wells", s.Wells, 1, s.PlotsPerVillage * s.Townships * s.VillagesPerTownship},
	}
	for _, c := range checks {
		if c.value < c.min || c.value > c.max {
			return fmt.Errorf("demo: invalid size %s %d: want %d to %d, or 0 for the default", c.name, c.value, c.min, c.max)
		}
	}
	if s.PlotsPerVillage < s.GroupsPerVillage {
		return fmt.Errorf("demo: invalid size PlotsPerVillage %d: want at least one plot for each of the %d groups", s.PlotsPerVillage, s.GroupsPerVillage)
	}
	return nil
}

// Division is a township or village of the demo county with its fictional name.
type Division struct {
	Code land.DivisionCode
	Name string
	// Centre is a point in the division's fields: the middle of a village's lateral
	// canal, or the head of a township's branch canal.
	Centre water.Point
	// Boundary is a village's boundary, which contains its plots, wells and lateral
	// canal. It is nil for a township.
	Boundary *geom.Polygon
}

// Parcel is a piece of state-owned land (国有土地) that is no contracted plot, such as a
// shelterbelt or a reservoir, for the state-land layer of the county map.
type Parcel struct {
	Name string
	// Use is the GB/T 21010-2017 land-use class.
	Use      land.Use
	Geometry *geom.Polygon
}

// County is a generated demo county: the records of the land and water registers and
// the places of the simulated devices. Slices are in code order within each
// village, villages in code order.
type County struct {
	// Code and Name are CountyCode and CountyName.
	Code land.DivisionCode
	Name string
	// Seed and Size are the arguments of Generate, Size with its defaults filled in.
	Seed uint64
	Size Size
	// Townships and Villages are the divisions below the county.
	Townships []Division
	Villages  []Division

	Issuers     []*land.Issuer
	Plots       []*land.Plot
	Contractors []*land.Contractor
	Contracts   []*land.Contract
	Transfers   []*land.Transfer
	Plantings   []*land.Planting
	// StateLand is the state-owned land outside the plots: a shelterbelt along each
	// branch canal and the reservoir.
	StateLand []*Parcel

	Wells         []*water.Well
	Plans         []*water.Plan
	Coefficients  []*water.CoefficientHistoryRecord
	Reservoirs    []*water.Reservoir
	Canals        []*water.Canal
	Gates         []*water.Gate
	VillageMeters []*water.VillageMeter
}

// PlanYears are the years Generate writes water-use plans and planting records for.
var PlanYears = [...]int{2025, 2026}

// beijing is China Standard Time, UTC+8, which Xinjiang's offices keep.
var beijing = time.FixedZone("CST", 8*3600)

// Generate returns the demo county of seed at size. It returns an error when size is out
// of range (see Size.Validate) or a generated record fails its own validation, which
// would be a bug in this package.
//
// NOTE: Go may fuse floating-point multiply-adds on some architectures (arm64, ppc64,
// s390x), so coordinates can differ in the last bit between machines of different
// architectures for one seed. Codes, names and decimal quantities do not depend on it
// except where a measured area rounds to a different hundredth of a mu.
func Generate(seed uint64, size Size) (*County, error) {
	if err := size.Validate(); err != nil {
		return nil, err
	}
	g := &generator{
		r:     rand.New(rand.NewPCG(seed, 0x5368757869616e67)), // "Shuxiang" in ASCII
		alloc: land.NewAllocator(nil),
		c: &County{
			Code: CountyCode,
			Name: CountyName,
			Seed: seed,
			Size: size.withDefaults(),
		},
	}
	if err := g.run(context.Background()); err != nil {
		return nil, err
	}
	if err := g.c.Validate(); err != nil {
		return nil, err
	}
	return g.c, nil
}

// generator holds the state of one Generate call.
type generator struct {
	r     *rand.Rand
	alloc *land.Allocator
	c     *County
	frame *frame

	nextY       float64 // m north of the origin of the next township's branch canal
	stations    int     // SL 651 station numbers handed out
	wellSeq     int     // pumped-well numbers handed out
	intakeSeq   int     // intake numbers handed out
	meterSeq    int     // meter serial numbers handed out
	permitSeq   int     // permit numbers handed out
	mainCanal   water.FacilityCode
	lastBranchY float64
}

func (g *generator) run(ctx context.Context) error {
	var err error
	if g.frame, err = newFrame(); err != nil {
		return err
	}
	g.mainCanal = water.FacilityCode(string(CountyCode) + "-GQ01")
	for t := range g.c.Size.Townships {
		if err := g.township(ctx, t); err != nil {
			return err
		}
	}
	g.headworks()
	if g.frame.failures > 0 {
		return fmt.Errorf("demo: %d points failed to project to lon, lat", g.frame.failures)
	}
	g.sortRecords()
	return nil
}

// between returns a uniform float64 in [lo, hi).
func (g *generator) between(lo, hi float64) float64 { return lo + g.r.Float64()*(hi-lo) }

// intBetween returns a uniform int in [lo, hi], both included.
func (g *generator) intBetween(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// Validate returns the first record of c that fails its own Validate method, with its
// code.
func (c *County) Validate() error {
	for _, i := range c.Issuers {
		if err := i.Validate(); err != nil {
			return fmt.Errorf("demo: issuer %s: %w", i.Code, err)
		}
	}
	for _, p := range c.Plots {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("demo: plot %s: %w", p.Code, err)
		}
	}
	for _, k := range c.Contractors {
		if err := k.Validate(); err != nil {
			return fmt.Errorf("demo: contractor %s: %w", k.Code, err)
		}
	}
	for _, k := range c.Contracts {
		if err := k.Validate(); err != nil {
			return fmt.Errorf("demo: contract %s: %w", k.Code, err)
		}
	}
	for _, t := range c.Transfers {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("demo: transfer %s: %w", t.Code, err)
		}
	}
	for _, p := range c.Plantings {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("demo: planting %s: %w", p.Key(), err)
		}
	}
	return c.validateWater()
}

func (c *County) validateWater() error {
	for _, w := range c.Wells {
		if err := w.Validate(); err != nil {
			return fmt.Errorf("demo: well %s: %w", w.Code, err)
		}
	}
	for _, p := range c.Plans {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("demo: plan %s/%d: %w", p.Well, p.Year, err)
		}
	}
	for _, h := range c.Coefficients {
		if err := h.Validate(); err != nil {
			return fmt.Errorf("demo: coefficients of %s: %w", h.Well, err)
		}
	}
	for _, r := range c.Reservoirs {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("demo: reservoir %s: %w", r.Code, err)
		}
	}
	for _, k := range c.Canals {
		if err := k.Validate(); err != nil {
			return fmt.Errorf("demo: canal %s: %w", k.Code, err)
		}
	}
	for _, gt := range c.Gates {
		if err := gt.Validate(); err != nil {
			return fmt.Errorf("demo: gate %s: %w", gt.Code, err)
		}
	}
	for _, v := range c.VillageMeters {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("demo: village meter %s: %w", v.Code, err)
		}
	}
	return nil
}
