package landsql

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
)

var transfers = &sqlstore.Kind[land.Transfer]{
	Name:  "transfer",
	Table: "transfers",
	Keys:  []string{"code"},
	Cols: []string{
		"contract", "lessor", "lessee_name", "lessee_id", "lessee_contractor", "method",
		"period_start", "period_end", "rent", "signed",
	},
	Key:          func(t *land.Transfer) []any { return []any{string(t.Code)} },
	Label:        func(t *land.Transfer) string { return string(t.Code) },
	Revision:     func(t *land.Transfer) (*int64, *time.Time) { return &t.Version, &t.UpdatedAt },
	Values:       transferValues,
	Scan:         scanTransfer,
	SaveChildren: saveTransferPlots,
	LoadChildren: loadTransferPlots,
}

var transferPlots = &sqlstore.Children{
	Table:  "transfer_plots",
	Parent: "transfer",
	Cols:   []string{"plot", "area"},
}

func transferValues(d sqlstore.Dialect, t *land.Transfer) ([]any, error) {
	if err := checkPeriod("period", t.Period); err != nil {
		return nil, fmt.Errorf("landsql: transfer %s: %w", t.Code, err)
	}
	if err := checkDate("signing date", t.Signed); err != nil {
		return nil, fmt.Errorf("landsql: transfer %s: %w", t.Code, err)
	}
	return []any{
		string(t.Contract), string(t.Contract.Contractor()), t.Lessee.Name, t.Lessee.ID,
		string(t.Lessee.Contractor), int64(t.Method), d.DateArg(t.Period.Start),
		d.DateArg(t.Period.End), sqlstore.DecimalText(t.Rent), d.DateArg(t.Signed),
	}, nil
}

// PutTransfer stores t and its plots as [land.Store] describes.
func (s *Store) PutTransfer(ctx context.Context, t *land.Transfer) error {
	return transfers.Put(ctx, s.handle, s.now(), t)
}

// Transfer returns the transfer with the code and its plots, or an error
// wrapping [land.ErrNotFound].
func (s *Store) Transfer(ctx context.Context, code land.TransferContractCode) (*land.Transfer, error) {
	return transfers.Get(ctx, s.handle, string(code), string(code))
}

// DeleteTransfer removes the transfer with the code and its plot list, or
// returns an error wrapping [land.ErrNotFound].
func (s *Store) DeleteTransfer(ctx context.Context, code land.TransferContractCode) error {
	return transfers.Delete(ctx, s.handle, string(code), string(code))
}

// Transfers lists the transfers that pass f in code order.
func (s *Store) Transfers(ctx context.Context, f land.TransferFilter) ([]*land.Transfer, string, error) {
	w := &sqlstore.Where{}
	w.Prefix("contract", string(f.Issuer))
	w.Equal("contract", string(f.Contract))
	w.Equal("lessor", string(f.Lessor))
	if f.Plot != "" {
		w.Add("EXISTS (SELECT 1 FROM transfer_plots tp WHERE tp.transfer = transfers.code AND tp.plot = ?)",
			string(f.Plot))
	}
	if !f.ActiveOn.IsZero() {
		if err := checkDate("active-on date", f.ActiveOn); err != nil {
			return nil, "", err
		}
		day := s.dialect.dateArg(f.ActiveOn)
		w.Add("period_start <= ? AND period_end >= ?", day, day)
	}
	codeAfter(w, f.After)
	return transfers.List(ctx, s.handle, w, f.Page, func(t *land.Transfer) string { return string(t.Code) })
}

func saveTransferPlots(ctx context.Context, tx *sqlstore.Tx, t *land.Transfer, created bool) error {
	rows := make([][]any, len(t.Plots))
	for i, p := range t.Plots {
		rows[i] = []any{string(p.Plot), sqlstore.DecimalText(p.Area)}
	}
	if err := transferPlots.Replace(ctx, tx, string(t.Code), rows, created); err != nil {
		return fmt.Errorf("landsql: store plots of transfer %s: %w", t.Code, err)
	}
	return nil
}

func loadTransferPlots(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect,
	transfers []*land.Transfer) error {
	err := sqlstore.LoadChildren(ctx, q, d, transferPlots, transfers,
		func(t *land.Transfer) string { return string(t.Code) },
		func(row sqlstore.Scanner) (land.TransferredPlot, error) {
			var p land.TransferredPlot
			var plot string
			err := row.Scan(&plot, sqlstore.DecimalScanner{D: &p.Area})
			p.Plot = land.PlotCode(plot)
			return p, err
		},
		func(t *land.Transfer, p land.TransferredPlot) { t.Plots = append(t.Plots, p) })
	if err != nil {
		return fmt.Errorf("landsql: read plots of transfers: %w", err)
	}
	return nil
}

func scanTransfer(row sqlstore.Scanner) (*land.Transfer, error) {
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
