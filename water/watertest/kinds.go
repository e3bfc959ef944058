package watertest

import (
	"context"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// recordKind describes one record kind with a key of its own to the generic tests.
type recordKind[T any] struct {
	fresh    func() *T      // a valid record with Version 0
	seq      func(i int) *T // record i of a listing in key order
	modify   func(*T)       // changes stored fields, nested ones in place
	invalid  func() *T      // a record that fails validation
	revision func(*T) *water.Revision
	key      func(*T) string
	put      func(context.Context, water.Store, *T) error
	get      func(context.Context, water.Store, *T) (*T, error)
	delete   func(context.Context, water.Store, *T) error
	list     func(context.Context, water.Store, land.Page) ([]*T, string, error)
}

func wellKind() recordKind[water.WellRecord] {
	return recordKind[water.WellRecord]{
		fresh: fullWell,
		seq: func(i int) *water.WellRecord {
			w := fullWell()
			w.Code = wellCode(i + 1)
			for j := range w.Meters {
				w.Meters[j].ID = water.MeterID(fmt.Sprintf("%s-%d", w.Meters[j].ID, i))
			}
			return w
		},
		modify: func(w *water.WellRecord) {
			w.Name += "东"
			w.IrrigatedArea = w.IrrigatedArea.Add(dec("0.25"))
			w.Plots[0] = "6542021010010100009"
			w.Meters[0].Installed = day(2023, time.May, 6)
			w.Pump.Head = dec("90.00")
		},
		invalid: func() *water.WellRecord {
			w := fullWell()
			w.Source = water.SurfaceWater // a pumped well draws groundwater
			return w
		},
		revision: func(w *water.WellRecord) *water.Revision { return &w.Revision },
		key:      func(w *water.WellRecord) string { return string(w.Code) },
		put:      func(ctx context.Context, s water.Store, w *water.WellRecord) error { return s.PutWell(ctx, w) },
		get: func(ctx context.Context, s water.Store, w *water.WellRecord) (*water.WellRecord, error) {
			return s.Well(ctx, w.Code)
		},
		delete: func(ctx context.Context, s water.Store, w *water.WellRecord) error { return s.DeleteWell(ctx, w.Code) },
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.WellRecord, string, error) {
			return s.Wells(ctx, water.WellFilter{Page: p})
		},
	}
}

func reservoirKind() recordKind[water.ReservoirRecord] {
	return recordKind[water.ReservoirRecord]{
		fresh: fullReservoir,
		seq: func(i int) *water.ReservoirRecord {
			r := fullReservoir()
			r.Code = facilityCode("SK", i+1)
			return r
		},
		modify: func(r *water.ReservoirRecord) {
			r.Capacity = dec("13000000.00")
			r.Points[0].Method = water.Ultrasonic
			r.Points[1].Location.Lat += 0.001
		},
		invalid: func() *water.ReservoirRecord {
			r := fullReservoir()
			r.Points[1].Code = r.Points[0].Code
			return r
		},
		revision: func(r *water.ReservoirRecord) *water.Revision { return &r.Revision },
		key:      func(r *water.ReservoirRecord) string { return string(r.Code) },
		put: func(ctx context.Context, s water.Store, r *water.ReservoirRecord) error {
			return s.PutReservoir(ctx, r)
		},
		get: func(ctx context.Context, s water.Store, r *water.ReservoirRecord) (*water.ReservoirRecord, error) {
			return s.Reservoir(ctx, r.Code)
		},
		delete: func(ctx context.Context, s water.Store, r *water.ReservoirRecord) error {
			return s.DeleteReservoir(ctx, r.Code)
		},
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.ReservoirRecord, string, error) {
			return s.Reservoirs(ctx, water.ReservoirFilter{Page: p})
		},
	}
}

func canalKind() recordKind[water.CanalRecord] {
	return recordKind[water.CanalRecord]{
		fresh: fullCanal,
		seq: func(i int) *water.CanalRecord {
			c := fullCanal()
			c.Code = facilityCode("QD", i+1)
			return c
		},
		modify: func(c *water.CanalRecord) {
			c.Level = water.BranchCanal
			c.Path[1].Lon += 0.0001
			c.Points[0].Name = "一支渠口"
		},
		invalid: func() *water.CanalRecord {
			c := fullCanal()
			c.Path = c.Path[:1] // a mapped path has at least two points
			return c
		},
		revision: func(c *water.CanalRecord) *water.Revision { return &c.Revision },
		key:      func(c *water.CanalRecord) string { return string(c.Code) },
		put:      func(ctx context.Context, s water.Store, c *water.CanalRecord) error { return s.PutCanal(ctx, c) },
		get: func(ctx context.Context, s water.Store, c *water.CanalRecord) (*water.CanalRecord, error) {
			return s.Canal(ctx, c.Code)
		},
		delete: func(ctx context.Context, s water.Store, c *water.CanalRecord) error {
			return s.DeleteCanal(ctx, c.Code)
		},
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.CanalRecord, string, error) {
			return s.Canals(ctx, water.CanalFilter{Page: p})
		},
	}
}

