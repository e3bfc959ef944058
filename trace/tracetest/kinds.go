package tracetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// recordKind completes k, whose Seq returns a valid record with every field set and
// the key seq: Seq(1) is the record of the checks of one record, and Seq(0) to Seq(3)
// are a listing in key order. invalidate makes a record fail its Validate method.
func recordKind[T any](k storetest.Kind[trace.Store, T], invalidate func(*T)) storetest.Kind[trace.Store, T] {
	k.Fresh = func() *T { return k.Seq(1) }
	k.Count = 4
	k.Invalid = func() *T {
		r := k.Seq(1)
		invalidate(r)
		return r
	}
	k.Equal = func(t *testing.T, want, got *T, msgAndArgs ...any) {
		t.Helper()
		assert.Equal(t, want, got, msgAndArgs...)
	}
	return k
}

func producerKind() storetest.Kind[trace.Store, trace.Producer] {
	codes := []trace.CreditCode{"91653221MA7X0K2P4F", "92653221MA78FAM014", "93653221MA78ABCD1U", "N2653221MA78HT001J"}
	kinds := []trace.ProducerKind{trace.Company, trace.FamilyFarm, trace.Cooperative, trace.Collective}
	return recordKind(storetest.Kind[trace.Store, trace.Producer]{
		Seq:      func(seq int) *trace.Producer { return producer(codes[seq%4], kinds[seq%4], villageA) },
		Modify:   func(p *trace.Producer) { p.Name += " 改" },
		Revision: func(p *trace.Producer) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		Key:      func(p *trace.Producer) string { return string(p.Code) },
		Put:      trace.Store.PutProducer,
		Get: func(s trace.Store, ctx context.Context, p *trace.Producer) (*trace.Producer, error) {
			return s.Producer(ctx, p.Code)
		},
		Delete: func(s trace.Store, ctx context.Context, p *trace.Producer) error {
			return s.DeleteProducer(ctx, p.Code)
		},
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Producer, string, error) {
			return s.Producers(ctx, trace.ProducerFilter{Page: page})
		},
	}, func(p *trace.Producer) { p.Name = "" })
}

func productKind() storetest.Kind[trace.Store, trace.Product] {
	return recordKind(storetest.Kind[trace.Store, trace.Product]{
		Seq:      func(seq int) *trace.Product { return product(seq, coop, trace.Fruit) },
		Modify:   func(p *trace.Product) { p.Variety = "灰枣"; p.GTIN = "" },
		Revision: func(p *trace.Product) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		Key:      func(p *trace.Product) string { return string(p.ID) },
		Put:      trace.Store.PutProduct,
		Get: func(s trace.Store, ctx context.Context, p *trace.Product) (*trace.Product, error) {
			return s.Product(ctx, p.ID)
		},
		Delete: func(s trace.Store, ctx context.Context, p *trace.Product) error { return s.DeleteProduct(ctx, p.ID) },
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Product, string, error) {
			return s.Products(ctx, trace.ProductFilter{Page: page})
		},
	}, func(p *trace.Product) { p.Unit = "jin" })
}

func batchKind() storetest.Kind[trace.Store, trace.Batch] {
	return recordKind(storetest.Kind[trace.Store, trace.Batch]{
		Seq: func(seq int) *trace.Batch {
			return batch(seq, "P-0001", villageA, land.NewDate(2024, time.October, 8))
		},
		Modify: func(b *trace.Batch) {
			b.Quantity.Value = dec("999.000")
			b.Planting, b.Plot = land.PlantingKey{}, ""
		},
		Revision: func(b *trace.Batch) (*int64, *time.Time) { return &b.Version, &b.UpdatedAt },
		Key:      func(b *trace.Batch) string { return string(b.ID) },
		Put:      trace.Store.PutBatch,
		Get: func(s trace.Store, ctx context.Context, b *trace.Batch) (*trace.Batch, error) {
			return s.Batch(ctx, b.ID)
		},
		Delete: func(s trace.Store, ctx context.Context, b *trace.Batch) error { return s.DeleteBatch(ctx, b.ID) },
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Batch, string, error) {
			return s.Batches(ctx, trace.BatchFilter{Page: page})
		},
	}, func(b *trace.Batch) { b.HarvestedOn = land.Date{} })
}

func animalKind() storetest.Kind[trace.Store, trace.Animal] {
	return recordKind(storetest.Kind[trace.Store, trace.Animal]{
		Seq:      func(seq int) *trace.Animal { return animal(seq, coop, trace.Sheep) },
		Modify:   func(a *trace.Animal) { a.Sex = trace.Male; a.BornOn = land.Date{}; a.TaggedAt = time.Time{} },
		Revision: func(a *trace.Animal) (*int64, *time.Time) { return &a.Version, &a.UpdatedAt },
		Key:      func(a *trace.Animal) string { return string(a.Tag) },
		Put:      trace.Store.PutAnimal,
		Get: func(s trace.Store, ctx context.Context, a *trace.Animal) (*trace.Animal, error) {
			return s.Animal(ctx, a.Tag)
		},
		Delete: func(s trace.Store, ctx context.Context, a *trace.Animal) error { return s.DeleteAnimal(ctx, a.Tag) },
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Animal, string, error) {
			return s.Animals(ctx, trace.AnimalFilter{Page: page})
		},
	}, func(a *trace.Animal) { a.Farm = "" })
}

