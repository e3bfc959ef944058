package watertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func testFilters(t *testing.T, newStore func(t *testing.T) water.Store) {
	t.Run("Wells", func(t *testing.T) { t.Parallel(); testWellFilter(t, newStore(t)) })
	t.Run("Facilities", func(t *testing.T) { t.Parallel(); testFacilityFilters(t, newStore(t)) })
	t.Run("Plans", func(t *testing.T) { t.Parallel(); testPlanFilter(t, newStore(t)) })
	t.Run("Billing", func(t *testing.T) { t.Parallel(); testBillingFilters(t, newStore(t)) })
	t.Run("Alarms", func(t *testing.T) { t.Parallel(); testAlarmFilter(t, newStore(t)) })
}

func testWellFilter(t *testing.T, s water.Store) {
	ctx := context.Background()
	places := []struct {
		division land.DivisionCode
		district water.DistrictCode
		source   water.Source
		use      water.Use
	}{
		{villageA1, districtA, water.DeepGroundwater, water.Agriculture},
		{villageA2, districtB, water.ShallowGroundwater, water.Agriculture},
		{villageB1, "", water.ShallowGroundwater, water.RuralSupply},
		{townshipB, districtA, water.DeepGroundwater, water.Industry},
	}
	codes := make([]string, len(places))
	for i, p := range places {
		w := wellKind().Seq(i)
		w.Division, w.District, w.Source, w.Use = p.division, p.district, p.source, p.use
		require.NoError(t, s.PutWell(ctx, w))
		codes[i] = string(w.Code)
	}
	cases := []storetest.FilterCase[water.WellFilter]{
		{Name: "all", Filter: water.WellFilter{}, Want: codes},
		{Name: "county", Filter: water.WellFilter{Division: county}, Want: codes},
		{Name: "township", Filter: water.WellFilter{Division: townshipA}, Want: codes[:2]},
		{Name: "township with a well outside villages",
			Filter: water.WellFilter{Division: townshipB},
			Want:   codes[2:]},
		{Name: "village", Filter: water.WellFilter{Division: villageA1}, Want: codes[:1]},
		{Name: "other county", Filter: water.WellFilter{Division: otherPlace}},
		{Name: "district", Filter: water.WellFilter{District: districtA},
			Want: []string{codes[0], codes[3]}},
		{Name: "source", Filter: water.WellFilter{Source: water.ShallowGroundwater},
			Want: codes[1:3]},
		{Name: "use", Filter: water.WellFilter{Use: water.Agriculture}, Want: codes[:2]},
		{Name: "township and source",
			Filter: water.WellFilter{Division: townshipA, Source: water.ShallowGroundwater},
			Want:   codes[1:2]},
	}
	storetest.CheckFilters(t, cases, s.Wells,
		func(w *water.WellRecord) string { return string(w.Code) },
		func(f *water.WellFilter, p land.Page) { f.Page = p })
}

func testFacilityFilters(t *testing.T, s water.Store) {
	ctx := context.Background()
	reservoirs := []struct {
		division land.DivisionCode
		district water.DistrictCode
	}{{townshipA, districtA}, {villageB1, districtB}, {villageA2, ""}}
	for i, p := range reservoirs {
		r := reservoirKind().Seq(i)
		r.Division, r.District = p.division, p.district
		require.NoError(t, s.PutReservoir(ctx, r))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.ReservoirFilter]{
		{Name: "reservoirs of a township", Filter: water.ReservoirFilter{Division: townshipA},
			Want: []string{"SK-0001", "SK-0003"}},
		{Name: "reservoirs of a district", Filter: water.ReservoirFilter{District: districtB},
			Want: []string{"SK-0002"}},
	}, s.Reservoirs,
		func(r *water.ReservoirRecord) string { return string(r.Code) },
		func(f *water.ReservoirFilter, p land.Page) { f.Page = p })

	canals := []struct {
		district water.DistrictCode
		feeder   water.FacilityCode
	}{{districtA, "SK-0001"}, {districtB, "QD-0001"}, {"", ""}}
	for i, p := range canals {
		c := canalKind().Seq(i)
		c.District, c.Feeder = p.district, p.feeder
		require.NoError(t, s.PutCanal(ctx, c))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.CanalFilter]{
		{Name: "canals of a district", Filter: water.CanalFilter{District: districtA},
			Want: []string{"QD-0001"}},
		{Name: "canals of a feeder", Filter: water.CanalFilter{Feeder: "QD-0001"},
			Want: []string{"QD-0002"}},
		{Name: "all canals", Filter: water.CanalFilter{},
			Want: []string{"QD-0001", "QD-0002", "QD-0003"}},
	}, s.Canals,
		func(c *water.CanalRecord) string { return string(c.Code) },
		func(f *water.CanalFilter, p land.Page) { f.Page = p })

	for i, canal := range []water.FacilityCode{"QD-0001", "QD-0002", "QD-0002"} {
		g := gateKind().Seq(i)
		g.Canal = canal
		require.NoError(t, s.PutGate(ctx, g))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.GateFilter]{
		{Name: "gates of a canal", Filter: water.GateFilter{Canal: "QD-0002"},
			Want: []string{"ZM-0002", "ZM-0003"}},
	}, s.Gates,
		func(g *water.GateRecord) string { return string(g.Code) },
		func(f *water.GateFilter, p land.Page) { f.Page = p })

	for i, village := range []land.DivisionCode{villageA1, villageB1} {
		v := villageMeterKind().Seq(i)
		v.Village = village
		require.NoError(t, s.PutVillageMeter(ctx, v))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.VillageMeterFilter]{
		{Name: "village meters of a township", Filter: water.VillageMeterFilter{Division: townshipB},
			Want: []string{"GS-0002"}},
		{Name: "village meters of the county", Filter: water.VillageMeterFilter{Division: county},
			Want: []string{"GS-0001", "GS-0002"}},
	}, s.VillageMeters,
		func(v *water.VillageMeterRecord) string { return string(v.Code) },
		func(f *water.VillageMeterFilter, p land.Page) { f.Page = p })
}

