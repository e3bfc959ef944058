package tracetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func testFilters(t *testing.T, newStore func(t *testing.T) trace.Store) {
	t.Run("Producers", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutProducer(ctx, producer(coop, trace.Cooperative, villageA)))
		require.NoError(t, s.PutProducer(ctx, producer(company, trace.Company, villageB)))
		list := func(f trace.ProducerFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Producer, string, error) {
				f.Page = p
				return s.Producers(ctx, f)
			}), func(p *trace.Producer) string { return string(p.Code) })
		}
		assert.Equal(t, []string{string(company), string(coop)}, list(trace.ProducerFilter{Division: county}))
		assert.Equal(t, []string{string(coop)}, list(trace.ProducerFilter{Division: townshipA}))
		assert.Equal(t, []string{string(company)}, list(trace.ProducerFilter{Kind: trace.Company}))
		assert.Empty(t, list(trace.ProducerFilter{Division: "650102"}))
	})
	t.Run("Products", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutProduct(ctx, product(1, coop, trace.Fruit)))
		require.NoError(t, s.PutProduct(ctx, product(2, company, trace.Flower)))
		require.NoError(t, s.PutProduct(ctx, product(3, coop, trace.Flower)))
		list := func(f trace.ProductFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Product, string, error) {
				f.Page = p
				return s.Products(ctx, f)
			}), func(p *trace.Product) string { return string(p.ID) })
		}
		assert.Equal(t, []string{"P-0001", "P-0003"}, list(trace.ProductFilter{Producer: coop}))
		assert.Equal(t, []string{"P-0002", "P-0003"}, list(trace.ProductFilter{Category: trace.Flower}))
		assert.Equal(t, []string{"P-0003"}, list(trace.ProductFilter{Producer: coop, Category: trace.Flower}))
	})
	t.Run("Batches", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutBatch(ctx, batch(1, "P-0001", villageA, land.NewDate(2024, 9, 30))))
		require.NoError(t, s.PutBatch(ctx, batch(2, "P-0001", villageB, land.NewDate(2024, 10, 1))))
		other := batch(3, "P-0002", villageA, land.NewDate(2024, 10, 2))
		other.Plot, other.Planting = "", land.PlantingKey{}
		require.NoError(t, s.PutBatch(ctx, other))
		list := func(f trace.BatchFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Batch, string, error) {
				f.Page = p
				return s.Batches(ctx, f)
			}), func(b *trace.Batch) string { return string(b.ID) })
		}
		assert.Equal(t, []string{"B-0001", "B-0002"}, list(trace.BatchFilter{Product: "P-0001"}))
		assert.Equal(t, []string{"B-0001", "B-0002"}, list(trace.BatchFilter{Plot: plot}))
		assert.Equal(t, []string{"B-0001", "B-0003"}, list(trace.BatchFilter{Origin: townshipA}))
		assert.Equal(t, []string{"B-0002", "B-0003"}, list(trace.BatchFilter{HarvestedFrom: land.NewDate(2024, 10, 1)}))
		assert.Equal(t, []string{"B-0001", "B-0002"}, list(trace.BatchFilter{HarvestedTo: land.NewDate(2024, 10, 1)}))
	})
	t.Run("Animals", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutAnimal(ctx, animal(1, coop, trace.Sheep)))
		require.NoError(t, s.PutAnimal(ctx, animal(2, company, trace.Cattle)))
		b := animal(3, coop, trace.Pig)
		b.Origin = villageB
		require.NoError(t, s.PutAnimal(ctx, b))
		list := func(f trace.AnimalFilter) []int {
			var serials []int
			for _, a := range storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Animal, string, error) {
				f.Page = p
				return s.Animals(ctx, f)
			}) {
				serials = append(serials, a.Tag.Serial())
			}
			return serials
		}
		assert.Equal(t, []int{3, 1}, list(trace.AnimalFilter{Farm: coop}), "in tag order: pig 1..., sheep 3...")
		assert.Equal(t, []int{2}, list(trace.AnimalFilter{Species: trace.Cattle}))
		assert.Equal(t, []int{3}, list(trace.AnimalFilter{Origin: "653221102"}))
	})
	t.Run("Documents", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutCertificate(ctx, certificate(1, "B-0001", coop, land.NewDate(2024, 10, 9))))
		require.NoError(t, s.PutCertificate(ctx, certificate(2, "B-0002", company, land.NewDate(2024, 10, 10))))
		require.NoError(t, s.PutReport(ctx, report(1, "B-0001", trace.Pass)))
		require.NoError(t, s.PutReport(ctx, report(2, "B-0001", trace.Fail)))
		certs := func(f trace.CertificateFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Certificate, string, error) {
				f.Page = p
				return s.Certificates(ctx, f)
			}), func(c *trace.Certificate) string { return c.Number })
		}
		assert.Equal(t, []string{"C-0001"}, certs(trace.CertificateFilter{Batch: "B-0001"}))
		assert.Equal(t, []string{"C-0002"}, certs(trace.CertificateFilter{Issuer: company}))
		assert.Equal(t, []string{"C-0002"}, certs(trace.CertificateFilter{IssuedFrom: land.NewDate(2024, 10, 10)}))
		assert.Equal(t, []string{"C-0001"}, certs(trace.CertificateFilter{IssuedTo: land.NewDate(2024, 10, 9)}))
		reports := func(f trace.ReportFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.TestReport, string, error) {
				f.Page = p
				return s.Reports(ctx, f)
			}), func(r *trace.TestReport) string { return r.Number })
		}
		assert.Equal(t, []string{"R-0001", "R-0002"}, reports(trace.ReportFilter{Batch: "B-0001", Product: "P-0001"}))
		assert.Equal(t, []string{"R-0002"}, reports(trace.ReportFilter{Result: trace.Fail}))
	})
	t.Run("Codes", func(t *testing.T) {
		t.Parallel()
		s, ctx := newStore(t), context.Background()
		require.NoError(t, s.PutIssuance(ctx, issuance(1, "B-0001", "v1.b1", 0, 10)))
		suspended := issuance(2, "B-0002", "v1.b2", 0, 10)
		suspended.State = trace.Suspended
		require.NoError(t, s.PutIssuance(ctx, suspended))
		issuances := func(f trace.IssuanceFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.Issuance, string, error) {
				f.Page = p
				return s.Issuances(ctx, f)
			}), func(i *trace.Issuance) string { return i.ID })
		}
		assert.Equal(t, []string{"I-0002"}, issuances(trace.IssuanceFilter{Batch: "B-0002"}))
		assert.Equal(t, []string{"I-0001"}, issuances(trace.IssuanceFilter{Space: "v1.b1", Scheme: trace.SchemeMinted}))
		assert.Equal(t, []string{"I-0002"}, issuances(trace.IssuanceFilter{State: trace.Suspended}))
		assert.Empty(t, issuances(trace.IssuanceFilter{Scheme: trace.SchemeGS1}))

		require.NoError(t, s.PutCodeState(ctx, codeState(1, "I-0001")))
		at := instant(time.October, 12, 9, 0)
		for range 2 {
			_, err := s.RecordSale(ctx, trace.Sale{EPC: epcOf(2), Issuance: "I-0001", Serial: 2, At: at})
			require.NoError(t, err)
		}
		_, err := s.RecordSale(ctx, trace.Sale{EPC: epcOf(3), Issuance: "I-0002", Serial: 3, At: at})
		require.NoError(t, err)
		states := func(f trace.CodeStateFilter) []string {
			return storetest.Keys(storetest.PageAll(t, 2, func(p land.Page) ([]*trace.CodeState, string, error) {
				f.Page = p
				return s.CodeStates(ctx, f)
			}), func(c *trace.CodeState) string { return c.EPC })
		}
		assert.Equal(t, []string{epcOf(1), epcOf(2)}, states(trace.CodeStateFilter{Issuance: "I-0001"}))
		assert.Equal(t, []string{epcOf(2), epcOf(3)}, states(trace.CodeStateFilter{Sold: true}))
		assert.Equal(t, []string{epcOf(2)}, states(trace.CodeStateFilter{Resold: true}))
		assert.Equal(t, []string{epcOf(1)}, states(trace.CodeStateFilter{Voided: true}))
	})
}