func certificateKind() storetest.Kind[trace.Store, trace.Certificate] {
	return recordKind(storetest.Kind[trace.Store, trace.Certificate]{
		Seq: func(seq int) *trace.Certificate {
			return certificate(seq, "B-0001", coop, land.NewDate(2024, time.October, 9))
		},
		Modify:   func(c *trace.Certificate) { c.Quantity.Value = dec("12.340"); c.Bases = trace.Bases(trace.OwnTesting) },
		Revision: func(c *trace.Certificate) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
		Key:      func(c *trace.Certificate) string { return c.Number },
		Put:      trace.Store.PutCertificate,
		Get: func(s trace.Store, ctx context.Context, c *trace.Certificate) (*trace.Certificate, error) {
			return s.Certificate(ctx, c.Number)
		},
		Delete: func(s trace.Store, ctx context.Context, c *trace.Certificate) error {
			return s.DeleteCertificate(ctx, c.Number)
		},
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Certificate, string, error) {
			return s.Certificates(ctx, trace.CertificateFilter{Page: page})
		},
	}, func(c *trace.Certificate) { c.Issuer.Phone = "" })
}

func reportKind() storetest.Kind[trace.Store, trace.TestReport] {
	return recordKind(storetest.Kind[trace.Store, trace.TestReport]{
		Seq: func(seq int) *trace.TestReport { return report(seq, "B-0001", trace.Pass) },
		Modify: func(r *trace.TestReport) {
			r.Items = append(r.Items, trace.TestItem{Name: "多菌灵", Value: dec("0.80"), Limit: dec("0.5"),
				Unit: "mg/kg", Result: trace.Fail})
			r.Result = trace.Fail
		},
		Revision: func(r *trace.TestReport) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *trace.TestReport) string { return r.Number },
		Put:      trace.Store.PutReport,
		Get: func(s trace.Store, ctx context.Context, r *trace.TestReport) (*trace.TestReport, error) {
			return s.Report(ctx, r.Number)
		},
		Delete: func(s trace.Store, ctx context.Context, r *trace.TestReport) error {
			return s.DeleteReport(ctx, r.Number)
		},
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.TestReport, string, error) {
			return s.Reports(ctx, trace.ReportFilter{Page: page})
		},
	}, func(r *trace.TestReport) { r.Items = nil })
}

func issuanceKind() storetest.Kind[trace.Store, trace.Issuance] {
	return recordKind(storetest.Kind[trace.Store, trace.Issuance]{
		Seq: func(seq int) *trace.Issuance {
			return issuance(seq, "B-0001", fmt.Sprintf("v1.b%d", seq), 0, 1_000_000)
		},
		Modify: func(i *trace.Issuance) {
			i.State = trace.Suspended
			i.Destinations = nil
		},
		Revision: func(i *trace.Issuance) (*int64, *time.Time) { return &i.Version, &i.UpdatedAt },
		Key:      func(i *trace.Issuance) string { return i.ID },
		Put:      trace.Store.PutIssuance,
		Get: func(s trace.Store, ctx context.Context, i *trace.Issuance) (*trace.Issuance, error) {
			return s.Issuance(ctx, i.ID)
		},
		Delete: func(s trace.Store, ctx context.Context, i *trace.Issuance) error { return s.DeleteIssuance(ctx, i.ID) },
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.Issuance, string, error) {
			return s.Issuances(ctx, trace.IssuanceFilter{Page: page})
		},
	}, func(i *trace.Issuance) { i.Count = 0 })
}

func codeStateKind() storetest.Kind[trace.Store, trace.CodeState] {
	return recordKind(storetest.Kind[trace.Store, trace.CodeState]{
		Seq: func(seq int) *trace.CodeState { return codeState(seq, "I-0001") },
		Modify: func(c *trace.CodeState) {
			c.Voided, c.VoidReason = false, ""
			c.Sales, c.FirstSale, c.LastSale = 1, instant(time.October, 12, 9, 0), instant(time.October, 12, 9, 0)
			c.LastSalePlace = "650102"
		},
		Revision: func(c *trace.CodeState) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
		Key:      func(c *trace.CodeState) string { return c.EPC },
		Put:      trace.Store.PutCodeState,
		Get: func(s trace.Store, ctx context.Context, c *trace.CodeState) (*trace.CodeState, error) {
			return s.CodeState(ctx, c.EPC)
		},
		Delete: func(s trace.Store, ctx context.Context, c *trace.CodeState) error {
			return s.DeleteCodeState(ctx, c.EPC)
		},
		List: func(s trace.Store, ctx context.Context, page land.Page) ([]*trace.CodeState, string, error) {
			return s.CodeStates(ctx, trace.CodeStateFilter{Page: page})
		},
	}, func(c *trace.CodeState) { c.Sales = -1 })
}
