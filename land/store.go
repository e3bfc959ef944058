package land

import (
	"context"
	"errors"
	"fmt"
)

// ErrNotFound is wrapped by a [Store] when no record has the requested code or key.
var ErrNotFound = errors.New("land: not found")

// ErrConflict is wrapped by a [Store] when a write does not match the stored state: a
// create of a code that exists, or an update whose Version is not the stored version.
var ErrConflict = errors.New("land: conflict")

// Store persists plots, issuers, contractors, contracts, transfers and planting records.
// Implementations are safe for concurrent use. The package land/landtest tests that an
// implementation meets the rules below.
//
// Each record kind has four methods. PutX stores a record that passes its Validate method,
// and returns the validation error otherwise. A record with Version 0 is created, and PutX
// fails with [ErrConflict] if one with the same code or key exists. A record with another
// Version replaces the stored record when the stored Version equals it, fails with
// [ErrConflict] when it does not, and fails with [ErrNotFound] when there is none. On success
// PutX sets the record's Version to the new version (1 after a create) and UpdatedAt to the
// store's clock in UTC, truncated to whole microseconds so that SQL stores return the same
// instant. X returns a copy of one record or [ErrNotFound]. DeleteX removes one record
// or returns [ErrNotFound]. Xs lists records in key order, one page at a time, where codes
// and crop names compare as bytes (the C collation in SQL), so that every store pages alike.
//
// Stores keep no references between records: a contract may name plots that the store does
// not hold, and deleting a plot leaves contracts and transfers that name it in place,
// because registers and surveys arrive separately and in any order.
//
// Records passed in and returned are copies: changing one afterwards does not change the
// store, except that PutX writes the new Version and UpdatedAt into its argument.
type Store interface {
	PutPlot(ctx context.Context, p *Plot) error
	Plot(ctx context.Context, code PlotCode) (*Plot, error)
	DeletePlot(ctx context.Context, code PlotCode) error
	// Plots lists plots in code order.
	Plots(ctx context.Context, f PlotFilter) (plots []*Plot, next string, err error)

	PutIssuer(ctx context.Context, i *Issuer) error
	Issuer(ctx context.Context, code IssuerCode) (*Issuer, error)
	DeleteIssuer(ctx context.Context, code IssuerCode) error
	// Issuers lists issuers in code order.
	Issuers(ctx context.Context, f IssuerFilter) (issuers []*Issuer, next string, err error)

	PutContractor(ctx context.Context, c *Contractor) error
	Contractor(ctx context.Context, code ContractorCode) (*Contractor, error)
	DeleteContractor(ctx context.Context, code ContractorCode) error
	// Contractors lists contractors in code order.
	Contractors(ctx context.Context, f ContractorFilter) (contractors []*Contractor, next string, err error)

	PutContract(ctx context.Context, c *Contract) error
	Contract(ctx context.Context, code ContractCode) (*Contract, error)
	DeleteContract(ctx context.Context, code ContractCode) error
	// Contracts lists contracts in code order.
	Contracts(ctx context.Context, f ContractFilter) (contracts []*Contract, next string, err error)

	PutTransfer(ctx context.Context, t *Transfer) error
	Transfer(ctx context.Context, code TransferContractCode) (*Transfer, error)
	DeleteTransfer(ctx context.Context, code TransferContractCode) error
	// Transfers lists transfers in code order.
	Transfers(ctx context.Context, f TransferFilter) (transfers []*Transfer, next string, err error)

	PutPlanting(ctx context.Context, p *Planting) error
	Planting(ctx context.Context, key PlantingKey) (*Planting, error)
	DeletePlanting(ctx context.Context, key PlantingKey) error
	// Plantings lists planting records in key order ([PlantingKey.Compare]).
	Plantings(ctx context.Context, f PlantingFilter) (plantings []*Planting, next string, err error)
}

// Page selects one page of a listing. The zero Page lists everything from the start.
type Page struct {
	// Limit is the maximum number of records returned; 0 means no limit.
	Limit int
	// After is the next token a previous call of the same listing returned; "" starts at the
	// first record. Tokens are opaque and belong to the store that issued them.
	After string
}

// Validate reports an error for a negative limit.
func (p Page) Validate() error {
	if p.Limit < 0 {
		return fmt.Errorf("land: invalid page limit %d, want 0 (no limit) or more", p.Limit)
	}
	return nil
}

