package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var contractsTable = table{
	name: "contracts",
	kind: "contract",
	keys: []string{"code"},
	cols: []string{"contractor", "term_start", "term_end", "area"},
}

var contractPlotsTable = childTable{
	name:   "contract_plots",
	parent: "contract",
	cols:   []string{"plot", "area"},
}

// PutContract stores c and its plots as [land.Store] describes.
func (s *Store) PutContract(ctx context.Context, c *land.Contract) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if err := checkPeriod("term", c.Term); err != nil {
		return fmt.Errorf("landsql: contract %s: %w", c.Code, err)
	}
	r := record{
		key: []any{string(c.Code)},
		values: []any{
			string(c.Code.Contractor()), s.dialect.dateArg(c.Term.Start), s.dialect.dateArg(c.Term.End),
			sqlstore.DecimalText(c.Area),
		},
		version: c.Version,
		name:    string(c.Code),
	}
	plots := make([][]any, len(c.Plots))
	for i, p := range c.Plots {
		plots[i] = []any{string(p.Plot), sqlstore.DecimalText(p.Area)}
	}

	at := s.now()
	var version int64
	err := s.write(ctx, func(tx *writeTx) error {
		var err error
		if version, err = s.put(ctx, tx, contractsTable, r, at); err != nil {
			return err
		}
		if err := contractPlotsTable.replace(ctx, s, tx, string(c.Code), plots, r.version == 0); err != nil {
			return fmt.Errorf("landsql: store plots of contract %s: %w", c.Code, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Version, c.UpdatedAt = version, at
	return nil
}

// Contract returns the contract with the code and its plots, or an error
// wrapping [land.ErrNotFound].
func (s *Store) Contract(ctx context.Context, code land.ContractCode) (*land.Contract, error) {
	var c *land.Contract
	err := s.read(ctx, func(tx *sql.Tx) error {
		query := s.dialect.rebind(contractsTable.selectSQL() + " WHERE code = ?")
		var err error
		if c, err = scanContract(tx.QueryRowContext(ctx, query, string(code))); err != nil {
			return err
		}
		return s.loadContractPlots(ctx, tx, []*land.Contract{c})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: contract %s: %w", code, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read contract %s: %w", code, err)
	}
	return c, nil
}

// DeleteContract removes the contract with the code and its plot list, or
// returns an error wrapping [land.ErrNotFound]. The plots themselves stay.
func (s *Store) DeleteContract(ctx context.Context, code land.ContractCode) error {
	return s.remove(ctx, contractsTable, string(code), string(code))
}

// Contracts lists the contracts that pass f in code order.
func (s *Store) Contracts(ctx context.Context, f land.ContractFilter) ([]*land.Contract, string, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, "", err
	}
	w := &where{}
	w.prefix("code", string(f.Issuer))
	if f.Contractor != "" {
		w.add("contractor = ?", string(f.Contractor))
	}
	if f.Plot != "" {
		w.add("EXISTS (SELECT 1 FROM contract_plots cp WHERE cp.contract = contracts.code AND cp.plot = ?)",
			string(f.Plot))
	}
	if f.After != "" {
		w.add("code > ?", f.After)
	}

	var contracts []*land.Contract
	var next string
	err := s.read(ctx, func(tx *sql.Tx) error {
		var err error
		contracts, next, err = page(ctx, s, tx, contractsTable, w, "code", f.Page, scanContract,
			func(c *land.Contract) string { return string(c.Code) })
		if err != nil {
			return err
		}
		if err := s.loadContractPlots(ctx, tx, contracts); err != nil {
			return fmt.Errorf("landsql: list contracts: %w", err)
		}
		return nil
	})
	return contracts, next, err
}

func (s *Store) loadContractPlots(ctx context.Context, tx *sql.Tx, contracts []*land.Contract) error {
	byCode := make(map[string]*land.Contract, len(contracts))
	codes := make([]string, len(contracts))
	for i, c := range contracts {
		byCode[string(c.Code)] = c
		codes[i] = string(c.Code)
	}
	return contractPlotsTable.load(ctx, s, tx, codes, func(row scanner) error {
		var code, plot string
		var p land.ContractedPlot
		if err := row.Scan(&code, &plot, sqlstore.DecimalScanner{D: &p.Area}); err != nil {
			return err
		}
		p.Plot = land.PlotCode(plot)
		c := byCode[code]
		c.Plots = append(c.Plots, p)
		return nil
	})
}

func scanContract(row scanner) (*land.Contract, error) {
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
