package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

// contractLink is the family contract that a plot is to be added to.
type contractLink struct {
	code land.ContractCode
}

// readContractor reads the mapped contractor code and checks that it belongs
// to the plot's issuer, as GB/T 35958-2018 builds both codes on the issuer
// code.
func (c *plotCandidate) readContractor(m attributeMap, opts PlotOptions) error {
	text := m.text(c.feature, "contractor")
	if text == "" {
		return nil
	}
	code, err := land.ParseContractorCode(text)
	if err != nil {
		return fieldError(m, "contractor", text, "invalid_contractor", "%v", err)
	}
	if issuer := c.issuer(opts); code.Issuer() != issuer {
		return fieldError(m, "contractor", text, "contractor_issuer",
			"contractor %s belongs to issuer %s, but the plot to issuer %s; a plot is contracted within its own issuer",
			code, code.Issuer(), issuer)
	}
	c.contractor = code
	return nil
}

// contractLink returns the contract that plot p of c is to be added to, or
// nil when c names no contractor or p is in that contractor's contract
// already. A plot in another contractor's contract is rejected, because
// moving a plot between contracts is a change of the contracts themselves.
func (im *plotImport) contractLink(ctx context.Context, c *plotCandidate, p *land.Plot) (*contractLink, error) {
	if c.contractor == "" {
		return nil, nil
	}
	_, err := im.s.Land.Contractor(ctx, c.contractor)
	if errors.Is(err, land.ErrNotFound) {
		return nil, fieldError(im.m, "contractor", string(c.contractor), "unknown_contractor",
			"contractor %s is not in the register; add the household first", c.contractor)
	}
	if err != nil {
		return nil, fmt.Errorf("read contractor %s: %w", c.contractor, err)
	}
	if p.Code != "" {
		contracts, _, err := im.s.Land.Contracts(ctx, land.ContractFilter{Plot: p.Code})
		if err != nil {
			return nil, fmt.Errorf("list the contracts of plot %s: %w", p.Code, err)
		}
		for _, k := range contracts {
			if k.Code.Contractor() == c.contractor {
				return nil, nil
			}
		}
		if len(contracts) > 0 {
			return nil, fieldError(im.m, "contractor", string(c.contractor), "contractor_conflict",
				"plot %s is in contract %s of another contractor; change the contracts before importing",
				p.Code, contracts[0].Code)
		}
	}

	code, err := land.NewContractCode(c.contractor, land.FamilyContracting)
	if err != nil {
		return nil, err
	}
	_, err = im.s.Land.Contract(ctx, code)
	switch {
	case errors.Is(err, land.ErrNotFound) && im.opts.ContractTerm == (land.Period{}):
		return nil, fieldError(im.m, "contractor", string(c.contractor), "missing_contract",
			"contractor %s has no family contract %s; give -contract-term START/END to create it", c.contractor, code)
	case err != nil && !errors.Is(err, land.ErrNotFound):
		return nil, fmt.Errorf("read contract %s: %w", code, err)
	}
	return &contractLink{code: code}, nil
}

// putLink adds p to the contract of link, creating the contract with
// PlotOptions.ContractTerm when it does not exist, and returns its audit entry.
func (im *plotImport) putLink(ctx context.Context, link *contractLink, p *land.Plot) (auditRecord, error) {
	k, err := im.s.Land.Contract(ctx, link.code)
	var before json.RawMessage
	switch {
	case errors.Is(err, land.ErrNotFound):
		k = &land.Contract{Code: link.code, Term: im.opts.ContractTerm}
	case err != nil:
		return auditRecord{}, err
	default:
		if before, err = json.Marshal(contractJSON(k)); err != nil {
			return auditRecord{}, err
		}
	}
	k.Plots = append(k.Plots, land.ContractedPlot{Plot: p.Code, Area: contractedArea(p)})
	if err := im.s.Land.PutContract(ctx, k); err != nil {
		return auditRecord{}, err
	}
	after, err := json.Marshal(contractJSON(k))
	if err != nil {
		return auditRecord{}, err
	}
	return auditRecord{kind: "contract", record: string(k.Code), division: string(p.Village), before: before, after: after}, nil
}

// contractedArea is the area in mu a plot enters its contract with: the
// declared area, or else the measured area rounded to 0.01 mu and at least
// 0.01 mu, since a contracted area must be positive.
func contractedArea(p *land.Plot) decimal.Decimal {
	if p.DeclaredArea.IsPositive() {
		return p.DeclaredArea
	}
	area := decimal.NewFromFloat(p.MeasuredAreaMu()).Round(2)
	return decimal.Max(area, decimal.New(1, -2))
}

// contractOutput is a contract as the audit log keeps it.
type contractOutput struct {
	Code      string              `json:"code"`
	TermStart string              `json:"term_start"`
	TermEnd   string              `json:"term_end"`
	Area      string              `json:"area_mu"`
	Plots     []contractedPlotOut `json:"plots"`
	Version   int64               `json:"version"`
}

type contractedPlotOut struct {
	Plot string `json:"plot"`
	Area string `json:"area_mu"`
}

func contractJSON(k *land.Contract) contractOutput {
	out := contractOutput{Code: string(k.Code), TermStart: k.Term.Start.String(), TermEnd: k.Term.End.String(),
		Area: sqlstore.DecimalText(k.Area), Plots: make([]contractedPlotOut, 0, len(k.Plots)), Version: k.Version}
	for _, cp := range k.Plots {
		out.Plots = append(out.Plots, contractedPlotOut{Plot: string(cp.Plot), Area: sqlstore.DecimalText(cp.Area)})
	}
	return out
}
