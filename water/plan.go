package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/land"
)

// LimitAction is the action taken when a well's use reaches 100% of its plan. The zero value
// is LimitAlarm.
type LimitAction uint8

// The actions at the limit.
const (
	LimitAlarm      LimitAction = iota // raise an alarm and keep the pump running
	LimitRemoteStop                    // raise an alarm and stop the pump remotely
)

var limitActionNames = []string{"alarm", "remote-stop"}

// ParseLimitAction parses "alarm" or "remote-stop", ignoring case.
func ParseLimitAction(s string) (LimitAction, error) {
	return parseEnum[LimitAction]("limit action", limitActionNames, s)
}

// String returns "alarm" or "remote-stop".
func (a LimitAction) String() string { return enumName("LimitAction", limitActionNames, a) }

// MarshalText encodes the action name.
func (a LimitAction) MarshalText() ([]byte, error) {
	return marshalEnum("limit action", limitActionNames, a)
}

// UnmarshalText decodes an action name.
func (a *LimitAction) UnmarshalText(text []byte) (err error) {
	*a, err = ParseLimitAction(string(text))
	return err
}

// Plan is a well's water-use plan (用水计划) for one calendar year: the annual volume,
// its split by month, the households' shares and when to warn.
//
// The zero Plan is not valid; build one with [NewPlan] or fill the fields and call
// [Plan.Validate].
type Plan struct {
	// Well is the well the plan is for.
	Well WellCode
	// Year is the calendar year.
	Year int
	// Annual is the planned volume for the year in m³.
	Annual decimal.Decimal
	// Monthly is the split of Annual by month, January first, in m³. The twelve values
	// sum to Annual exactly.
	Monthly [12]decimal.Decimal
	// Shares are the households' parts of the plan. Nil means not split by household.
	Shares []Share
	// Warnings are the percentages of a volume at which to warn, increasing, each above
	// 0 and below 100, such as 80 and 90. Nil means [Options.Warnings].
	Warnings []decimal.Decimal
	// AtLimit is the action taken when use reaches 100% of the plan.
	AtLimit LimitAction
}

// Share is one household's part of a well's plan: a quota per mu times the area the
// household irrigates from the well.
type Share struct {
	// Household is the contractor code of the household.
	Household land.ContractorCode
	// Area is the irrigated area in mu.
	Area decimal.Decimal
	// PerMu is the quota in m³ per mu.
	PerMu decimal.Decimal
}

// Volume returns the share in m³: PerMu × Area, exact.
func (s Share) Volume() decimal.Decimal { return s.PerMu.Mul(s.Area) }

// NewPlan returns a plan with the given monthly split, whose sum is the annual volume,
// or the *[FieldError] values joined when it is not valid.
func NewPlan(well WellCode, year int, monthly [12]decimal.Decimal) (Plan, error) {
	p := Plan{Well: well, Year: year, Monthly: monthly}
	for _, v := range monthly {
		p.Annual = p.Annual.Add(v)
	}
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	return p, nil
}

// Validate returns the *[FieldError] values of p joined, or nil when p is valid.
func (p *Plan) Validate() error {
	c := checker{typ: "plan"}
	c.check("Well", p.Well.Validate())
	if p.Year < 1900 || p.Year > 9999 {
		c.fail("Year", p.Year, "want a year from 1900 to 9999")
	}
	checkNonNegative(&c, "Annual", p.Annual, "m³")
	var sum decimal.Decimal
	for i, v := range p.Monthly {
		checkNonNegative(&c, fmt.Sprintf("Monthly[%d]", i), v, "m³")
		sum = sum.Add(v)
	}
	if !sum.Equal(p.Annual) {
		c.fail("Monthly", sum, "want the months to sum to the annual %s m³", p.Annual)
	}
	p.validateShares(&c)
	checkPercents(&c, "Warnings", p.Warnings)
	if !validEnum(limitActionNames, p.AtLimit, false) {
		c.fail("AtLimit", p.AtLimit, "want alarm or remote-stop")
	}
	return c.err()
}

func (p *Plan) validateShares(c *checker) {
	seen := make(map[land.ContractorCode]bool, len(p.Shares))
	for i, s := range p.Shares {
		field := fmt.Sprintf("Shares[%d]", i)
		c.check(field+".Household", s.Household.Validate())
		if seen[s.Household] {
			c.fail(field+".Household", s.Household, "want each household once")
		}
		seen[s.Household] = true
		checkNonNegative(c, field+".Area", s.Area, "mu")
		checkNonNegative(c, field+".PerMu", s.PerMu, "m³/mu")
	}
	if total := p.SharesTotal(); total.GreaterThan(p.Annual) {
		c.fail("Shares", total, "want shares of at most the annual %s m³", p.Annual)
	}
}

// checkPercents requires increasing percentages above 0 and below 100.
func checkPercents(c *checker, field string, ps []decimal.Decimal) {
	for i, v := range ps {
		f := fmt.Sprintf("%s[%d]", field, i)
		if !v.IsPositive() || v.Cmp(hundred) >= 0 {
			c.fail(f, v, "want a percentage above 0 and below 100")
		}
		if i > 0 && v.Cmp(ps[i-1]) <= 0 {
			c.fail(f, v, "want percentages in increasing order, got %s after %s", v, ps[i-1])
		}
	}
}

// Month returns the planned volume for month m in m³, or zero for an invalid month.
func (p *Plan) Month(m time.Month) decimal.Decimal {
	if m < time.January || m > time.December {
		return decimal.Decimal{}
	}
	return p.Monthly[m-1]
}

// ThroughMonth returns the planned volume from January to month m, both included, in m³.
func (p *Plan) ThroughMonth(m time.Month) decimal.Decimal {
	var sum decimal.Decimal
	for i := time.January; i <= m && i <= time.December; i++ {
		sum = sum.Add(p.Monthly[i-1])
	}
	return sum
}

// SharesTotal returns the sum of the household shares in m³.
func (p *Plan) SharesTotal() decimal.Decimal {
	var sum decimal.Decimal
	for _, s := range p.Shares {
		sum = sum.Add(s.Volume())
	}
	return sum
}

// Share returns the share of household h and whether the plan has one.
func (p *Plan) Share(h land.ContractorCode) (Share, bool) {
	for _, s := range p.Shares {
		if s.Household == h {
			return s, true
		}
	}
	return Share{}, false
}

var hundred = decimal.NewFromInt(100)