// PlotFilter selects plots; each zero field matches every plot.
type PlotFilter struct {
	// Division keeps plots whose Village lies within this division ([DivisionCode.Contains]),
	// so a county or township code selects all its villages.
	Division DivisionCode
	// Issuer keeps plots whose code begins with this issuer code.
	Issuer IssuerCode
	// Class keeps plots of this land class.
	Class Class
	// Use keeps plots of this land use; a first-level class such as 01 also keeps its
	// second-level classes.
	Use Use
	Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f PlotFilter) Match(p *Plot) bool {
	return inDivision(p.Village, f.Division) &&
		hasPrefix(p.Code, f.Issuer) &&
		(f.Class == 0 || p.Class == f.Class) &&
		(f.Use == "" || f.Use.Contains(p.Use))
}

// IssuerFilter selects issuers; each zero field matches every issuer.
type IssuerFilter struct {
	// Division keeps issuers whose Village lies within this division.
	Division DivisionCode
	Page
}

// Match reports whether i passes the filter, ignoring the page.
func (f IssuerFilter) Match(i *Issuer) bool { return inDivision(i.Village, f.Division) }

// ContractorFilter selects contractors; each zero field matches every contractor.
type ContractorFilter struct {
	// Issuer keeps contractors whose code begins with this issuer code.
	Issuer IssuerCode
	// Kind keeps contractors of this kind ([ContractorCode.Kind]).
	Kind ContractorKind
	Page
}

// Match reports whether c passes the filter, ignoring the page.
func (f ContractorFilter) Match(c *Contractor) bool {
	return hasPrefix(c.Code, f.Issuer) && (f.Kind == 0 || c.Code.Kind() == f.Kind)
}

// ContractFilter selects contracts; each zero field matches every contract.
type ContractFilter struct {
	// Issuer keeps contracts whose code begins with this issuer code.
	Issuer IssuerCode
	// Contractor keeps the contracts of this contractor.
	Contractor ContractorCode
	// Plot keeps contracts that cover this plot.
	Plot PlotCode
	Page
}

// Match reports whether c passes the filter, ignoring the page.
func (f ContractFilter) Match(c *Contract) bool {
	if !hasPrefix(c.Code, f.Issuer) || (f.Contractor != "" && c.Code.Contractor() != f.Contractor) {
		return false
	}
	if f.Plot == "" {
		return true
	}
	_, ok := c.PlotArea(f.Plot)
	return ok
}

// TransferFilter selects transfers; each zero field matches every transfer.
type TransferFilter struct {
	// Issuer keeps transfers whose land contract code begins with this issuer code.
	Issuer IssuerCode
	// Contract keeps transfers made under this land contract.
	Contract ContractCode
	// Lessor keeps transfers by this contractor, the contractor of their land contract.
	Lessor ContractorCode
	// Plot keeps transfers that include this plot.
	Plot PlotCode
	// ActiveOn keeps transfers whose period contains this day.
	ActiveOn Date
	Page
}

// Match reports whether t passes the filter, ignoring the page.
func (f TransferFilter) Match(t *Transfer) bool {
	switch {
	case !hasPrefix(t.Contract, f.Issuer),
		f.Contract != "" && t.Contract != f.Contract,
		f.Lessor != "" && t.Contract.Contractor() != f.Lessor,
		!f.ActiveOn.IsZero() && !t.Period.Contains(f.ActiveOn):
		return false
	case f.Plot == "":
		return true
	}
	for _, p := range t.Plots {
		if p.Plot == f.Plot {
			return true
		}
	}
	return false
}

// PlantingFilter selects planting records; each zero field matches every record.
type PlantingFilter struct {
	// Issuer keeps records of plots whose code begins with this issuer code.
	Issuer IssuerCode
	// Plot keeps the records of this plot.
	Plot PlotCode
	// FromYear and ToYear keep records of these years, both included.
	FromYear, ToYear int
	// Season keeps records of this season.
	Season Season
	// Crop keeps records of this crop.
	Crop string
	Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f PlantingFilter) Match(p *Planting) bool {
	return hasPrefix(p.Plot, f.Issuer) &&
		(f.Plot == "" || p.Plot == f.Plot) &&
		(f.FromYear == 0 || p.Year >= f.FromYear) &&
		(f.ToYear == 0 || p.Year <= f.ToYear) &&
		(f.Season == 0 || p.Season == f.Season) &&
		(f.Crop == "" || p.Crop == f.Crop)
}

func hasPrefix[S, P ~string](s S, prefix P) bool {
	return len(s) >= len(prefix) && string(s[:len(prefix)]) == string(prefix)
}

// inDivision reports whether village lies within division, or whether division is empty.
func inDivision(village, division DivisionCode) bool {
	return division == "" || division.Contains(village)
}
