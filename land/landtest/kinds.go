package landtest

import (
	"context"
	"testing"
	"time"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
)

// withoutMessage adapts a compare function of this package to
// [storetest.Kind.Equal]. The compare functions name the field that differs,
// so they take no message of their own.
func withoutMessage[T any](compare func(t *testing.T, want, got *T)) func(*testing.T, *T, *T, ...any) {
	return func(t *testing.T, want, got *T, _ ...any) {
		t.Helper()
		compare(t, want, got)
	}
}

// shiftGeometry moves every vertex of g 0.001° east in place, which keeps rings closed.
func shiftGeometry(g geom.T) {
	flat := g.FlatCoords()
	for i := 0; i < len(flat); i += g.Stride() {
		flat[i] += 0.001
	}
}

func plotKind() storetest.Kind[land.Store, land.Plot] {
	return storetest.Kind[land.Store, land.Plot]{
		Fresh: fullPlot,
		Seq: func(i int) *land.Plot {
			p := fullPlot()
			p.Code = plotCode(issuerA1, i+1)
			return p
		},
		Modify: func(p *land.Plot) {
			p.Name += " 东"
			p.DeclaredArea = p.DeclaredArea.Add(mu("0.01"))
			p.Salinity = land.SalinityModerate
			shiftGeometry(p.Geometry)
		},
		Invalid: func() *land.Plot {
			p := fullPlot()
			p.Code = "65313010100101"
			return p
		},
		Revision: func(p *land.Plot) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		Key:      func(p *land.Plot) string { return string(p.Code) },
		Put:      land.Store.PutPlot,
		Get: func(s land.Store, ctx context.Context, p *land.Plot) (*land.Plot, error) {
			return s.Plot(ctx, p.Code)
		},
		Delete: func(s land.Store, ctx context.Context, p *land.Plot) error {
			return s.DeletePlot(ctx, p.Code)
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Plot, string, error) {
			return s.Plots(ctx, land.PlotFilter{Page: page})
		},
		Equal: withoutMessage(assertPlot),
	}
}

func issuerKind() storetest.Kind[land.Store, land.Issuer] {
	return storetest.Kind[land.Store, land.Issuer]{
		Fresh: fullIssuer,
		Seq: func(i int) *land.Issuer {
			r := fullIssuer()
			r.Code = land.IssuerCode(string(villageA1) + twoDigits(i+1))
			return r
		},
		Modify: func(r *land.Issuer) { r.Representative = "热依拉" },
		Invalid: func() *land.Issuer {
			r := fullIssuer()
			r.Village = "6531301010"
			return r
		},
		Revision: func(r *land.Issuer) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *land.Issuer) string { return string(r.Code) },
		Put:      land.Store.PutIssuer,
		Get: func(s land.Store, ctx context.Context, r *land.Issuer) (*land.Issuer, error) {
			return s.Issuer(ctx, r.Code)
		},
		Delete: func(s land.Store, ctx context.Context, r *land.Issuer) error {
			return s.DeleteIssuer(ctx, r.Code)
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Issuer, string, error) {
			return s.Issuers(ctx, land.IssuerFilter{Page: page})
		},
		Equal: withoutMessage(assertIssuer),
	}
}

func contractorKind() storetest.Kind[land.Store, land.Contractor] {
	return storetest.Kind[land.Store, land.Contractor]{
		Fresh: fullContractor,
		Seq: func(i int) *land.Contractor {
			r := fullContractor()
			r.Code = contractorCode(issuerA1, i+1)
			return r
		},
		Modify: func(r *land.Contractor) {
			r.Members[0].Name = "改名"
			r.Members[1].IDNumber = "653130198202020000"
		},
		Invalid: func() *land.Contractor {
			r := fullContractor()
			r.Members[1].Name = ""
			return r
		},
		Revision: func(r *land.Contractor) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *land.Contractor) string { return string(r.Code) },
		Put:      land.Store.PutContractor,
		Get: func(s land.Store, ctx context.Context, r *land.Contractor) (*land.Contractor, error) {
			return s.Contractor(ctx, r.Code)
		},
		Delete: func(s land.Store, ctx context.Context, r *land.Contractor) error {
			return s.DeleteContractor(ctx, r.Code)
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Contractor, string, error) {
			return s.Contractors(ctx, land.ContractorFilter{Page: page})
		},
		Equal: withoutMessage(assertContractor),
	}
}

