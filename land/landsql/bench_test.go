package landsql

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
)

// benchPlot returns plot seq (1-99999) of villager group 01-99 of a village,
// contracted land for odd seq and collective land for even.
func benchPlot(group, seq int) *land.Plot {
	issuer := land.IssuerCode(fmt.Sprintf("653130101001%02d", group))
	code, err := land.NewPlotCode(issuer, seq)
	if err != nil {
		panic(err)
	}
	p := testPlot(1)
	p.Code = code
	p.Geometry = squarePolygon(78.5+float64(seq%100)*0.003, 39.8+float64(seq/100)*0.003, 0.002)
	if seq%2 == 0 {
		p.Class = land.ClassCollective
	}
	return p
}

func BenchmarkPutPlot(b *testing.B) {
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		b.Run(d.String(), func(b *testing.B) {
			s := newTestStore(b, d)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				p := benchPlot(1+i/99_999, 1+i%99_999)
				if err := s.PutPlot(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPutPlots stores plots in batches of 1,000, as an import does.
func BenchmarkPutPlots(b *testing.B) {
	const batch = 1000
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		b.Run(d.String(), func(b *testing.B) {
			s := newTestStore(b, d)
			ctx := context.Background()
			plots := make([]*land.Plot, 0, batch)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				plots = append(plots, benchPlot(1+i/99_999, 1+i%99_999))
				if len(plots) == batch || i == b.N-1 {
					if err := s.PutPlots(ctx, plots); err != nil {
						b.Fatal(err)
					}
					plots = plots[:0]
				}
			}
		})
	}
}

func BenchmarkPlotsFiltered(b *testing.B) {
	const groups, perGroup = 10, 1000
	for _, d := range []Dialect{SQLite, PostgreSQL} {
		b.Run(d.String(), func(b *testing.B) {
			s := newTestStore(b, d)
			ctx := context.Background()
			for group := 1; group <= groups; group++ {
				plots := make([]*land.Plot, perGroup)
				for i := range plots {
					plots[i] = benchPlot(group, i+1)
				}
				require.NoError(b, s.PutPlots(ctx, plots))
			}
			// The contracted plots of one group: 500 of the 10,000, read 100 at a time.
			filter := land.PlotFilter{
				Issuer: "65313010100103",
				Class:  land.ClassContracted,
				Page:   land.Page{Limit: 100},
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				plots, _, err := s.Plots(ctx, filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(plots) != 100 {
					b.Fatalf("got %d plots, want 100", len(plots))
				}
			}
		})
	}
}
