package land

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// SecondRoundYears is the term in years of second-round land contracts (第二轮土地承包) under
// the Rural Land Contracting Law. The extension after they expire runs another 30 years.
const SecondRoundYears = 30

// SecondRoundTerm returns the 30-year term of a second-round contract that starts on start:
// from start to the day before the 30th anniversary, so 1998-01-01 gives 1998-01-01/2027-12-31.
func SecondRoundTerm(start Date) Period { return TermOfYears(start, SecondRoundYears) }

// TermOfYears returns the term of the given number of whole years from start, ending the day
// before the anniversary.
func TermOfYears(start Date, years int) Period {
	return Period{Start: start, End: start.AddDate(years, 0, -1)}
}

// Contract is a land contract (承包合同) between an issuer and a contractor. The contract
// code is shared by the contract, its certificate and the register entry, and it begins
// with the contractor's code, which begins with the issuer's code.
type Contract struct {
	// Code is the 19-character contract code: the contractor's 18 digits and the letter of
	// the contracting method ([ContractCode.Contractor], [ContractCode.Method]).
	Code ContractCode
	// Term is the contract period; both ends are required.
	Term Period
	// Area is the total contracted area in mu as the register states it (承包地块总面积).
	// Zero means the sum of the plots' areas.
	Area decimal.Decimal
	// Plots are the plots the contract covers. Validate rejects a plot listed twice.
	Plots []ContractedPlot
	// Version and UpdatedAt are set by the [Store], as for [Plot].
	Version   int64
	UpdatedAt time.Time
}

// ContractedPlot is one plot of a contract with its contracted area.
type ContractedPlot struct {
	Plot PlotCode
	// Area is the contracted area in mu (合同面积), which can differ from the plot's
	// declared and measured areas.
	Area decimal.Decimal
}

// TotalArea returns Area, or the sum of the plots' areas when Area is zero, in mu.
func (c *Contract) TotalArea() decimal.Decimal {
	if !c.Area.IsZero() {
		return c.Area
	}
	sum := decimal.Zero
	for _, p := range c.Plots {
		sum = sum.Add(p.Area)
	}
	return sum
}

// PlotArea returns the contracted area in mu of plot and whether the contract covers it.
func (c *Contract) PlotArea(plot PlotCode) (decimal.Decimal, bool) {
	for _, p := range c.Plots {
		if p.Plot == plot {
			return p.Area, true
		}
	}
	return decimal.Zero, false
}

// Validate reports an error unless the code and term are valid and each plot is valid,
// listed once and has a positive area.
func (c *Contract) Validate() error {
	if err := c.Code.Validate(); err != nil {
		return fmt.Errorf("land: contract %q: %w", c.Code, err)
	}
	if err := c.Term.Validate(); err != nil {
		return fmt.Errorf("land: contract %s: term: %w", c.Code, err)
	}
	if c.Area.IsNegative() {
		return fmt.Errorf("land: contract %s: area %s mu is negative", c.Code, c.Area)
	}
	if err := validateContractedPlots(c.Plots); err != nil {
		return fmt.Errorf("land: contract %s: %w", c.Code, err)
	}
	return nil
}

func validateContractedPlots(plots []ContractedPlot) error {
	seen := make(map[PlotCode]bool, len(plots))
	for _, p := range plots {
		if err := p.Plot.Validate(); err != nil {
			return fmt.Errorf("plot %q: %w", p.Plot, err)
		}
		if seen[p.Plot] {
			return fmt.Errorf("plot %s is listed twice", p.Plot)
		}
		seen[p.Plot] = true
		if !p.Area.IsPositive() {
			return fmt.Errorf("plot %s: contracted area %s mu must be positive", p.Plot, p.Area)
		}
	}
	return nil
}

// Clone returns a deep copy of c.
func (c *Contract) Clone() *Contract {
	d := *c
	d.Plots = slices.Clone(c.Plots)
	return &d
}
