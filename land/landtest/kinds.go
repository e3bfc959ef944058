package landtest

import (
	"context"
	"time"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

// shiftGeometry moves every vertex of g 0.001° east in place, which keeps rings closed.
func shiftGeometry(g geom.T) {
	flat := g.FlatCoords()
	for i := 0; i < len(flat); i += g.Stride() {
		flat[i] += 0.001
	}
}

func plotKind() recordKind[land.Plot] {
	return recordKind[land.Plot]{
		fresh: fullPlot,
		seq: func(i int) *land.Plot {
			p := fullPlot()
			p.Code = plotCode(issuerA1, i+1)
			return p
		},
		modify: func(p *land.Plot) {
			p.Name += " 东"
			p.DeclaredArea = p.DeclaredArea.Add(mu("0.01"))
			p.Salinity = land.SalinityModerate
			shiftGeometry(p.Geometry)
		},
		invalid: func() *land.Plot {
			p := fullPlot()
			p.Code = "65313010100101"
			return p
		},
		stamp: func(p *land.Plot) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		key:   func(p *land.Plot) string { return string(p.Code) },
		put:   func(ctx context.Context, s land.Store, p *land.Plot) error { return s.PutPlot(ctx, p) },
		get: func(ctx context.Context, s land.Store, p *land.Plot) (*land.Plot, error) {
			return s.Plot(ctx, p.Code)
		},
		delete: func(ctx context.Context, s land.Store, p *land.Plot) error {
			return s.DeletePlot(ctx, p.Code)
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Plot, string, error) {
			return s.Plots(ctx, land.PlotFilter{Page: page})
		},
		equal: assertPlot,
	}
}

func issuerKind() recordKind[land.Issuer] {
	return recordKind[land.Issuer]{
		fresh: fullIssuer,
		seq: func(i int) *land.Issuer {
			r := fullIssuer()
			r.Code = land.IssuerCode(string(villageA1) + twoDigits(i+1))
			return r
		},
		modify: func(r *land.Issuer) { r.Representative = "热依拉" },
		invalid: func() *land.Issuer {
			r := fullIssuer()
			r.Village = "6531301010"
			return r
		},
		stamp: func(r *land.Issuer) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		key:   func(r *land.Issuer) string { return string(r.Code) },
		put:   func(ctx context.Context, s land.Store, r *land.Issuer) error { return s.PutIssuer(ctx, r) },
		get: func(ctx context.Context, s land.Store, r *land.Issuer) (*land.Issuer, error) {
			return s.Issuer(ctx, r.Code)
		},
		delete: func(ctx context.Context, s land.Store, r *land.Issuer) error {
			return s.DeleteIssuer(ctx, r.Code)
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Issuer, string, error) {
			return s.Issuers(ctx, land.IssuerFilter{Page: page})
		},
		equal: assertIssuer,
	}
}

func contractorKind() recordKind[land.Contractor] {
	return recordKind[land.Contractor]{
		fresh: fullContractor,
		seq: func(i int) *land.Contractor {
			r := fullContractor()
			r.Code = contractorCode(issuerA1, i+1)
			return r
		},
		modify: func(r *land.Contractor) {
			r.Members[0].Name = "改名"
			r.Members[1].IDNumber = "653130198202020000"
		},
		invalid: func() *land.Contractor {
			r := fullContractor()
			r.Members[1].Name = ""
			return r
		},
		stamp: func(r *land.Contractor) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		key:   func(r *land.Contractor) string { return string(r.Code) },
		put: func(ctx context.Context, s land.Store, r *land.Contractor) error {
			return s.PutContractor(ctx, r)
		},
		get: func(ctx context.Context, s land.Store, r *land.Contractor) (*land.Contractor, error) {
			return s.Contractor(ctx, r.Code)
		},
		delete: func(ctx context.Context, s land.Store, r *land.Contractor) error {
			return s.DeleteContractor(ctx, r.Code)
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Contractor, string, error) {
			return s.Contractors(ctx, land.ContractorFilter{Page: page})
		},
		equal: assertContractor,
	}
}

func contractKind() recordKind[land.Contract] {
	return recordKind[land.Contract]{
		fresh: fullContract,
		seq: func(i int) *land.Contract {
			r := fullContract()
			r.Code = contractCode(issuerA1, i+1)
			return r
		},
		modify: func(r *land.Contract) {
			r.Plots[0].Area = mu("5.5")
			r.Term.End = r.Term.End.AddDate(30, 0, 0)
		},
		invalid: func() *land.Contract {
			r := fullContract()
			r.Plots[1].Area = mu("-1")
			return r
		},
		stamp: func(r *land.Contract) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		key:   func(r *land.Contract) string { return string(r.Code) },
		put: func(ctx context.Context, s land.Store, r *land.Contract) error {
			return s.PutContract(ctx, r)
		},
		get: func(ctx context.Context, s land.Store, r *land.Contract) (*land.Contract, error) {
			return s.Contract(ctx, r.Code)
		},
		delete: func(ctx context.Context, s land.Store, r *land.Contract) error {
			return s.DeleteContract(ctx, r.Code)
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Contract, string, error) {
			return s.Contracts(ctx, land.ContractFilter{Page: page})
		},
		equal: assertContract,
	}
}

func transferKind() recordKind[land.Transfer] {
	return recordKind[land.Transfer]{
		fresh: fullTransfer,
		seq: func(i int) *land.Transfer {
			r := fullTransfer()
			r.Contract = contractCode(issuerA1, i+1)
			r.Code = land.TransferContractCode(r.Contract)
			return r
		},
		modify: func(r *land.Transfer) {
			r.Plots[1].Area = mu("3.25")
			r.Rent = mu("700")
			r.Lessee.Name = "巴楚县某农业公司"
		},
		invalid: func() *land.Transfer {
			r := fullTransfer()
			r.Period.Start, r.Period.End = r.Period.End, r.Period.Start
			return r
		},
		stamp: func(r *land.Transfer) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		key:   func(r *land.Transfer) string { return string(r.Code) },
		put: func(ctx context.Context, s land.Store, r *land.Transfer) error {
			return s.PutTransfer(ctx, r)
		},
		get: func(ctx context.Context, s land.Store, r *land.Transfer) (*land.Transfer, error) {
			return s.Transfer(ctx, r.Code)
		},
		delete: func(ctx context.Context, s land.Store, r *land.Transfer) error {
			return s.DeleteTransfer(ctx, r.Code)
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Transfer, string, error) {
			return s.Transfers(ctx, land.TransferFilter{Page: page})
		},
		equal: assertTransfer,
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

func plantingKind() recordKind[land.Planting] {
	return recordKind[land.Planting]{
		fresh: fullPlanting,
		seq:   plantingSeq,
		modify: func(r *land.Planting) {
			r.Variety = "新陆早 78"
			r.SownArea = mu("4.85")
		},
		invalid: func() *land.Planting {
			r := fullPlanting()
			r.Crop = " "
			return r
		},
		stamp: func(r *land.Planting) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		key:   func(r *land.Planting) string { return r.Key().String() },
		put: func(ctx context.Context, s land.Store, r *land.Planting) error {
			return s.PutPlanting(ctx, r)
		},
		get: func(ctx context.Context, s land.Store, r *land.Planting) (*land.Planting, error) {
			return s.Planting(ctx, r.Key())
		},
		delete: func(ctx context.Context, s land.Store, r *land.Planting) error {
			return s.DeletePlanting(ctx, r.Key())
		},
		list: func(ctx context.Context, s land.Store, page land.Page) ([]*land.Planting, string, error) {
			return s.Plantings(ctx, land.PlantingFilter{Page: page})
		},
		equal: assertPlanting,
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }
