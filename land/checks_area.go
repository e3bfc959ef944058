package land

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// span is the area in mu that one transfer takes from a plot or a contract for its period.
type span struct {
	transfer *Transfer
	area     decimal.Decimal
}

// excess is a run of days on which the same transfers are in force and their areas sum to
// more than the contracted area.
type excess struct {
	period Period
	active []*Transfer
	area   decimal.Decimal
}

// excesses returns the runs of days on which the areas of the spans in force sum to more
// than limit. A run ends where a transfer starts or ends.
func excesses(spans []span, limit decimal.Decimal) []excess {
	bounds := make([]Date, 0, 2*len(spans))
	for _, s := range spans {
		p := s.transfer.Period
		bounds = append(bounds, p.Start, p.End.AddDate(0, 0, 1))
	}
	slices.SortFunc(bounds, Date.Compare)
	bounds = slices.Compact(bounds)

	var runs []excess
	for k := 0; k+1 < len(bounds); k++ {
		first, last := bounds[k], bounds[k+1].AddDate(0, 0, -1)
		active, sum := inForce(spans, first)
		if sum.LessThanOrEqual(limit) {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1].period.End.AddDate(0, 0, 1) == first &&
			slices.Equal(runs[n-1].active, active) {
			runs[n-1].period.End = last
			continue
		}
		runs = append(runs, excess{period: Period{Start: first, End: last}, active: active, area: sum})
	}
	return runs
}

// inForce returns the transfers of spans in force on day d, in span order, and their area.
func inForce(spans []span, d Date) ([]*Transfer, decimal.Decimal) {
	var active []*Transfer
	sum := decimal.Zero
	for _, s := range spans {
		if s.transfer.Period.Contains(d) {
			active = append(active, s.transfer)
			sum = sum.Add(s.area)
		}
	}
	return active, sum
}

// excessFinding returns the finding for run: the transfer that started last is at fault.
func excessFinding(kind FindingKind, run excess, contract ContractCode, plot PlotCode,
	contracted decimal.Decimal) Finding {
	active := slices.Clone(run.active)
	slices.SortStableFunc(active, compareByStart)
	last := active[len(active)-1]
	others := make([]TransferContractCode, 0, len(active)-1)
	for _, t := range active[:len(active)-1] {
		others = append(others, t.Code)
	}
	slices.Sort(others)
	return Finding{
		Kind: kind, Transfer: last.Code, Others: others, Contract: contract, Plot: plot,
		Period: run.period, Contracted: contracted, Transferred: run.area,
	}
}

// contractPlot identifies a plot within one contract.
type contractPlot struct {
	contract ContractCode
	plot     PlotCode
}

// excessPlotAreas compares, for each plot of each known contract, the area transferred on
// each day with the plot's contracted area. Plots the contract does not cover are reported
// by checkTransferContract instead.
func excessPlotAreas(contracts map[ContractCode]*Contract, transfers []*Transfer) []Finding {
	groups := make(map[contractPlot][]span)
	var keys []contractPlot
	for _, t := range transfers {
		c := contracts[t.Contract]
		if c == nil {
			continue
		}
		for _, p := range t.Plots {
			if _, ok := c.PlotArea(p.Plot); !ok {
				continue
			}
			key := contractPlot{contract: c.Code, plot: p.Plot}
			if groups[key] == nil {
				keys = append(keys, key)
			}
			groups[key] = append(groups[key], span{transfer: t, area: p.Area})
		}
	}

	var findings []Finding
	for _, key := range keys {
		contracted, _ := contracts[key.contract].PlotArea(key.plot)
		for _, run := range excesses(groups[key], contracted) {
			findings = append(findings,
				excessFinding(FindingExcessPlotArea, run, key.contract, key.plot, contracted))
		}
	}
	return findings
}

// excessContractAreas compares, for each known contract, the area of its plots transferred
// on each day with the contract's total area.
func excessContractAreas(contracts map[ContractCode]*Contract, transfers []*Transfer) []Finding {
	groups := make(map[ContractCode][]span)
	var codes []ContractCode
	for _, t := range transfers {
		c := contracts[t.Contract]
		if c == nil {
			continue
		}
		if groups[c.Code] == nil {
			codes = append(codes, c.Code)
		}
		groups[c.Code] = append(groups[c.Code], span{transfer: t, area: contractedShare(c, t)})
	}
	slices.SortFunc(codes, func(a, b ContractCode) int { return strings.Compare(string(a), string(b)) })

	var findings []Finding
	for _, code := range codes {
		total := contracts[code].TotalArea()
		for _, run := range excesses(groups[code], total) {
			findings = append(findings, excessFinding(FindingExcessContractArea, run, code, "", total))
		}
	}
	return findings
}

// contractedShare returns the area in mu that t transfers of the plots c covers.
func contractedShare(c *Contract, t *Transfer) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range t.Plots {
		if _, ok := c.PlotArea(p.Plot); ok {
			sum = sum.Add(p.Area)
		}
	}
	return sum
}