func testPlanFilter(t *testing.T, s water.Store) {
	ctx := context.Background()
	keys := []struct {
		well water.WellCode
		year int
	}{{wellCode(1), 2023}, {wellCode(1), 2024}, {wellCode(2), 2024}, {wellCode(10), 2022}}
	for _, k := range keys {
		p := fullPlan()
		p.Well, p.Year = k.well, k.year
		require.NoError(t, s.PutPlan(ctx, p))
	}
	key := func(p *water.PlanRecord) string { return fmt.Sprintf("%s/%d", p.Well, p.Year) }
	storetest.CheckFilters(t, []storetest.FilterCase[water.PlanFilter]{
		{Name: "all plans", Filter: water.PlanFilter{}, Want: []string{
			"654202-J0001/2023", "654202-J0001/2024", "654202-J0002/2024", "654202-J0010/2022",
		}},
		{Name: "plans of a well", Filter: water.PlanFilter{Well: wellCode(1)},
			Want: []string{"654202-J0001/2023", "654202-J0001/2024"}},
		{Name: "plans of a year", Filter: water.PlanFilter{Year: 2024},
			Want: []string{"654202-J0001/2024", "654202-J0002/2024"}},
		{Name: "plan of a well and year", Filter: water.PlanFilter{Well: wellCode(2), Year: 2024},
			Want: []string{"654202-J0002/2024"}},
	}, s.Plans, key, func(f *water.PlanFilter, p land.Page) { f.Page = p })
}

func testBillingFilters(t *testing.T, s water.Store) {
	ctx := context.Background()
	for i, well := range []water.WellCode{wellCode(1), wellCode(2), wellCode(1)} {
		b := billKind().Seq(i)
		b.Well = well
		require.NoError(t, s.PutBill(ctx, b))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.BillFilter]{
		{Name: "bills of a well", Filter: water.BillFilter{Well: wellCode(1)},
			Want: []string{"B-0001", "B-0003"}},
	}, s.Bills,
		func(b *water.BillRecord) string { return b.ID },
		func(f *water.BillFilter, p land.Page) { f.Page = p })

	payments := []struct {
		well water.WellCode
		bill string
	}{{wellCode(1), "B-0001"}, {wellCode(1), ""}, {wellCode(2), "B-0002"}}
	for i, p := range payments {
		r := paymentKind().Seq(i)
		r.Well, r.Bill = p.well, p.bill
		require.NoError(t, s.PutPayment(ctx, r))
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.PaymentFilter]{
		{Name: "payments of a well", Filter: water.PaymentFilter{Well: wellCode(1)},
			Want: []string{"P-0001", "P-0002"}},
		{Name: "payments of a bill", Filter: water.PaymentFilter{Bill: "B-0002"},
			Want: []string{"P-0003"}},
	}, s.Payments,
		func(p *water.PaymentRecord) string { return p.ID },
		func(f *water.PaymentFilter, p land.Page) { f.Page = p })
}

func testAlarmFilter(t *testing.T, s water.Store) {
	ctx := context.Background()
	alarms := []struct {
		well   water.WellCode
		rule   water.Rule
		status water.AlarmStatus
	}{
		{wellCode(1), water.RuleOverPlan, water.AlarmOpen},
		{wellCode(2), water.RuleTamper, water.AlarmAcknowledged},
		{wellCode(1), water.RuleSilentMeter, water.AlarmClosed},
	}
	ids := make([]string, len(alarms))
	for i, p := range alarms {
		a := fullAlarm()
		a.Well, a.Rule, a.Status = p.well, p.rule, p.status
		require.NoError(t, s.PutAlarm(ctx, a))
		ids[i] = fmt.Sprint(a.ID)
	}
	storetest.CheckFilters(t, []storetest.FilterCase[water.AlarmFilter]{
		{Name: "alarms of a well", Filter: water.AlarmFilter{Well: wellCode(1)},
			Want: []string{ids[0], ids[2]}},
		{Name: "alarms of a rule", Filter: water.AlarmFilter{Rule: water.RuleTamper},
			Want: []string{ids[1]}},
		{Name: "closed alarms", Filter: water.AlarmFilter{Status: water.AlarmClosed},
			Want: []string{ids[2]}},
		{Name: "open alarms of a well",
			Filter: water.AlarmFilter{Well: wellCode(1), Status: water.AlarmOpen},
			Want:   []string{ids[0]}},
	}, s.Alarms,
		func(a *water.AlarmRecord) string { return fmt.Sprint(a.ID) },
		func(f *water.AlarmFilter, p land.Page) { f.Page = p })
}
