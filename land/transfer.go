package land

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Transfer is a land-transfer contract (土地流转合同): a contractor (the lessor) lets the
// operating right of contracted plots to a lessee for a period.
//
// The lessor is the contractor of the land contract, Contract.Contractor().
type Transfer struct {
	// Code is the transfer contract code, 18 or 19 characters.
	Code TransferContractCode
	// Contract is the land contract under which the lessor (流出方), its contractor,
	// holds the plots.
	Contract ContractCode
	// Lessee is the party who takes the land (流入方).
	Lessee Party
	// Method is the transfer method.
	Method TransferMethod
	// Period is the transfer period; both ends are required.
	Period Period
	// Plots are the transferred plots with their areas. Validate rejects a plot listed twice.
	Plots []TransferredPlot
	// Rent is the rent in yuan per mu per year (流转价格); zero for a swap or when unpaid.
	Rent decimal.Decimal
	// Signed is the signing date; zero means not recorded.
	Signed Date
	// Version and UpdatedAt are set by the [Store], as for [Plot].
	Version   int64
	UpdatedAt time.Time
}

// TransferredPlot is one plot of a transfer with the transferred area in mu.
type TransferredPlot struct {
	Plot PlotCode
	Area decimal.Decimal
}

// Party is the lessee of a transfer: a household, a cooperative, a company or another body.
type Party struct {
	Name string
	// ID is the identity document number of a person or the unified social credit code of
	// an organisation, kept as given.
	ID string
	// Contractor is the lessee's contractor code when the lessee is itself a contractor of
	// the same collective; it may be empty.
	Contractor ContractorCode
}

// TotalArea returns the transferred area of all plots in mu.
func (t *Transfer) TotalArea() decimal.Decimal {
	sum := decimal.Zero
	for _, p := range t.Plots {
		sum = sum.Add(p.Area)
	}
	return sum
}

// AnnualRent returns the rent for all plots for one year in yuan: Rent × TotalArea.
func (t *Transfer) AnnualRent() decimal.Decimal { return t.Rent.Mul(t.TotalArea()) }

// Validate reports an error unless the codes, method and period are valid, the lessee has a
// name, the rent is not negative, and each plot is valid, listed once and has a positive area.
func (t *Transfer) Validate() error {
	if err := t.validateParties(); err != nil {
		return fmt.Errorf("land: transfer %q: %w", t.Code, err)
	}
	if err := t.Method.Validate(); err != nil {
		return fmt.Errorf("land: transfer %s: %w", t.Code, err)
	}
	if err := t.Period.Validate(); err != nil {
		return fmt.Errorf("land: transfer %s: period: %w", t.Code, err)
	}
	if t.Rent.IsNegative() {
		return fmt.Errorf("land: transfer %s: rent %s yuan per mu per year is negative", t.Code, t.Rent)
	}
	if err := validateTransferredPlots(t.Plots); err != nil {
		return fmt.Errorf("land: transfer %s: %w", t.Code, err)
	}
	return nil
}

func (t *Transfer) validateParties() error {
	if err := t.Code.Validate(); err != nil {
		return err
	}
	if err := t.Contract.Validate(); err != nil {
		return fmt.Errorf("contract: %w", err)
	}
	if strings.TrimSpace(t.Lessee.Name) == "" {
		return fmt.Errorf("lessee name is required")
	}
	if t.Lessee.Contractor != "" {
		if err := t.Lessee.Contractor.Validate(); err != nil {
			return fmt.Errorf("lessee: %w", err)
		}
	}
	return nil
}

func validateTransferredPlots(plots []TransferredPlot) error {
	if len(plots) == 0 {
		return fmt.Errorf("at least one plot is required")
	}
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
			return fmt.Errorf("plot %s: transferred area %s mu must be positive", p.Plot, p.Area)
		}
	}
	return nil
}

// Clone returns a deep copy of t.
func (t *Transfer) Clone() *Transfer {
	d := *t
	d.Plots = slices.Clone(t.Plots)
	return &d
}

// TransferMethod is the legal form of a land transfer, such as rent or sub-contracting. The
// zero value is unknown.
type TransferMethod uint8

// Transfer methods.
const (
	TransferUnknown      TransferMethod = iota
	TransferRent                        // 出租, to a party outside the collective
	TransferSubcontract                 // 转包, to a member of the same collective
	TransferShareholding                // 入股, land as shares in a cooperative or company
	TransferSwap                        // 互换, plots exchanged between contractors
	TransferAssignment                  // 转让, the contract right itself passes on
	TransferOther                       // 其他方式
)

var transferMethodNames = []string{
	"unknown", "rent", "subcontract", "shareholding", "swap", "assignment", "other",
}

// ParseTransferMethod returns the method named s ("rent", "subcontract", "shareholding",
// "swap", "assignment", "other").
func ParseTransferMethod(s string) (TransferMethod, error) {
	return parseEnum[TransferMethod]("transfer method", transferMethodNames, s)
}

// String returns the method name used by [ParseTransferMethod].
func (m TransferMethod) String() string {
	return enumName("TransferMethod", transferMethodNames, m)
}

// Validate reports an error unless m is a known, non-zero method.
func (m TransferMethod) Validate() error {
	return validateEnum("transfer method", transferMethodNames, m)
}

// MarshalText encodes m as its name.
func (m TransferMethod) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes a method name.
func (m *TransferMethod) UnmarshalText(text []byte) error {
	v, err := ParseTransferMethod(string(text))
	*m = v
	return err
}