func contractKind() storetest.Kind[land.Store, land.Contract] {
	return storetest.Kind[land.Store, land.Contract]{
		Fresh: fullContract,
		Seq: func(i int) *land.Contract {
			r := fullContract()
			r.Code = contractCode(issuerA1, i+1)
			return r
		},
		Modify: func(r *land.Contract) {
			r.Plots[0].Area = mu("5.5")
			r.Term.End = r.Term.End.AddDate(30, 0, 0)
		},
		Invalid: func() *land.Contract {
			r := fullContract()
			r.Plots[1].Area = mu("-1")
			return r
		},
		Revision: func(r *land.Contract) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *land.Contract) string { return string(r.Code) },
		Put:      land.Store.PutContract,
		Get: func(s land.Store, ctx context.Context, r *land.Contract) (*land.Contract, error) {
			return s.Contract(ctx, r.Code)
		},
		Delete: func(s land.Store, ctx context.Context, r *land.Contract) error {
			return s.DeleteContract(ctx, r.Code)
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Contract, string, error) {
			return s.Contracts(ctx, land.ContractFilter{Page: page})
		},
		Equal: withoutMessage(assertContract),
	}
}

func transferKind() storetest.Kind[land.Store, land.Transfer] {
	return storetest.Kind[land.Store, land.Transfer]{
		Fresh: fullTransfer,
		Seq: func(i int) *land.Transfer {
			r := fullTransfer()
			r.Contract = contractCode(issuerA1, i+1)
			r.Code = land.TransferContractCode(r.Contract)
			return r
		},
		Modify: func(r *land.Transfer) {
			r.Plots[1].Area = mu("3.25")
			r.Rent = mu("700")
			r.Lessee.Name = "巴楚县某农业公司"
		},
		Invalid: func() *land.Transfer {
			r := fullTransfer()
			r.Period.Start, r.Period.End = r.Period.End, r.Period.Start
			return r
		},
		Revision: func(r *land.Transfer) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *land.Transfer) string { return string(r.Code) },
		Put:      land.Store.PutTransfer,
		Get: func(s land.Store, ctx context.Context, r *land.Transfer) (*land.Transfer, error) {
			return s.Transfer(ctx, r.Code)
		},
		Delete: func(s land.Store, ctx context.Context, r *land.Transfer) error {
			return s.DeleteTransfer(ctx, r.Code)
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Transfer, string, error) {
			return s.Transfers(ctx, land.TransferFilter{Page: page})
		},
		Equal: withoutMessage(assertTransfer),
	}
}

// plantingSeq returns records whose key order differs from their field order in places:
// two crops in one season, two seasons in one year, two years and two plots.
func plantingSeq(i int) *land.Planting {
	keys := []land.PlantingKey{
		{Plot: plotCode(issuerA1, 1), Year: 2023, Season: land.SeasonSpring, Crop: "棉花"},
		{Plot: plotCode(issuerA1, 1), Year: 2023, Season: land.SeasonAutumn, Crop: "小麦"},
		{Plot: plotCode(issuerA1, 1), Year: 2024, Season: land.SeasonSpring, Crop: "棉花"},
		{Plot: plotCode(issuerA1, 1), Year: 2024, Season: land.SeasonSpring, Crop: "玉米"},
		{Plot: plotCode(issuerA1, 1), Year: 2024, Season: land.SeasonWholeYear, Crop: "苜蓿"},
		{Plot: plotCode(issuerA1, 2), Year: 2022, Season: land.SeasonSummer, Crop: "大豆"},
		{Plot: plotCode(issuerA1, 10), Year: 2021, Season: land.SeasonSpring, Crop: "cotton"},
	}
	k := keys[i%len(keys)]
	return &land.Planting{
		Plot: k.Plot, Year: k.Year, Season: k.Season, Crop: k.Crop, SownArea: mu("1.5"),
	}
}

func plantingKind() storetest.Kind[land.Store, land.Planting] {
	return storetest.Kind[land.Store, land.Planting]{
		Fresh: fullPlanting,
		Seq:   plantingSeq,
		Modify: func(r *land.Planting) {
			r.Variety = "新陆早 78"
			r.SownArea = mu("4.85")
		},
		Invalid: func() *land.Planting {
			r := fullPlanting()
			r.Crop = " "
			return r
		},
		Revision: func(r *land.Planting) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *land.Planting) string { return r.Key().String() },
		Put:      land.Store.PutPlanting,
		Get: func(s land.Store, ctx context.Context, r *land.Planting) (*land.Planting, error) {
			return s.Planting(ctx, r.Key())
		},
		Delete: func(s land.Store, ctx context.Context, r *land.Planting) error {
			return s.DeletePlanting(ctx, r.Key())
		},
		List: func(s land.Store, ctx context.Context, page land.Page) ([]*land.Planting, string, error) {
			return s.Plantings(ctx, land.PlantingFilter{Page: page})
		},
		Equal: withoutMessage(assertPlanting),
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }
