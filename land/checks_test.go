package land_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/land"
)

// checkContract is a second-round contract from 1998-01-01 to 2027-12-31 over plot 1 (5 mu)
// and plot 2 (3 mu). A non-empty total sets the registered total area.
func checkContract(total string) *land.Contract {
	c := &land.Contract{
		Code: contractCode(issuerA, 1),
		Term: land.SecondRoundTerm(day(1998, time.January, 1)),
		Plots: []land.ContractedPlot{
			{Plot: plotCode(issuerA, 1), Area: mu("5")},
			{Plot: plotCode(issuerA, 2), Area: mu("3")},
		},
	}
	if total != "" {
		c.Area = mu(total)
	}
	return c
}

// xfer returns a transfer under checkContract with plot areas given as seq, area pairs.
func xfer(code int, p land.Period, plots ...any) *land.Transfer {
	t := &land.Transfer{
		Code: transferCode(code), Contract: contractCode(issuerA, 1),
		Lessee: land.Party{Name: "合作社"}, Method: land.TransferRent, Period: p, Rent: mu("600"),
	}
	for i := 0; i+1 < len(plots); i += 2 {
		t.Plots = append(t.Plots, land.TransferredPlot{
			Plot: plotCode(issuerA, plots[i].(int)), Area: mu(plots[i+1].(string)),
		})
	}
	return t
}

// years returns the period from 1 January of first to 31 December of last.
func years(first, last int) land.Period {
	return period(day(first, time.January, 1), day(last, time.December, 31))
}

// findingText renders every field of f that a test compares, so that decimals compare by
// value and failures print readably.
func findingText(f land.Finding) string {
	var others []string
	for _, o := range f.Others {
		others = append(others, string(o))
	}
	text := fmt.Sprintf("%s transfer=%s others=[%s] contract=%s plot=%s period=%s",
		f.Kind, f.Transfer, strings.Join(others, " "), f.Contract, f.Plot, f.Period)
	if !f.Term.Start.IsZero() {
		text += " term=" + f.Term.String()
	}
	if !f.Contracted.IsZero() || !f.Transferred.IsZero() {
		text += fmt.Sprintf(" contracted=%s transferred=%s", f.Contracted, f.Transferred)
	}
	return text
}

func findingTexts(findings []land.Finding) []string {
	var texts []string
	for _, f := range findings {
		texts = append(texts, findingText(f))
	}
	return texts
}

func TestCheckTransfers(t *testing.T) {
	contract := contractCode(issuerA, 1)
	term := land.SecondRoundTerm(day(1998, time.January, 1))
	tests := []struct {
		name      string
		contract  *land.Contract
		transfers []*land.Transfer
		want      []land.Finding
	}{
		{
			name:      "WithinTerm",
			transfers: []*land.Transfer{xfer(1, years(2020, 2027), 1, "5")},
		},
		{
			name:      "WholeTerm",
			transfers: []*land.Transfer{xfer(1, term, 1, "5", 2, "3")},
		},
		{
			name:      "EndsDayAfterTerm",
			transfers: []*land.Transfer{xfer(1, period(day(2020, time.January, 1), day(2028, time.January, 1)), 1, "2")},
			want: []land.Finding{{
				Kind: land.FindingOutsideTerm, Transfer: transferCode(1), Contract: contract,
				Period: period(day(2020, time.January, 1), day(2028, time.January, 1)), Term: term,
			}},
		},
		{
			name:      "StartsDayBeforeTerm",
			transfers: []*land.Transfer{xfer(1, period(day(1997, time.December, 31), day(2000, time.June, 30)), 1, "2")},
			want: []land.Finding{{
				Kind: land.FindingOutsideTerm, Transfer: transferCode(1), Contract: contract,
				Period: period(day(1997, time.December, 31), day(2000, time.June, 30)), Term: term,
			}},
		},
		{
			name: "UnknownContract",
			transfers: []*land.Transfer{func() *land.Transfer {
				x := xfer(1, years(2020, 2022), 1, "2")
				x.Contract = contractCode(issuerA, 9)
				return x
			}()},
			want: []land.Finding{{
				Kind: land.FindingUnknownContract, Transfer: transferCode(1),
				Contract: contractCode(issuerA, 9), Period: years(2020, 2022),
			}},
		},
		{
			name:      "PlotNotContracted",
			transfers: []*land.Transfer{xfer(1, years(2020, 2022), 1, "2", 3, "1.5")},
			want: []land.Finding{{
				Kind: land.FindingPlotNotContracted, Transfer: transferCode(1), Contract: contract,
				Plot: plotCode(issuerA, 3), Period: years(2020, 2022), Transferred: mu("1.5"),
			}},
		},
		{
			name: "AdjacentPeriods",
			transfers: []*land.Transfer{
				xfer(1, years(2018, 2020), 1, "5"),
				xfer(2, years(2021, 2025), 1, "5"),
			},
		},
		{
			name: "SamePeriodDifferentPlots",
			transfers: []*land.Transfer{
				xfer(1, years(2020, 2025), 1, "5"),
				xfer(2, years(2020, 2025), 2, "3"),
			},
		},
		{
			name: "OverlapOneDay",
			transfers: []*land.Transfer{
				xfer(1, period(day(2018, time.January, 1), day(2020, time.December, 31)), 1, "2"),
				xfer(2, period(day(2020, time.December, 31), day(2024, time.December, 31)), 1, "2"),
			},
			want: []land.Finding{{
				Kind: land.FindingOverlap, Transfer: transferCode(2),
				Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
				Plot:   plotCode(issuerA, 1),
				Period: period(day(2020, time.December, 31), day(2020, time.December, 31)),
			}},
		},
		{
			name: "OverlapAndExcess",
			transfers: []*land.Transfer{
				xfer(1, years(2020, 2025), 1, "3"),
				xfer(2, years(2023, 2024), 1, "3"),
			},
			want: []land.Finding{
				{
					Kind: land.FindingOverlap, Transfer: transferCode(2),
					Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
					Plot: plotCode(issuerA, 1), Period: years(2023, 2024),
				},
				{
					Kind: land.FindingExcessPlotArea, Transfer: transferCode(2),
					Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
					Plot: plotCode(issuerA, 1), Period: years(2023, 2024),
					Contracted: mu("5"), Transferred: mu("6"),
				},
			},
		},
		{
			name:      "AreaEqualToContracted",
			transfers: []*land.Transfer{xfer(1, years(2020, 2025), 1, "5.000", 2, "3")},
		},
		{
			name:      "ExcessSingleTransfer",
			transfers: []*land.Transfer{xfer(1, years(2020, 2025), 1, "5.01")},
			want: []land.Finding{{
				Kind: land.FindingExcessPlotArea, Transfer: transferCode(1), Others: []land.TransferContractCode{},
				Contract: contract, Plot: plotCode(issuerA, 1), Period: years(2020, 2025),
				Contracted: mu("5"), Transferred: mu("5.01"),
			}},
		},
		{
			name: "ExcessOnlyWhileThreeInForce",
			transfers: []*land.Transfer{
				xfer(1, years(2020, 2027), 1, "2"),
				xfer(2, years(2021, 2022), 1, "2"),
				xfer(3, years(2022, 2023), 1, "2"),
			},
			want: []land.Finding{
				{
					Kind: land.FindingOverlap, Transfer: transferCode(2),
					Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
					Plot: plotCode(issuerA, 1), Period: years(2021, 2022),
				},
				{
					Kind: land.FindingOverlap, Transfer: transferCode(3),
					Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
					Plot: plotCode(issuerA, 1), Period: years(2022, 2023),
				},
				{
					Kind: land.FindingOverlap, Transfer: transferCode(3),
					Others: []land.TransferContractCode{transferCode(2)}, Contract: contract,
					Plot: plotCode(issuerA, 1), Period: years(2022, 2022),
				},
				{
					Kind: land.FindingExcessPlotArea, Transfer: transferCode(3),
					Others:   []land.TransferContractCode{transferCode(1), transferCode(2)},
					Contract: contract, Plot: plotCode(issuerA, 1), Period: years(2022, 2022),
					Contracted: mu("5"), Transferred: mu("6"),
				},
			},
		},
		{
			name:      "ExcessRegisteredTotal",
			contract:  checkContract("7.5"),
			transfers: []*land.Transfer{xfer(1, years(2020, 2025), 1, "5", 2, "3")},
			want: []land.Finding{{
				Kind: land.FindingExcessContractArea, Transfer: transferCode(1),
				Others: []land.TransferContractCode{}, Contract: contract, Period: years(2020, 2025),
				Contracted: mu("7.5"), Transferred: mu("8"),
			}},
		},
		{
			name:     "ExcessTotalWhileBothInForce",
			contract: checkContract("6"),
			transfers: []*land.Transfer{
				xfer(1, years(2020, 2022), 1, "4"),
				xfer(2, years(2021, 2023), 2, "3"),
			},
			want: []land.Finding{{
				Kind: land.FindingExcessContractArea, Transfer: transferCode(2),
				Others: []land.TransferContractCode{transferCode(1)}, Contract: contract,
				Period: years(2021, 2022), Contracted: mu("6"), Transferred: mu("7"),
			}},
		},
		{
			name:     "TotalIgnoresUncontractedPlot",
			contract: checkContract("6"),
			transfers: []*land.Transfer{
				xfer(1, years(2020, 2022), 1, "4", 7, "3"),
			},
			want: []land.Finding{{
				Kind: land.FindingPlotNotContracted, Transfer: transferCode(1), Contract: contract,
				Plot: plotCode(issuerA, 7), Period: years(2020, 2022), Transferred: mu("3"),
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.contract
			if c == nil {
				c = checkContract("")
			}
			got := land.CheckTransfers([]*land.Contract{c}, tt.transfers)
			assert.Equal(t, findingTexts(tt.want), findingTexts(got))
		})
	}
}

func TestCheckTransfersNoInput(t *testing.T) {
	assert.Empty(t, land.CheckTransfers(nil, nil))
	assert.Empty(t, land.CheckTransfers([]*land.Contract{checkContract("")}, nil))
}

func TestFindingString(t *testing.T) {
	findings := land.CheckTransfers([]*land.Contract{checkContract("6")}, []*land.Transfer{
		xfer(1, years(2020, 2030), 1, "6", 9, "1"),
		xfer(2, years(2021, 2022), 1, "1"),
		func() *land.Transfer {
			x := xfer(3, years(2020, 2021), 2, "1")
			x.Contract = contractCode(issuerB, 1)
			return x
		}(),
	})
	kinds := make(map[land.FindingKind]string)
	for _, f := range findings {
		kinds[f.Kind] = f.String()
	}
	tests := []struct {
		kind land.FindingKind
		want []string
	}{
		{land.FindingUnknownContract, []string{string(transferCode(3)), string(contractCode(issuerB, 1))}},
		{land.FindingPlotNotContracted, []string{string(transferCode(1)), string(plotCode(issuerA, 9))}},
		{land.FindingOutsideTerm, []string{string(transferCode(1)), "2020-01-01/2030-12-31", "1998-01-01/2027-12-31"}},
		{land.FindingOverlap, []string{string(transferCode(1)), string(transferCode(2)), "2021-01-01/2022-12-31"}},
		{land.FindingExcessPlotArea, []string{string(plotCode(issuerA, 1)), "7 mu", "5 mu"}},
		{land.FindingExcessContractArea, []string{string(contractCode(issuerA, 1)), "7 mu", "6 mu"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			got, ok := kinds[tt.kind]
			if !assert.Truef(t, ok, "no %s finding among %v", tt.kind, findingTexts(findings)) {
				return
			}
			for _, part := range tt.want {
				assert.Contains(t, got, part)
			}
		})
	}
}