func gateKind() recordKind[water.GateRecord] {
	return recordKind[water.GateRecord]{
		fresh: fullGate,
		seq: func(i int) *water.GateRecord {
			g := fullGate()
			g.Code = facilityCode("ZM", i+1)
			return g
		},
		modify: func(g *water.GateRecord) {
			g.Kind = water.CheckGate
			g.Points[1].Meter = "ZM-RTU9"
		},
		invalid: func() *water.GateRecord {
			g := fullGate()
			g.Canal = ""
			return g
		},
		revision: func(g *water.GateRecord) *water.Revision { return &g.Revision },
		key:      func(g *water.GateRecord) string { return string(g.Code) },
		put:      func(ctx context.Context, s water.Store, g *water.GateRecord) error { return s.PutGate(ctx, g) },
		get: func(ctx context.Context, s water.Store, g *water.GateRecord) (*water.GateRecord, error) {
			return s.Gate(ctx, g.Code)
		},
		delete: func(ctx context.Context, s water.Store, g *water.GateRecord) error { return s.DeleteGate(ctx, g.Code) },
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.GateRecord, string, error) {
			return s.Gates(ctx, water.GateFilter{Page: p})
		},
	}
}

func villageMeterKind() recordKind[water.VillageMeterRecord] {
	return recordKind[water.VillageMeterRecord]{
		fresh: fullVillageMeter,
		seq: func(i int) *water.VillageMeterRecord {
			v := fullVillageMeter()
			v.Code = facilityCode("GS", i+1)
			return v
		},
		modify: func(v *water.VillageMeterRecord) {
			v.Meter.ID = "VM-0002"
			v.Supply = ""
		},
		invalid: func() *water.VillageMeterRecord {
			v := fullVillageMeter()
			v.Village = townshipA // a supply meter serves one village
			return v
		},
		revision: func(v *water.VillageMeterRecord) *water.Revision { return &v.Revision },
		key:      func(v *water.VillageMeterRecord) string { return string(v.Code) },
		put: func(ctx context.Context, s water.Store, v *water.VillageMeterRecord) error {
			return s.PutVillageMeter(ctx, v)
		},
		get: func(ctx context.Context, s water.Store, v *water.VillageMeterRecord) (*water.VillageMeterRecord, error) {
			return s.VillageMeter(ctx, v.Code)
		},
		delete: func(ctx context.Context, s water.Store, v *water.VillageMeterRecord) error {
			return s.DeleteVillageMeter(ctx, v.Code)
		},
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.VillageMeterRecord, string, error) {
			return s.VillageMeters(ctx, water.VillageMeterFilter{Page: p})
		},
	}
}

func planKind() recordKind[water.PlanRecord] {
	return recordKind[water.PlanRecord]{
		fresh: fullPlan,
		seq: func(i int) *water.PlanRecord {
			p := fullPlan()
			p.Well, p.Year = wellCode(i/3+1), 2020+i%3
			return p
		},
		modify: func(p *water.PlanRecord) {
			p.Monthly[4] = p.Monthly[4].Add(dec("100"))
			p.Annual = p.Annual.Add(dec("100"))
			p.Shares[1].Area = dec("81.5")
			p.Warnings[0] = dec("75")
			p.AtLimit = water.LimitAlarm
		},
		invalid: func() *water.PlanRecord {
			p := fullPlan()
			p.Annual = p.Annual.Add(dec("1")) // the months no longer sum to it
			return p
		},
		revision: func(p *water.PlanRecord) *water.Revision { return &p.Revision },
		key:      func(p *water.PlanRecord) string { return fmt.Sprintf("%s/%d", p.Well, p.Year) },
		put:      func(ctx context.Context, s water.Store, p *water.PlanRecord) error { return s.PutPlan(ctx, p) },
		get: func(ctx context.Context, s water.Store, p *water.PlanRecord) (*water.PlanRecord, error) {
			return s.Plan(ctx, p.Well, p.Year)
		},
		delete: func(ctx context.Context, s water.Store, p *water.PlanRecord) error {
			return s.DeletePlan(ctx, p.Well, p.Year)
		},
		list: func(ctx context.Context, s water.Store, page land.Page) ([]*water.PlanRecord, string, error) {
			return s.Plans(ctx, water.PlanFilter{Page: page})
		},
	}
}

