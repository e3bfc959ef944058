package land

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// FindingKind is the kind of irregularity a [Finding] reports.
type FindingKind uint8

// Finding kinds, in the order [CheckTransfers] sorts findings of one transfer.
const (
	_ FindingKind = iota
	// FindingUnknownContract: the transfer names a land contract that was not given.
	FindingUnknownContract
	// FindingPlotNotContracted: the transfer includes a plot that its contract does not cover.
	FindingPlotNotContracted
	// FindingOutsideTerm: the transfer period does not lie within the contract term.
	FindingOutsideTerm
	// FindingOverlap: a plot is transferred twice for overlapping periods.
	FindingOverlap
	// FindingExcessPlotArea: more of a plot is transferred at one time than was contracted.
	FindingExcessPlotArea
	// FindingExcessContractArea: more area of a contract is transferred at one time than the
	// contract's total area.
	FindingExcessContractArea
)

var findingKindNames = []string{
	"unknown", "unknown_contract", "plot_not_contracted", "outside_term", "overlap",
	"excess_plot_area", "excess_contract_area",
}

// String returns the kind name, such as "outside_term".
func (k FindingKind) String() string { return enumName("FindingKind", findingKindNames, k) }

// MarshalText encodes k as its name.
func (k FindingKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Finding is one irregular land transfer with its evidence. Fields that do not apply to the
// kind are zero.
type Finding struct {
	Kind FindingKind
	// Transfer is the transfer at fault. For an overlap or an excess it is the transfer that
	// started last, the one that made the conflict.
	Transfer TransferContractCode
	// Others are the other transfers involved, in code order: the earlier transfer of an
	// overlap, or the other transfers in force during an excess.
	Others []TransferContractCode
	// Contract is the land contract of Transfer.
	Contract ContractCode
	// Plot is the plot concerned; empty for findings about a whole transfer or contract.
	Plot PlotCode
	// Period is the days the finding covers. For an overlap it is the shared days, and for
	// an excess the days on which the area is exceeded. For other kinds it is the transfer
	// period.
	Period Period
	// Term is the contract term, for a transfer outside it.
	Term Period
	// Contracted and Transferred are areas in mu. For an excess they are the contracted area
	// and the area transferred during Period. For an uncontracted plot Contracted is 0.
	Contracted, Transferred decimal.Decimal
}

// String returns a one-line description of the finding that names the transfers, plot and
// period.
func (f Finding) String() string {
	switch f.Kind {
	case FindingUnknownContract:
		return fmt.Sprintf("transfer %s (%s) names contract %s, which is not in the register",
			f.Transfer, f.Period, f.Contract)
	case FindingPlotNotContracted:
		return fmt.Sprintf("transfer %s (%s) includes plot %s (%s mu), which contract %s does not cover",
			f.Transfer, f.Period, f.Plot, f.Transferred, f.Contract)
	case FindingOutsideTerm:
		return fmt.Sprintf("transfer %s runs %s, outside the term %s of contract %s",
			f.Transfer, f.Period, f.Term, f.Contract)
	case FindingOverlap:
		return fmt.Sprintf("plot %s is transferred by %s and by %s for the shared days %s",
			f.Plot, joinCodes(f.Others), f.Transfer, f.Period)
	case FindingExcessPlotArea:
		return fmt.Sprintf("plot %s: %s mu transferred during %s by %s, more than the %s mu "+
			"contracted under %s", f.Plot, f.Transferred, f.Period, f.transfers(), f.Contracted, f.Contract)
	case FindingExcessContractArea:
		return fmt.Sprintf("contract %s: %s mu transferred during %s by %s, more than its %s mu",
			f.Contract, f.Transferred, f.Period, f.transfers(), f.Contracted)
	default:
		return fmt.Sprintf("%s finding for transfer %s", f.Kind, f.Transfer)
	}
}

// transfers returns Others and Transfer as a list for a message.
func (f Finding) transfers() string { return joinCodes(append(slices.Clone(f.Others), f.Transfer)) }

func joinCodes(codes []TransferContractCode) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = string(c)
	}
	return strings.Join(parts, ", ")
}

