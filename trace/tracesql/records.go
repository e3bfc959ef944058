package tracesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/trace"
)

var producers = newKind(kindSpec[trace.Producer]{
	name: "producer", table: "trace_producers", cols: []string{"division", "kind"},
	key: func(r *trace.Producer) string { return string(r.Code) },
	values: func(_ sqlstore.Dialect, r *trace.Producer) []any {
		return []any{string(r.Division), int64(r.Kind)}
	},
	revision: func(r *trace.Producer) *trace.Revision { return &r.Revision },
})

var products = newKind(kindSpec[trace.Product]{
	name: "product", table: "trace_products", cols: []string{"producer", "category"},
	key: func(r *trace.Product) string { return string(r.ID) },
	values: func(_ sqlstore.Dialect, r *trace.Product) []any {
		return []any{string(r.Producer), int64(r.Category)}
	},
	revision: func(r *trace.Product) *trace.Revision { return &r.Revision },
})

var batches = newKind(kindSpec[trace.Batch]{
	name: "batch", table: "trace_batches", cols: []string{"product", "plot", "origin", "harvested_on"},
	key: func(r *trace.Batch) string { return string(r.ID) },
	values: func(d sqlstore.Dialect, r *trace.Batch) []any {
		return []any{string(r.Product), string(r.Plot), string(r.Origin), d.DateArg(r.HarvestedOn)}
	},
	revision: func(r *trace.Batch) *trace.Revision { return &r.Revision },
})

var animals = newKind(kindSpec[trace.Animal]{
	name: "animal", table: "trace_animals", cols: []string{"farm", "origin"},
	key: func(r *trace.Animal) string { return string(r.Tag) },
	values: func(_ sqlstore.Dialect, r *trace.Animal) []any {
		return []any{string(r.Farm), string(r.Origin)}
	},
	revision:  func(r *trace.Animal) *trace.Revision { return &r.Revision },
	normalize: func(r *trace.Animal) { r.TaggedAt = trace.StoreTime(r.TaggedAt) },
})

var certificates = newKind(kindSpec[trace.Certificate]{
	name: "certificate", table: "trace_certificates", cols: []string{"batch", "issuer", "issued_on"},
	key: func(r *trace.Certificate) string { return r.Number },
	values: func(d sqlstore.Dialect, r *trace.Certificate) []any {
		return []any{string(r.Batch), string(r.Issuer.Code), d.DateArg(r.IssuedOn)}
	},
	revision: func(r *trace.Certificate) *trace.Revision { return &r.Revision },
})

var reports = newKind(kindSpec[trace.TestReport]{
	name: "test report", table: "trace_reports", cols: []string{"batch", "product", "result"},
	key: func(r *trace.TestReport) string { return r.Number },
	values: func(_ sqlstore.Dialect, r *trace.TestReport) []any {
		return []any{string(r.Batch), string(r.Product), int64(r.Result)}
	},
	revision: func(r *trace.TestReport) *trace.Revision { return &r.Revision },
})

var issuances = newKind(kindSpec[trace.Issuance]{
	name: "issuance", table: "trace_issuances",
	cols: []string{"batch", "scheme", "space", "first_serial", "last_serial", "state"},
	key:  func(r *trace.Issuance) string { return r.ID },
	values: func(_ sqlstore.Dialect, r *trace.Issuance) []any {
		return []any{string(r.Batch), int64(r.Scheme), r.Space, int64(r.First), int64(r.Last()), int64(r.State)}
	},
	revision: func(r *trace.Issuance) *trace.Revision { return &r.Revision },
	normalize: func(r *trace.Issuance) {
		r.ActivatedAt, r.IssuedAt = trace.StoreTime(r.ActivatedAt), trace.StoreTime(r.IssuedAt)
	},
	check: checkOverlap,
})

