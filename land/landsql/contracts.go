package landsql

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var contracts = &sqlstore.Kind[land.Contract]{
	Name:     "contract",
	Table:    "contracts",
	Keys:     []string{"code"},
	Cols:     []string{"contractor", "term_start", "term_end", "area"},
	Key:      func(c *land.Contract) []any { return []any{string(c.Code)} },
	Label:    func(c *land.Contract) string { return string(c.Code) },
	Revision: func(c *land.Contract) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
	Values: func(d sqlstore.Dialect, c *land.Contract) ([]any, error) {
		if err := checkPeriod("term", c.Term); err != nil {
			return nil, fmt.Errorf("landsql: contract %s: %w", c.Code, err)
		}
		return []any{
			string(c.Code.Contractor()), d.DateArg(c.Term.Start), d.DateArg(c.Term.End),
			sqlstore.DecimalText(c.Area),
		}, nil
	},
	Scan:         scanContract,
	SaveChildren: saveContractPlots,
	LoadChildren: loadContractPlots,
}

var contractPlots = &sqlstore.Children{
	Table:  "contract_plots",
	Parent: "contract",
	Cols:   []string{"plot", "area"},
}

// PutContract stores c and its plots as [land.Store] describes.
func (s *Store) PutContract(ctx context.Context, c *land.Contract) error {
	return contracts.Put(ctx, s.handle, s.now(), c)
}

// Contract returns the contract with the code and its plots, or an error
// wrapping [land.ErrNotFound].
func (s *Store) Contract(ctx context.Context, code land.ContractCode) (*land.Contract, error) {
	return contracts.Get(ctx, s.handle, string(code), string(code))
}

// DeleteContract removes the contract with the code and its plot list, or
// returns an error wrapping [land.ErrNotFound]. The plots themselves stay.
func (s *Store) DeleteContract(ctx context.Context, code land.ContractCode) error {
	return contracts.Delete(ctx, s.handle, string(code), string(code))
}

// Contracts lists the contracts that pass f in code order.
func (s *Store) Contracts(ctx context.Context, f land.ContractFilter) ([]*land.Contract, string, error) {
	w := &sqlstore.Where{}
	w.Prefix("code", string(f.Issuer))
	w.Equal("contractor", string(f.Contractor))
	if f.Plot != "" {
		w.Add("EXISTS (SELECT 1 FROM contract_plots cp WHERE cp.contract = contracts.code AND cp.plot = ?)",
			string(f.Plot))
	}
	codeAfter(w, f.After)
	return contracts.List(ctx, s.handle, w, f.Page, func(c *land.Contract) string { return string(c.Code) })
}

func saveContractPlots(ctx context.Context, tx *sqlstore.Tx, c *land.Contract, created bool) error {
	rows := make([][]any, len(c.Plots))
	for i, p := range c.Plots {
		rows[i] = []any{string(p.Plot), sqlstore.DecimalText(p.Area)}
	}
	if err := contractPlots.Replace(ctx, tx, string(c.Code), rows, created); err != nil {
		return fmt.Errorf("landsql: store plots of contract %s: %w", c.Code, err)
	}
	return nil
}

func loadContractPlots(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect,
	contracts []*land.Contract) error {
	err := sqlstore.LoadChildren(ctx, q, d, contractPlots, contracts,
		func(c *land.Contract) string { return string(c.Code) },
		func(row sqlstore.Scanner) (land.ContractedPlot, error) {
			var p land.ContractedPlot
			var plot string
			err := row.Scan(&plot, sqlstore.DecimalScanner{D: &p.Area})
			p.Plot = land.PlotCode(plot)
			return p, err
		},
		func(c *land.Contract, p land.ContractedPlot) { c.Plots = append(c.Plots, p) })
	if err != nil {
		return fmt.Errorf("landsql: read plots of contracts: %w", err)
	}
	return nil
}

func scanContract(row sqlstore.Scanner) (*land.Contract, error) {
	var c land.Contract
	var code, contractor string
	err := row.Scan(&code, &contractor, sqlstore.DateScanner{D: &c.Term.Start}, sqlstore.DateScanner{D: &c.Term.End},
		sqlstore.DecimalScanner{D: &c.Area}, &c.Version, sqlstore.TimeScanner{T: &c.UpdatedAt})
	if err != nil {
		return nil, err
	}
	c.Code = land.ContractCode(code)
	return &c, nil
}
