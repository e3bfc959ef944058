package landsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var transfersTable = table{
	name: "transfers",
	kind: "transfer",
	keys: []string{"code"},
	cols: []string{
		"contract", "lessor", "lessee_name", "lessee_id", "lessee_contractor", "method",
		"period_start", "period_end", "rent", "signed",
	},
}

var transferPlotsTable = childTable{
	name:   "transfer_plots",
	parent: "transfer",
	cols:   []string{"plot", "area"},
}

// PutTransfer stores t and its plots as [land.Store] describes.
func (s *Store) PutTransfer(ctx context.Context, t *land.Transfer) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if err := checkPeriod("period", t.Period); err != nil {
		return fmt.Errorf("landsql: transfer %s: %w", t.Code, err)
	}
	if err := checkDate("signing date", t.Signed); err != nil {
		return fmt.Errorf("landsql: transfer %s: %w", t.Code, err)
	}
	d := s.dialect
	r := record{
		key: []any{string(t.Code)},
		values: []any{
			string(t.Contract), string(t.Contract.Contractor()), t.Lessee.Name, t.Lessee.ID,
			string(t.Lessee.Contractor), int64(t.Method), d.dateArg(t.Period.Start),
			d.dateArg(t.Period.End), sqlstore.DecimalText(t.Rent), d.dateArg(t.Signed),
		},
		version: t.Version,
		name:    string(t.Code),
	}
	plots := make([][]any, len(t.Plots))
	for i, p := range t.Plots {
		plots[i] = []any{string(p.Plot), sqlstore.DecimalText(p.Area)}
	}

	at := s.now()
	var version int64
	err := s.write(ctx, func(tx *writeTx) error {
		var err error
		if version, err = s.put(ctx, tx, transfersTable, r, at); err != nil {
			return err
		}
		if err := transferPlotsTable.replace(ctx, s, tx, string(t.Code), plots, r.version == 0); err != nil {
			return fmt.Errorf("landsql: store plots of transfer %s: %w", t.Code, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	t.Version, t.UpdatedAt = version, at
	return nil
}

// Transfer returns the transfer with the code and its plots, or an error
// wrapping [land.ErrNotFound].
func (s *Store) Transfer(ctx context.Context, code land.TransferContractCode) (*land.Transfer, error) {
	var t *land.Transfer
	err := s.read(ctx, func(tx *sql.Tx) error {
		query := s.dialect.rebind(transfersTable.selectSQL() + " WHERE code = ?")
		var err error
		if t, err = scanTransfer(tx.QueryRowContext(ctx, query, string(code))); err != nil {
			return err
		}
		return s.loadTransferPlots(ctx, tx, []*land.Transfer{t})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("landsql: transfer %s: %w", code, land.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("landsql: read transfer %s: %w", code, err)
	}
	return t, nil
}

// DeleteTransfer removes the transfer with the code and its plot list, or
// returns an error wrapping [land.ErrNotFound].
func (s *Store) DeleteTransfer(ctx context.Context, code land.TransferContractCode) error {
	return s.remove(ctx, transfersTable, string(code), string(code))
}

// Transfers lists the transfers that pass f in code order.
func (s *Store) Transfers(ctx context.Context, f land.TransferFilter) ([]*land.Transfer, string, error) {
	w, err := s.transferWhere(f)
	if err != nil {
		return nil, "", err
	}

	var transfers []*land.Transfer
	var next string
	err = s.read(ctx, func(tx *sql.Tx) error {
		var err error
		transfers, next, err = page(ctx, s, tx, transfersTable, w, "code", f.Page, scanTransfer,
			func(t *land.Transfer) string { return string(t.Code) })
		if err != nil {
			return err
		}
		if err := s.loadTransferPlots(ctx, tx, transfers); err != nil {
			return fmt.Errorf("landsql: list transfers: %w", err)
		}
		return nil
	})
	return transfers, next, err
}

func (s *Store) transferWhere(f land.TransferFilter) (*where, error) {
	if err := f.Page.Validate(); err != nil {
		return nil, err
	}
	w := &where{}
	w.prefix("contract", string(f.Issuer))
	if f.Contract != "" {
		w.add("contract = ?", string(f.Contract))
	}
	if f.Lessor != "" {
		w.add("lessor = ?", string(f.Lessor))
	}
	if f.Plot != "" {
		w.add("EXISTS (SELECT 1 FROM transfer_plots tp WHERE tp.transfer = transfers.code AND tp.plot = ?)",
			string(f.Plot))
	}
	if !f.ActiveOn.IsZero() {
		if err := checkDate("active-on date", f.ActiveOn); err != nil {
			return nil, err
		}
		day := s.dialect.dateArg(f.ActiveOn)
		w.add("period_start <= ? AND period_end >= ?", day, day)
	}
	if f.After != "" {
		w.add("code > ?", f.After)
	}
	return w, nil
}

func (s *Store) loadTransferPlots(ctx context.Context, tx *sql.Tx, transfers []*land.Transfer) error {
	byCode := make(map[string]*land.Transfer, len(transfers))
	codes := make([]string, len(transfers))
	for i, t := range transfers {
		byCode[string(t.Code)] = t
		codes[i] = string(t.Code)
	}
	return transferPlotsTable.load(ctx, s, tx, codes, func(row scanner) error {
		var code, plot string
		var p land.TransferredPlot
		if err := row.Scan(&code, &plot, sqlstore.DecimalScanner{D: &p.Area}); err != nil {
			return err
		}
		p.Plot = land.PlotCode(plot)
		t := byCode[code]
		t.Plots = append(t.Plots, p)
		return nil
	})
}

func scanTransfer(row scanner) (*land.Transfer, error) {
	var t land.Transfer
	var code, contract, lessor, lesseeContractor string
	var method int64
	err := row.Scan(&code, &contract, &lessor, &t.Lessee.Name, &t.Lessee.ID, &lesseeContractor,
		&method, sqlstore.DateScanner{D: &t.Period.Start}, sqlstore.DateScanner{D: &t.Period.End}, sqlstore.DecimalScanner{D: &t.Rent},
		sqlstore.DateScanner{D: &t.Signed}, &t.Version, sqlstore.TimeScanner{T: &t.UpdatedAt})
	if err != nil {
		return nil, err
	}
	t.Code, t.Contract = land.TransferContractCode(code), land.ContractCode(contract)
	t.Lessee.Contractor, t.Method = land.ContractorCode(lesseeContractor), land.TransferMethod(method)
	return &t, nil
}