// CheckTransfers checks transfers against contracts and returns a [Finding] for each
// irregularity of these kinds:
//
//   - a transfer whose contract is missing, that includes a plot the contract does not
//     cover, or that runs outside the contract term;
//   - a plot transferred twice for overlapping periods;
//   - days on which the area transferred exceeds the contracted area of a plot, or the
//     total area of a contract ([Contract.TotalArea]).
//
// Transfers that share no day, such as one ending on 31 December and the next starting on
// 1 January, do not overlap. An area equal to the contracted area is not an excess.
//
// Findings are sorted by transfer code, then kind, plot and period start. Records are not
// validated, and transfers or contracts with a repeated code are checked as they come.
func CheckTransfers(contracts []*Contract, transfers []*Transfer) []Finding {
	byCode := make(map[ContractCode]*Contract, len(contracts))
	for _, c := range contracts {
		byCode[c.Code] = c
	}
	var findings []Finding
	for _, t := range transfers {
		findings = append(findings, checkTransferContract(t, byCode[t.Contract])...)
	}
	findings = append(findings, overlaps(transfers)...)
	findings = append(findings, excessPlotAreas(byCode, transfers)...)
	findings = append(findings, excessContractAreas(byCode, transfers)...)
	slices.SortStableFunc(findings, compareFindings)
	return findings
}

func compareFindings(a, b Finding) int {
	return cmp.Or(
		strings.Compare(string(a.Transfer), string(b.Transfer)),
		cmp.Compare(a.Kind, b.Kind),
		strings.Compare(string(a.Plot), string(b.Plot)),
		a.Period.Start.Compare(b.Period.Start),
	)
}

// checkTransferContract checks t against its contract c, which is nil when missing.
func checkTransferContract(t *Transfer, c *Contract) []Finding {
	base := Finding{Transfer: t.Code, Contract: t.Contract, Period: t.Period}
	if c == nil {
		base.Kind = FindingUnknownContract
		return []Finding{base}
	}
	var findings []Finding
	if !c.Term.Covers(t.Period) {
		f := base
		f.Kind, f.Term = FindingOutsideTerm, c.Term
		findings = append(findings, f)
	}
	for _, p := range t.Plots {
		if _, ok := c.PlotArea(p.Plot); ok {
			continue
		}
		f := base
		f.Kind, f.Plot = FindingPlotNotContracted, p.Plot
		f.Contracted, f.Transferred = decimal.Zero, p.Area
		findings = append(findings, f)
	}
	return findings
}

// overlaps returns one finding for each pair of transfers that include the same plot for
// periods that share a day.
func overlaps(transfers []*Transfer) []Finding {
	byPlot := make(map[PlotCode][]*Transfer)
	var plots []PlotCode
	for _, t := range transfers {
		for _, p := range t.Plots {
			if byPlot[p.Plot] == nil {
				plots = append(plots, p.Plot)
			}
			byPlot[p.Plot] = append(byPlot[p.Plot], t)
		}
	}
	var findings []Finding
	for _, plot := range plots {
		ts := byPlot[plot]
		slices.SortStableFunc(ts, compareByStart)
		for i, earlier := range ts {
			for _, later := range ts[i+1:] {
				shared, ok := earlier.Period.Overlap(later.Period)
				if !ok {
					continue
				}
				findings = append(findings, Finding{
					Kind: FindingOverlap, Transfer: later.Code, Contract: later.Contract,
					Others: []TransferContractCode{earlier.Code}, Plot: plot, Period: shared,
				})
			}
		}
	}
	return findings
}

// compareByStart orders transfers by period start, then by code.
func compareByStart(a, b *Transfer) int {
	return cmp.Or(a.Period.Start.Compare(b.Period.Start), strings.Compare(string(a.Code), string(b.Code)))
}
