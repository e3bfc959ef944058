package watertest

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func wellKind() storetest.Kind[water.Store, water.WellRecord] {
	return storetest.Kind[water.Store, water.WellRecord]{
		Fresh: fullWell,
		Seq: func(i int) *water.WellRecord {
			w := fullWell()
			w.Code = wellCode(i + 1)
			for j := range w.Meters {
				w.Meters[j].ID = water.MeterID(fmt.Sprintf("%s-%d", w.Meters[j].ID, i))
			}
			return w
		},
		Modify: func(w *water.WellRecord) {
			w.Name += "东"
			w.IrrigatedArea = w.IrrigatedArea.Add(dec("0.25"))
			w.Plots[0] = "6542021010010100009"
			w.Meters[0].Installed = day(2023, time.May, 6)
			w.Pump.Head = dec("90.00")
		},
		Invalid: func() *water.WellRecord {
			w := fullWell()
			w.Source = water.SurfaceWater // a pumped well draws groundwater
			return w
		},
		Revision: func(w *water.WellRecord) (*int64, *time.Time) { return &w.Version, &w.UpdatedAt },
		Key:      func(w *water.WellRecord) string { return string(w.Code) },
		Put:      water.Store.PutWell,
		Get: func(s water.Store, ctx context.Context, w *water.WellRecord) (*water.WellRecord, error) {
			return s.Well(ctx, w.Code)
		},
		Delete: func(s water.Store, ctx context.Context, w *water.WellRecord) error { return s.DeleteWell(ctx, w.Code) },
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.WellRecord, string, error) {
			return s.Wells(ctx, water.WellFilter{Page: p})
		},
	}
}

func reservoirKind() storetest.Kind[water.Store, water.ReservoirRecord] {
	return storetest.Kind[water.Store, water.ReservoirRecord]{
		Fresh: fullReservoir,
		Seq: func(i int) *water.ReservoirRecord {
			r := fullReservoir()
			r.Code = facilityCode("SK", i+1)
			return r
		},
		Modify: func(r *water.ReservoirRecord) {
			r.Capacity = dec("13000000.00")
			r.Points[0].Method = water.Ultrasonic
			r.Points[1].Location.Lat += 0.001
		},
		Invalid: func() *water.ReservoirRecord {
			r := fullReservoir()
			r.Points[1].Code = r.Points[0].Code
			return r
		},
		Revision: func(r *water.ReservoirRecord) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
		Key:      func(r *water.ReservoirRecord) string { return string(r.Code) },
		Put:      water.Store.PutReservoir,
		Get: func(s water.Store, ctx context.Context, r *water.ReservoirRecord) (*water.ReservoirRecord, error) {
			return s.Reservoir(ctx, r.Code)
		},
		Delete: func(s water.Store, ctx context.Context, r *water.ReservoirRecord) error {
			return s.DeleteReservoir(ctx, r.Code)
		},
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.ReservoirRecord, string, error) {
			return s.Reservoirs(ctx, water.ReservoirFilter{Page: p})
		},
	}
}

func canalKind() storetest.Kind[water.Store, water.CanalRecord] {
	return storetest.Kind[water.Store, water.CanalRecord]{
		Fresh: fullCanal,
		Seq: func(i int) *water.CanalRecord {
			c := fullCanal()
			c.Code = facilityCode("QD", i+1)
			return c
		},
		Modify: func(c *water.CanalRecord) {
			c.Level = water.BranchCanal
			c.Path[1].Lon += 0.0001
			c.Points[0].Name = "一支渠口"
		},
		Invalid: func() *water.CanalRecord {
			c := fullCanal()
			c.Path = c.Path[:1] // a mapped path has at least two points
			return c
		},
		Revision: func(c *water.CanalRecord) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
		Key:      func(c *water.CanalRecord) string { return string(c.Code) },
		Put:      water.Store.PutCanal,
		Get: func(s water.Store, ctx context.Context, c *water.CanalRecord) (*water.CanalRecord, error) {
			return s.Canal(ctx, c.Code)
		},
		Delete: func(s water.Store, ctx context.Context, c *water.CanalRecord) error {
			return s.DeleteCanal(ctx, c.Code)
		},
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.CanalRecord, string, error) {
			return s.Canals(ctx, water.CanalFilter{Page: p})
		},
	}
}

func gateKind() storetest.Kind[water.Store, water.GateRecord] {
	return storetest.Kind[water.Store, water.GateRecord]{
		Fresh: fullGate,
		Seq: func(i int) *water.GateRecord {
			g := fullGate()
			g.Code = facilityCode("ZM", i+1)
			return g
		},
		Modify: func(g *water.GateRecord) {
			g.Kind = water.CheckGate
			g.Points[1].Meter = "ZM-RTU9"
		},
		Invalid: func() *water.GateRecord {
			g := fullGate()
			g.Canal = ""
			return g
		},
		Revision: func(g *water.GateRecord) (*int64, *time.Time) { return &g.Version, &g.UpdatedAt },
		Key:      func(g *water.GateRecord) string { return string(g.Code) },
		Put:      water.Store.PutGate,
		Get: func(s water.Store, ctx context.Context, g *water.GateRecord) (*water.GateRecord, error) {
			return s.Gate(ctx, g.Code)
		},
		Delete: func(s water.Store, ctx context.Context, g *water.GateRecord) error { return s.DeleteGate(ctx, g.Code) },
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.GateRecord, string, error) {
			return s.Gates(ctx, water.GateFilter{Page: p})
		},
	}
}

func villageMeterKind() storetest.Kind[water.Store, water.VillageMeterRecord] {
	return storetest.Kind[water.Store, water.VillageMeterRecord]{
		Fresh: fullVillageMeter,
		Seq: func(i int) *water.VillageMeterRecord {
			v := fullVillageMeter()
			v.Code = facilityCode("GS", i+1)
			return v
		},
		Modify: func(v *water.VillageMeterRecord) {
			v.Meter.ID = "VM-0002"
			v.Supply = ""
		},
		Invalid: func() *water.VillageMeterRecord {
			v := fullVillageMeter()
			v.Village = townshipA // a supply meter serves one village
			return v
		},
		Revision: func(v *water.VillageMeterRecord) (*int64, *time.Time) { return &v.Version, &v.UpdatedAt },
		Key:      func(v *water.VillageMeterRecord) string { return string(v.Code) },
		Put:      water.Store.PutVillageMeter,
		Get: func(s water.Store, ctx context.Context, v *water.VillageMeterRecord) (*water.VillageMeterRecord, error) {
			return s.VillageMeter(ctx, v.Code)
		},
		Delete: func(s water.Store, ctx context.Context, v *water.VillageMeterRecord) error {
			return s.DeleteVillageMeter(ctx, v.Code)
		},
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.VillageMeterRecord, string, error) {
			return s.VillageMeters(ctx, water.VillageMeterFilter{Page: p})
		},
	}
}

func planKind() storetest.Kind[water.Store, water.PlanRecord] {
	return storetest.Kind[water.Store, water.PlanRecord]{
		Fresh: fullPlan,
		Seq: func(i int) *water.PlanRecord {
			p := fullPlan()
			p.Well, p.Year = wellCode(i/3+1), 2020+i%3
			return p
		},
		Modify: func(p *water.PlanRecord) {
			p.Monthly[4] = p.Monthly[4].Add(dec("100"))
			p.Annual = p.Annual.Add(dec("100"))
			p.Shares[1].Area = dec("81.5")
			p.Warnings[0] = dec("75")
			p.AtLimit = water.LimitAlarm
		},
		Invalid: func() *water.PlanRecord {
			p := fullPlan()
			p.Annual = p.Annual.Add(dec("1")) // the months no longer sum to it
			return p
		},
		Revision: func(p *water.PlanRecord) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		Key:      func(p *water.PlanRecord) string { return fmt.Sprintf("%s/%d", p.Well, p.Year) },
		Put:      water.Store.PutPlan,
		Get: func(s water.Store, ctx context.Context, p *water.PlanRecord) (*water.PlanRecord, error) {
			return s.Plan(ctx, p.Well, p.Year)
		},
		Delete: func(s water.Store, ctx context.Context, p *water.PlanRecord) error {
			return s.DeletePlan(ctx, p.Well, p.Year)
		},
		List: func(s water.Store, ctx context.Context, page land.Page) ([]*water.PlanRecord, string, error) {
			return s.Plans(ctx, water.PlanFilter{Page: page})
		},
	}
}

