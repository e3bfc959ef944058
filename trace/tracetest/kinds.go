package tracetest

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// recordKind describes one keyed record kind of a trace.Store for the generic tests.
type recordKind[T any] struct {
	// fresh returns a valid record with every field set; seq chooses its key, in key order.
	fresh func(seq int) *T
	// modify changes a field other than the key.
	modify func(*T)
	// invalidate makes the record fail its Validate method.
	invalidate func(*T)
	revision   func(*T) *trace.Revision
	put        func(context.Context, trace.Store, *T) error
	get        func(context.Context, trace.Store, *T) (*T, error)
	del        func(context.Context, trace.Store, *T) error
	list       func(context.Context, trace.Store, land.Page) ([]*T, string, error)
}

func producerKind() recordKind[trace.Producer] {
	codes := []trace.CreditCode{"91653221MA7X0K2P4F", "92653221MA78FAM014", "93653221MA78ABCD1U", "N2653221MA78HT001J"}
	kinds := []trace.ProducerKind{trace.Company, trace.FamilyFarm, trace.Cooperative, trace.Collective}
	return recordKind[trace.Producer]{
		fresh:      func(seq int) *trace.Producer { return producer(codes[seq%4], kinds[seq%4], villageA) },
		modify:     func(p *trace.Producer) { p.Name += " 改" },
		invalidate: func(p *trace.Producer) { p.Name = "" },
		revision:   func(p *trace.Producer) *trace.Revision { return &p.Revision },
		put:        func(ctx context.Context, s trace.Store, p *trace.Producer) error { return s.PutProducer(ctx, p) },
		get: func(ctx context.Context, s trace.Store, p *trace.Producer) (*trace.Producer, error) {
			return s.Producer(ctx, p.Code)
		},
		del: func(ctx context.Context, s trace.Store, p *trace.Producer) error {
			return s.DeleteProducer(ctx, p.Code)
		},
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Producer, string, error) {
			return s.Producers(ctx, trace.ProducerFilter{Page: page})
		},
	}
}

func productKind() recordKind[trace.Product] {
	return recordKind[trace.Product]{
		fresh:      func(seq int) *trace.Product { return product(seq, coop, trace.Fruit) },
		modify:     func(p *trace.Product) { p.Variety = "灰枣"; p.GTIN = "" },
		invalidate: func(p *trace.Product) { p.Unit = "jin" },
		revision:   func(p *trace.Product) *trace.Revision { return &p.Revision },
		put:        func(ctx context.Context, s trace.Store, p *trace.Product) error { return s.PutProduct(ctx, p) },
		get: func(ctx context.Context, s trace.Store, p *trace.Product) (*trace.Product, error) {
			return s.Product(ctx, p.ID)
		},
		del: func(ctx context.Context, s trace.Store, p *trace.Product) error { return s.DeleteProduct(ctx, p.ID) },
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Product, string, error) {
			return s.Products(ctx, trace.ProductFilter{Page: page})
		},
	}
}

func batchKind() recordKind[trace.Batch] {
	return recordKind[trace.Batch]{
		fresh: func(seq int) *trace.Batch {
			return batch(seq, "P-0001", villageA, land.NewDate(2024, time.October, 8))
		},
		modify: func(b *trace.Batch) {
			b.Quantity.Value = dec("999.000")
			b.Planting, b.Plot = land.PlantingKey{}, ""
		},
		invalidate: func(b *trace.Batch) { b.HarvestedOn = land.Date{} },
		revision:   func(b *trace.Batch) *trace.Revision { return &b.Revision },
		put:        func(ctx context.Context, s trace.Store, b *trace.Batch) error { return s.PutBatch(ctx, b) },
		get: func(ctx context.Context, s trace.Store, b *trace.Batch) (*trace.Batch, error) {
			return s.Batch(ctx, b.ID)
		},
		del: func(ctx context.Context, s trace.Store, b *trace.Batch) error { return s.DeleteBatch(ctx, b.ID) },
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Batch, string, error) {
			return s.Batches(ctx, trace.BatchFilter{Page: page})
		},
	}
}

func animalKind() recordKind[trace.Animal] {
	return recordKind[trace.Animal]{
		fresh:      func(seq int) *trace.Animal { return animal(seq, coop, trace.Sheep) },
		modify:     func(a *trace.Animal) { a.Sex = trace.Male; a.BornOn = land.Date{}; a.TaggedAt = time.Time{} },
		invalidate: func(a *trace.Animal) { a.Farm = "" },
		revision:   func(a *trace.Animal) *trace.Revision { return &a.Revision },
		put:        func(ctx context.Context, s trace.Store, a *trace.Animal) error { return s.PutAnimal(ctx, a) },
		get: func(ctx context.Context, s trace.Store, a *trace.Animal) (*trace.Animal, error) {
			return s.Animal(ctx, a.Tag)
		},
		del: func(ctx context.Context, s trace.Store, a *trace.Animal) error { return s.DeleteAnimal(ctx, a.Tag) },
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Animal, string, error) {
			return s.Animals(ctx, trace.AnimalFilter{Page: page})
		},
	}
}