var codeStates = newKind(kindSpec[trace.CodeState]{
	name: "code state", table: "trace_code_states", cols: []string{"issuance", "sales", "voided"},
	key: func(r *trace.CodeState) string { return r.EPC },
	values: func(_ sqlstore.Dialect, r *trace.CodeState) []any {
		return []any{r.Issuance, int64(r.Sales), boolInt(r.Voided)}
	},
	revision: func(r *trace.CodeState) *trace.Revision { return &r.Revision },
	normalize: func(r *trace.CodeState) {
		r.FirstSale, r.LastSale = trace.StoreTime(r.FirstSale), trace.StoreTime(r.LastSale)
	},
})

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// checkOverlap rejects an issuance whose serial range overlaps that of another in its
// code space.
//
// NOTE: on PostgreSQL two transactions that create overlapping issuances at the same
// moment can both pass this check, because neither sees the other's row.
func checkOverlap(ctx context.Context, tx *sqlstore.Tx, i *trace.Issuance) error {
	var other string
	query := "SELECT id FROM trace_issuances WHERE scheme = ? AND space = ? AND id <> ? " +
		"AND first_serial <= ? AND last_serial >= ? LIMIT 1"
	err := tx.QueryRowContext(ctx, tx.Dialect.Bind(query), int64(i.Scheme), i.Space, i.ID, int64(i.Last()),
		int64(i.First)).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("tracesql: check serials of issuance %s: %w", i.ID, err)
	}
	return fmt.Errorf("tracesql: issuance %s: serials %d to %d of space %s overlap issuance %s: %w",
		i.ID, i.First, i.Last(), i.Space, other, trace.ErrConflict)
}

// PutProducer stores p as [trace.Store] describes.
func (s *Store) PutProducer(ctx context.Context, p *trace.Producer) error {
	return producers.put(ctx, s, p)
}

// Producer returns the producer with the credit code.
func (s *Store) Producer(ctx context.Context, code trace.CreditCode) (*trace.Producer, error) {
	return producers.get(ctx, s, string(code))
}

// DeleteProducer removes the producer with the credit code.
func (s *Store) DeleteProducer(ctx context.Context, code trace.CreditCode) error {
	return producers.remove(ctx, s, string(code))
}

// Producers lists producers in credit code order.
func (s *Store) Producers(ctx context.Context, f trace.ProducerFilter) ([]*trace.Producer, string, error) {
	var w sqlstore.Where
	w.Within("division", f.Division)
	w.Equal("kind", int64(f.Kind))
	return producers.list(ctx, s, &w, f.Page)
}

// PutProduct stores p as [trace.Store] describes.
func (s *Store) PutProduct(ctx context.Context, p *trace.Product) error {
	return products.put(ctx, s, p)
}

// Product returns the product with the id.
func (s *Store) Product(ctx context.Context, id trace.ProductID) (*trace.Product, error) {
	return products.get(ctx, s, string(id))
}

// DeleteProduct removes the product with the id.
func (s *Store) DeleteProduct(ctx context.Context, id trace.ProductID) error {
	return products.remove(ctx, s, string(id))
}

// Products lists products in id order.
func (s *Store) Products(ctx context.Context, f trace.ProductFilter) ([]*trace.Product, string, error) {
	var w sqlstore.Where
	w.Equal("producer", string(f.Producer))
	w.Equal("category", int64(f.Category))
	return products.list(ctx, s, &w, f.Page)
}

// PutBatch stores b as [trace.Store] describes.
func (s *Store) PutBatch(ctx context.Context, b *trace.Batch) error { return batches.put(ctx, s, b) }

// Batch returns the batch with the id.
func (s *Store) Batch(ctx context.Context, id trace.BatchID) (*trace.Batch, error) {
	return batches.get(ctx, s, string(id))
}

// DeleteBatch removes the batch with the id.
func (s *Store) DeleteBatch(ctx context.Context, id trace.BatchID) error {
	return batches.remove(ctx, s, string(id))
}