func historyKind() storetest.Kind[water.Store, water.CoefficientHistoryRecord] {
	return storetest.Kind[water.Store, water.CoefficientHistoryRecord]{
		Fresh: fullHistory,
		Seq: func(i int) *water.CoefficientHistoryRecord {
			h := fullHistory()
			h.Well = wellCode(i + 1)
			for j := range h.Coefficients {
				h.Coefficients[j].Well = h.Well
			}
			return h
		},
		Modify: func(h *water.CoefficientHistoryRecord) {
			h.Coefficients[1].Value = dec("2.0500")
			h.Coefficients[1].To = instant(2024, time.March, 1, 0, 0)
		},
		Invalid: func() *water.CoefficientHistoryRecord {
			h := fullHistory()
			h.Coefficients[1].From = h.Coefficients[0].From.Add(time.Hour) // overlaps the first
			return h
		},
		Revision: func(h *water.CoefficientHistoryRecord) (*int64, *time.Time) { return &h.Version, &h.UpdatedAt },
		Key:      func(h *water.CoefficientHistoryRecord) string { return string(h.Well) },
		Put:      water.Store.PutCoefficientHistory,
		Get: func(s water.Store, ctx context.Context, h *water.CoefficientHistoryRecord) (*water.CoefficientHistoryRecord, error) {
			return s.CoefficientHistory(ctx, h.Well)
		},
		Delete: func(s water.Store, ctx context.Context, h *water.CoefficientHistoryRecord) error {
			return s.DeleteCoefficientHistory(ctx, h.Well)
		},
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.CoefficientHistoryRecord, string, error) {
			return s.CoefficientHistories(ctx, water.CoefficientFilter{Page: p})
		},
	}
}

func billKind() storetest.Kind[water.Store, water.BillRecord] {
	return storetest.Kind[water.Store, water.BillRecord]{
		Fresh: fullBill,
		Seq: func(i int) *water.BillRecord {
			b := fullBill()
			b.ID = fmt.Sprintf("B-%04d", i+1)
			return b
		},
		Modify: func(b *water.BillRecord) {
			b.Due = day(2025, time.April, 30)
			b.Charge.Lines[0].Amount = dec("2100.01")
			b.Charge.Total = dec("3700.01")
		},
		Invalid: func() *water.BillRecord {
			b := fullBill()
			b.Due = day(2024, time.December, 31) // before the issue day
			return b
		},
		Revision: func(b *water.BillRecord) (*int64, *time.Time) { return &b.Version, &b.UpdatedAt },
		Key:      func(b *water.BillRecord) string { return b.ID },
		Put:      water.Store.PutBill,
		Get: func(s water.Store, ctx context.Context, b *water.BillRecord) (*water.BillRecord, error) {
			return s.Bill(ctx, b.ID)
		},
		Delete: func(s water.Store, ctx context.Context, b *water.BillRecord) error { return s.DeleteBill(ctx, b.ID) },
		List: func(s water.Store, ctx context.Context, p land.Page) ([]*water.BillRecord, string, error) {
			return s.Bills(ctx, water.BillFilter{Page: p})
		},
	}
}

func paymentKind() storetest.Kind[water.Store, water.PaymentRecord] {
	return storetest.Kind[water.Store, water.PaymentRecord]{
		Fresh: fullPayment,
		Seq: func(i int) *water.PaymentRecord {
			p := fullPayment()
			p.ID = fmt.Sprintf("P-%04d", i+1)
			return p
		},
		Modify: func(p *water.PaymentRecord) {
			p.Amount = dec("1850.60")
			p.Bill = ""
		},
		Invalid: func() *water.PaymentRecord {
			p := fullPayment()
			p.Amount = dec("0")
			return p
		},
		Revision: func(p *water.PaymentRecord) (*int64, *time.Time) { return &p.Version, &p.UpdatedAt },
		Key:      func(p *water.PaymentRecord) string { return p.ID },
		Put:      water.Store.PutPayment,
		Get: func(s water.Store, ctx context.Context, p *water.PaymentRecord) (*water.PaymentRecord, error) {
			return s.Payment(ctx, p.ID)
		},
		Delete: func(s water.Store, ctx context.Context, p *water.PaymentRecord) error {
			return s.DeletePayment(ctx, p.ID)
		},
		List: func(s water.Store, ctx context.Context, page land.Page) ([]*water.PaymentRecord, string, error) {
			return s.Payments(ctx, water.PaymentFilter{Page: page})
		},
	}
}