func certificateKind() recordKind[trace.Certificate] {
	return recordKind[trace.Certificate]{
		fresh: func(seq int) *trace.Certificate {
			return certificate(seq, "B-0001", coop, land.NewDate(2024, time.October, 9))
		},
		modify:     func(c *trace.Certificate) { c.Quantity.Value = dec("12.340"); c.Bases = trace.Bases(trace.OwnTesting) },
		invalidate: func(c *trace.Certificate) { c.Issuer.Phone = "" },
		revision:   func(c *trace.Certificate) *trace.Revision { return &c.Revision },
		put: func(ctx context.Context, s trace.Store, c *trace.Certificate) error {
			return s.PutCertificate(ctx, c)
		},
		get: func(ctx context.Context, s trace.Store, c *trace.Certificate) (*trace.Certificate, error) {
			return s.Certificate(ctx, c.Number)
		},
		del: func(ctx context.Context, s trace.Store, c *trace.Certificate) error {
			return s.DeleteCertificate(ctx, c.Number)
		},
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Certificate, string, error) {
			return s.Certificates(ctx, trace.CertificateFilter{Page: page})
		},
	}
}

func reportKind() recordKind[trace.TestReport] {
	return recordKind[trace.TestReport]{
		fresh: func(seq int) *trace.TestReport { return report(seq, "B-0001", trace.Pass) },
		modify: func(r *trace.TestReport) {
			r.Items = append(r.Items, trace.TestItem{Name: "多菌灵", Value: dec("0.80"), Limit: dec("0.5"),
				Unit: "mg/kg", Result: trace.Fail})
			r.Result = trace.Fail
		},
		invalidate: func(r *trace.TestReport) { r.Items = nil },
		revision:   func(r *trace.TestReport) *trace.Revision { return &r.Revision },
		put:        func(ctx context.Context, s trace.Store, r *trace.TestReport) error { return s.PutReport(ctx, r) },
		get: func(ctx context.Context, s trace.Store, r *trace.TestReport) (*trace.TestReport, error) {
			return s.Report(ctx, r.Number)
		},
		del: func(ctx context.Context, s trace.Store, r *trace.TestReport) error {
			return s.DeleteReport(ctx, r.Number)
		},
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.TestReport, string, error) {
			return s.Reports(ctx, trace.ReportFilter{Page: page})
		},
	}
}

func issuanceKind() recordKind[trace.Issuance] {
	return recordKind[trace.Issuance]{
		fresh: func(seq int) *trace.Issuance {
			return issuance(seq, "B-0001", fmt.Sprintf("v1.b%d", seq), 0, 1_000_000)
		},
		modify: func(i *trace.Issuance) {
			i.State = trace.Suspended
			i.Destinations = nil
		},
		invalidate: func(i *trace.Issuance) { i.Count = 0 },
		revision:   func(i *trace.Issuance) *trace.Revision { return &i.Revision },
		put:        func(ctx context.Context, s trace.Store, i *trace.Issuance) error { return s.PutIssuance(ctx, i) },
		get: func(ctx context.Context, s trace.Store, i *trace.Issuance) (*trace.Issuance, error) {
			return s.Issuance(ctx, i.ID)
		},
		del: func(ctx context.Context, s trace.Store, i *trace.Issuance) error { return s.DeleteIssuance(ctx, i.ID) },
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.Issuance, string, error) {
			return s.Issuances(ctx, trace.IssuanceFilter{Page: page})
		},
	}
}

func codeStateKind() recordKind[trace.CodeState] {
	return recordKind[trace.CodeState]{
		fresh: func(seq int) *trace.CodeState { return codeState(seq, "I-0001") },
		modify: func(c *trace.CodeState) {
			c.Voided, c.VoidReason = false, ""
			c.Sales, c.FirstSale, c.LastSale = 1, instant(time.October, 12, 9, 0), instant(time.October, 12, 9, 0)
			c.LastSalePlace = "650102"
		},
		invalidate: func(c *trace.CodeState) { c.Sales = -1 },
		revision:   func(c *trace.CodeState) *trace.Revision { return &c.Revision },
		put:        func(ctx context.Context, s trace.Store, c *trace.CodeState) error { return s.PutCodeState(ctx, c) },
		get: func(ctx context.Context, s trace.Store, c *trace.CodeState) (*trace.CodeState, error) {
			return s.CodeState(ctx, c.EPC)
		},
		del: func(ctx context.Context, s trace.Store, c *trace.CodeState) error {
			return s.DeleteCodeState(ctx, c.EPC)
		},
		list: func(ctx context.Context, s trace.Store, page land.Page) ([]*trace.CodeState, string, error) {
			return s.CodeStates(ctx, trace.CodeStateFilter{Page: page})
		},
	}
}