func historyKind() recordKind[water.CoefficientHistoryRecord] {
	return recordKind[water.CoefficientHistoryRecord]{
		fresh: fullHistory,
		seq: func(i int) *water.CoefficientHistoryRecord {
			h := fullHistory()
			h.Well = wellCode(i + 1)
			for j := range h.Coefficients {
				h.Coefficients[j].Well = h.Well
			}
			return h
		},
		modify: func(h *water.CoefficientHistoryRecord) {
			h.Coefficients[1].Value = dec("2.0500")
			h.Coefficients[1].To = instant(2024, time.March, 1, 0, 0)
		},
		invalid: func() *water.CoefficientHistoryRecord {
			h := fullHistory()
			h.Coefficients[1].From = h.Coefficients[0].From.Add(time.Hour) // overlaps the first
			return h
		},
		revision: func(h *water.CoefficientHistoryRecord) *water.Revision { return &h.Revision },
		key:      func(h *water.CoefficientHistoryRecord) string { return string(h.Well) },
		put: func(ctx context.Context, s water.Store, h *water.CoefficientHistoryRecord) error {
			return s.PutCoefficientHistory(ctx, h)
		},
		get: func(ctx context.Context, s water.Store, h *water.CoefficientHistoryRecord) (*water.CoefficientHistoryRecord, error) {
			return s.CoefficientHistory(ctx, h.Well)
		},
		delete: func(ctx context.Context, s water.Store, h *water.CoefficientHistoryRecord) error {
			return s.DeleteCoefficientHistory(ctx, h.Well)
		},
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.CoefficientHistoryRecord, string, error) {
			return s.CoefficientHistories(ctx, water.CoefficientFilter{Page: p})
		},
	}
}

func billKind() recordKind[water.BillRecord] {
	return recordKind[water.BillRecord]{
		fresh: fullBill,
		seq: func(i int) *water.BillRecord {
			b := fullBill()
			b.ID = fmt.Sprintf("B-%04d", i+1)
			return b
		},
		modify: func(b *water.BillRecord) {
			b.Due = day(2025, time.April, 30)
			b.Charge.Lines[0].Amount = dec("2100.01")
			b.Charge.Total = dec("3700.01")
		},
		invalid: func() *water.BillRecord {
			b := fullBill()
			b.Due = day(2024, time.December, 31) // before the issue day
			return b
		},
		revision: func(b *water.BillRecord) *water.Revision { return &b.Revision },
		key:      func(b *water.BillRecord) string { return b.ID },
		put:      func(ctx context.Context, s water.Store, b *water.BillRecord) error { return s.PutBill(ctx, b) },
		get: func(ctx context.Context, s water.Store, b *water.BillRecord) (*water.BillRecord, error) {
			return s.Bill(ctx, b.ID)
		},
		delete: func(ctx context.Context, s water.Store, b *water.BillRecord) error { return s.DeleteBill(ctx, b.ID) },
		list: func(ctx context.Context, s water.Store, p land.Page) ([]*water.BillRecord, string, error) {
			return s.Bills(ctx, water.BillFilter{Page: p})
		},
	}
}

func paymentKind() recordKind[water.PaymentRecord] {
	return recordKind[water.PaymentRecord]{
		fresh: fullPayment,
		seq: func(i int) *water.PaymentRecord {
			p := fullPayment()
			p.ID = fmt.Sprintf("P-%04d", i+1)
			return p
		},
		modify: func(p *water.PaymentRecord) {
			p.Amount = dec("1850.60")
			p.Bill = ""
		},
		invalid: func() *water.PaymentRecord {
			p := fullPayment()
			p.Amount = dec("0")
			return p
		},
		revision: func(p *water.PaymentRecord) *water.Revision { return &p.Revision },
		key:      func(p *water.PaymentRecord) string { return p.ID },
		put:      func(ctx context.Context, s water.Store, p *water.PaymentRecord) error { return s.PutPayment(ctx, p) },
		get: func(ctx context.Context, s water.Store, p *water.PaymentRecord) (*water.PaymentRecord, error) {
			return s.Payment(ctx, p.ID)
		},
		delete: func(ctx context.Context, s water.Store, p *water.PaymentRecord) error {
			return s.DeletePayment(ctx, p.ID)
		},
		list: func(ctx context.Context, s water.Store, page land.Page) ([]*water.PaymentRecord, string, error) {
			return s.Payments(ctx, water.PaymentFilter{Page: page})
		},
	}
}
