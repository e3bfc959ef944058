package watersql

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

var bills = &sqlstore.Kind[water.BillRecord]{
	Name:  "bill",
	Table: "water_bills",
	Keys:  []string{"id"},
	Cols: []string{"well", "kind", "period_start", "period_end", "plan", "used", "rate", "band", "lines",
		"base", "surcharge", "total", "issued", "due"},
	Key:   func(b *water.BillRecord) []any { return []any{b.ID} },
	Label: func(b *water.BillRecord) string { return b.ID },
	Values: func(d sqlstore.Dialect, b *water.BillRecord) ([]any, error) {
		c := &b.Charge
		lines, err := encodeChargeLines(c.Lines)
		return []any{string(b.Well), int64(b.Kind), d.DateArg(b.Period.Start), d.DateArg(b.Period.End),
			sqlstore.DecimalText(c.Plan), sqlstore.DecimalText(c.Used), sqlstore.DecimalText(c.Rate), c.Band, lines,
			sqlstore.DecimalText(c.Base), sqlstore.DecimalText(c.Surcharge), sqlstore.DecimalText(c.Total),
			d.DateArg(b.Issued), d.DateArg(b.Due)}, err
	},
	Scan: func(row sqlstore.Scanner) (*water.BillRecord, error) {
		var b water.BillRecord
		var lines string
		c := &b.Charge
		err := row.Scan(&b.ID, textValue[water.WellCode]{&b.Well}, enumValue[water.ChargeKind]{&b.Kind},
			sqlstore.DateScanner{D: &b.Period.Start}, sqlstore.DateScanner{D: &b.Period.End},
			sqlstore.DecimalScanner{D: &c.Plan}, sqlstore.DecimalScanner{D: &c.Used}, sqlstore.DecimalScanner{D: &c.Rate}, &c.Band, &lines,
			sqlstore.DecimalScanner{D: &c.Base}, sqlstore.DecimalScanner{D: &c.Surcharge}, sqlstore.DecimalScanner{D: &c.Total},
			sqlstore.DateScanner{D: &b.Issued}, sqlstore.DateScanner{D: &b.Due}, &b.Version, sqlstore.TimeScanner{T: &b.UpdatedAt})
		if err != nil {
			return nil, err
		}
		c.Lines, err = decodeChargeLines(lines)
		return &b, err
	},
	Revision: func(b *water.BillRecord) (*int64, *time.Time) { return &b.Version, &b.UpdatedAt },
}

var payments = &sqlstore.Kind[water.PaymentRecord]{
	Name:  "payment",
	Table: "water_payments",
	Keys:  []string{"id"},
	Cols:  []string{"well", "bill", "paid", "amount"},
	Key:   func(p *water.PaymentRecord) []any { return []any{p.ID} },
	Label: func(p *water.PaymentRecord) string { return p.ID },
	Values: func(d sqlstore.Dialect, p *water.PaymentRecord) ([]any, error) {
		return []any{string(p.Well), p.Bill, d.DateArg(p.Paid), sqlstore.DecimalText(p.Amount)}, nil
	},
	Scan: func(row sqlstore.Scanner) (*water.PaymentRecord, error) {
		var p water.PaymentRecord
		err := row.Scan(&p.ID, textValue[water.WellCode]{&p.Well}, &p.Bill, sqlstore.DateScanner{D: &p.Paid},
			sqlstore.DecimalScanner{D: &p.Amount}, &p.Version, sqlstore.TimeScanner{T: &p.UpdatedAt})
		if err != nil {
			return nil, err
		}
		return &p, nil
	},
	Revision: func(p *water.PaymentRecord) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
}

// idAfter adds the condition of a page token that is the last id listed.
func idAfter(w *sqlstore.Where, after string) {
	if after != "" {
		w.Add("id > ?", after)
	}
}

// PutBill stores b as [water.Store] describes.
func (s *Store) PutBill(ctx context.Context, b *water.BillRecord) error {
	return bills.Put(ctx, s.handle, s.now(), b)
}

// Bill returns the bill with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Bill(ctx context.Context, id string) (*water.BillRecord, error) {
	return bills.Get(ctx, s.handle, id, id)
}

// DeleteBill removes the bill with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteBill(ctx context.Context, id string) error {
	return bills.Delete(ctx, s.handle, id, id)
}

// Bills lists the bills that pass f in id order.
func (s *Store) Bills(ctx context.Context, f water.BillFilter) ([]*water.BillRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("well", string(f.Well))
	idAfter(w, f.After)
	return bills.List(ctx, s.handle, w, f.Page, func(b *water.BillRecord) string { return b.ID })
}

// PutPayment stores p as [water.Store] describes.
func (s *Store) PutPayment(ctx context.Context, p *water.PaymentRecord) error {
	return payments.Put(ctx, s.handle, s.now(), p)
}

// Payment returns the payment with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Payment(ctx context.Context, id string) (*water.PaymentRecord, error) {
	return payments.Get(ctx, s.handle, id, id)
}

// DeletePayment removes the payment with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeletePayment(ctx context.Context, id string) error {
	return payments.Delete(ctx, s.handle, id, id)
}

// Payments lists the payments that pass f in id order.
func (s *Store) Payments(ctx context.Context, f water.PaymentFilter) ([]*water.PaymentRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("well", string(f.Well))
	w.Equal("bill", f.Bill)
	idAfter(w, f.After)
	return payments.List(ctx, s.handle, w, f.Page, func(p *water.PaymentRecord) string { return p.ID })
}
