package watersql

import (
	"context"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

var bills = &kind[water.BillRecord]{
	name:  "bill",
	table: "water_bills",
	keys:  []string{"id"},
	cols: []string{"well", "kind", "period_start", "period_end", "plan", "used", "rate", "band", "lines",
		"base", "surcharge", "total", "issued", "due"},
	key:   func(b *water.BillRecord) []any { return []any{b.ID} },
	label: func(b *water.BillRecord) string { return b.ID },
	values: func(d Dialect, b *water.BillRecord) ([]any, error) {
		c := &b.Charge
		lines, err := encodeChargeLines(c.Lines)
		return []any{string(b.Well), int64(b.Kind), d.dateArg(b.Period.Start), d.dateArg(b.Period.End),
			sqlstore.DecimalText(c.Plan), sqlstore.DecimalText(c.Used), sqlstore.DecimalText(c.Rate), c.Band, lines,
			sqlstore.DecimalText(c.Base), sqlstore.DecimalText(c.Surcharge), sqlstore.DecimalText(c.Total),
			d.dateArg(b.Issued), d.dateArg(b.Due)}, err
	},
	scan: func(row scanner) (*water.BillRecord, error) {
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
	revision: func(b *water.BillRecord) *water.Revision { return &b.Revision },
}

var payments = &kind[water.PaymentRecord]{
	name:  "payment",
	table: "water_payments",
	keys:  []string{"id"},
	cols:  []string{"well", "bill", "paid", "amount"},
	key:   func(p *water.PaymentRecord) []any { return []any{p.ID} },
	label: func(p *water.PaymentRecord) string { return p.ID },
	values: func(d Dialect, p *water.PaymentRecord) ([]any, error) {
		return []any{string(p.Well), p.Bill, d.dateArg(p.Paid), sqlstore.DecimalText(p.Amount)}, nil
	},
	scan: func(row scanner) (*water.PaymentRecord, error) {
		var p water.PaymentRecord
		err := row.Scan(&p.ID, textValue[water.WellCode]{&p.Well}, &p.Bill, sqlstore.DateScanner{D: &p.Paid},
			sqlstore.DecimalScanner{D: &p.Amount}, &p.Version, sqlstore.TimeScanner{T: &p.UpdatedAt})
		if err != nil {
			return nil, err
		}
		return &p, nil
	},
	revision: func(p *water.PaymentRecord) *water.Revision { return &p.Revision },
}

// idAfter adds the condition of a page token that is the last id listed.
func idAfter(w *where, after string) {
	if after != "" {
		w.add("id > ?", after)
	}
}

// PutBill stores b as [water.Store] describes.
func (s *Store) PutBill(ctx context.Context, b *water.BillRecord) error { return bills.put(ctx, s, b) }

// Bill returns the bill with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Bill(ctx context.Context, id string) (*water.BillRecord, error) {
	return bills.get(ctx, s, id, id)
}

// DeleteBill removes the bill with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteBill(ctx context.Context, id string) error { return bills.remove(ctx, s, id, id) }

// Bills lists the bills that pass f in id order.
func (s *Store) Bills(ctx context.Context, f water.BillFilter) ([]*water.BillRecord, string, error) {
	w := &where{}
	equal(w, "well", string(f.Well))
	idAfter(w, f.After)
	return bills.list(ctx, s, w, f.Page, func(b *water.BillRecord) string { return b.ID })
}

// PutPayment stores p as [water.Store] describes.
func (s *Store) PutPayment(ctx context.Context, p *water.PaymentRecord) error {
	return payments.put(ctx, s, p)
}

// Payment returns the payment with the id, or an error wrapping [water.ErrNotFound].
func (s *Store) Payment(ctx context.Context, id string) (*water.PaymentRecord, error) {
	return payments.get(ctx, s, id, id)
}

// DeletePayment removes the payment with the id, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeletePayment(ctx context.Context, id string) error {
	return payments.remove(ctx, s, id, id)
}

// Payments lists the payments that pass f in id order.
func (s *Store) Payments(ctx context.Context, f water.PaymentFilter) ([]*water.PaymentRecord, string, error) {
	w := &where{}
	equal(w, "well", string(f.Well))
	equal(w, "bill", f.Bill)
	idAfter(w, f.After)
	return payments.list(ctx, s, w, f.Page, func(p *water.PaymentRecord) string { return p.ID })
}