// Batches lists batches in id order.
func (s *Store) Batches(ctx context.Context, f trace.BatchFilter) ([]*trace.Batch, string, error) {
	var w sqlstore.Where
	w.Equal("product", string(f.Product))
	w.Equal("plot", string(f.Plot))
	w.Within("origin", f.Origin)
	d := s.dialect.shared()
	if !f.HarvestedFrom.IsZero() {
		w.Add("harvested_on >= ?", d.DateArg(f.HarvestedFrom))
	}
	if !f.HarvestedTo.IsZero() {
		w.Add("harvested_on <= ?", d.DateArg(f.HarvestedTo))
	}
	return batches.list(ctx, s, &w, f.Page)
}

// PutAnimal stores a as [trace.Store] describes.
func (s *Store) PutAnimal(ctx context.Context, a *trace.Animal) error { return animals.put(ctx, s, a) }

// Animal returns the animal with the ear tag.
func (s *Store) Animal(ctx context.Context, tag trace.EarTag) (*trace.Animal, error) {
	return animals.get(ctx, s, string(tag))
}

// DeleteAnimal removes the animal with the ear tag.
func (s *Store) DeleteAnimal(ctx context.Context, tag trace.EarTag) error {
	return animals.remove(ctx, s, string(tag))
}

// Animals lists animals in ear tag order.
func (s *Store) Animals(ctx context.Context, f trace.AnimalFilter) ([]*trace.Animal, string, error) {
	var w sqlstore.Where
	w.Equal("farm", string(f.Farm))
	w.Within("origin", f.Origin)
	if f.Species != 0 {
		// The first digit of an ear tag is its species code.
		lo := string(rune('0' + f.Species))
		w.Add("id >= ? AND id < ?", lo, string(rune('0'+f.Species+1)))
	}
	return animals.list(ctx, s, &w, f.Page)
}

// PutCertificate stores c as [trace.Store] describes.
func (s *Store) PutCertificate(ctx context.Context, c *trace.Certificate) error {
	return certificates.put(ctx, s, c)
}

// Certificate returns the certificate with the number.
func (s *Store) Certificate(ctx context.Context, number string) (*trace.Certificate, error) {
	return certificates.get(ctx, s, number)
}

// DeleteCertificate removes the certificate with the number.
func (s *Store) DeleteCertificate(ctx context.Context, number string) error {
	return certificates.remove(ctx, s, number)
}

// Certificates lists certificates in number order.
func (s *Store) Certificates(ctx context.Context, f trace.CertificateFilter) ([]*trace.Certificate, string, error) {
	var w sqlstore.Where
	w.Equal("batch", string(f.Batch))
	w.Equal("issuer", string(f.Issuer))
	d := s.dialect.shared()
	if !f.IssuedFrom.IsZero() {
		w.Add("issued_on >= ?", d.DateArg(f.IssuedFrom))
	}
	if !f.IssuedTo.IsZero() {
		w.Add("issued_on <= ?", d.DateArg(f.IssuedTo))
	}
	return certificates.list(ctx, s, &w, f.Page)
}

// PutReport stores r as [trace.Store] describes.
func (s *Store) PutReport(ctx context.Context, r *trace.TestReport) error {
	return reports.put(ctx, s, r)
}

// Report returns the test report with the number.
func (s *Store) Report(ctx context.Context, number string) (*trace.TestReport, error) {
	return reports.get(ctx, s, number)
}

// DeleteReport removes the test report with the number.
func (s *Store) DeleteReport(ctx context.Context, number string) error {
	return reports.remove(ctx, s, number)
}

// Reports lists test reports in number order.
func (s *Store) Reports(ctx context.Context, f trace.ReportFilter) ([]*trace.TestReport, string, error) {
	var w sqlstore.Where
	w.Equal("batch", string(f.Batch))
	w.Equal("product", string(f.Product))
	w.Equal("result", int64(f.Result))
	return reports.list(ctx, s, &w, f.Page)
}
