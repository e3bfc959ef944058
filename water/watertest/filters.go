package watertest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// filterCase is one filter of a listing and the keys it should return.
type filterCase[F any] struct {
	name   string
	filter F
	want   []string
}

// checkFilters runs each case through list, unpaged and one record per page.
func checkFilters[F any, T any](t *testing.T, cases []filterCase[F], setPage func(*F, land.Page),
	list func(context.Context, F) ([]*T, string, error), key func(*T) string) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var keys []string
			f := c.filter
			setPage(&f, land.Page{Limit: 1})
			for range len(c.want) + 1 {
				records, next, err := list(context.Background(), f)
				require.NoError(t, err)
				for _, r := range records {
					keys = append(keys, key(r))
				}
				if next == "" {
					break
				}
				setPage(&f, land.Page{Limit: 1, After: next})
			}
			if c.want == nil {
				c.want = []string{}
			}
			if keys == nil {
				keys = []string{}
			}
			assert.Equal(t, c.want, keys)
		})
	}
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
		w := wellKind().seq(i)
		w.Division, w.District, w.Source, w.Use = p.division, p.district, p.source, p.use
		require.NoError(t, s.PutWell(ctx, w))
		codes[i] = string(w.Code)
	}
	cases := []filterCase[water.WellFilter]{
		{"all", water.WellFilter{}, codes},
		{"county", water.WellFilter{Division: county}, codes},
		{"township", water.WellFilter{Division: townshipA}, codes[:2]},
		{"township with a well outside villages", water.WellFilter{Division: townshipB}, codes[2:]},
		{"village", water.WellFilter{Division: villageA1}, codes[:1]},
		{"other county", water.WellFilter{Division: otherPlace}, nil},
		{"district", water.WellFilter{District: districtA}, []string{codes[0], codes[3]}},
		{"source", water.WellFilter{Source: water.ShallowGroundwater}, codes[1:3]},
		{"use", water.WellFilter{Use: water.Agriculture}, codes[:2]},
		{"township and source", water.WellFilter{Division: townshipA, Source: water.ShallowGroundwater}, codes[1:2]},
	}
	checkFilters(t, cases, func(f *water.WellFilter, p land.Page) { f.Page = p }, s.Wells,
		func(w *water.WellRecord) string { return string(w.Code) })
}

func testFacilityFilters(t *testing.T, s water.Store) {
	ctx := context.Background()
	reservoirs := []struct {
		division land.DivisionCode
		district water.DistrictCode
	}{{townshipA, districtA}, {villageB1, districtB}, {villageA2, ""}}
	for i, p := range reservoirs {
		r := reservoirKind().seq(i)
		r.Division, r.District = p.division, p.district
		require.NoError(t, s.PutReservoir(ctx, r))
	}
	checkFilters(t, []filterCase[water.ReservoirFilter]{
		{"reservoirs of a township", water.ReservoirFilter{Division: townshipA}, []string{"SK-0001", "SK-0003"}},
		{"reservoirs of a district", water.ReservoirFilter{District: districtB}, []string{"SK-0002"}},
	}, func(f *water.ReservoirFilter, p land.Page) { f.Page = p }, s.Reservoirs,
		func(r *water.ReservoirRecord) string { return string(r.Code) })

	canals := []struct {
		district water.DistrictCode
		feeder   water.FacilityCode
	}{{districtA, "SK-0001"}, {districtB, "QD-0001"}, {"", ""}}
	for i, p := range canals {
		c := canalKind().seq(i)
		c.District, c.Feeder = p.district, p.feeder
		require.NoError(t, s.PutCanal(ctx, c))
	}
	checkFilters(t, []filterCase[water.CanalFilter]{
		{"canals of a district", water.CanalFilter{District: districtA}, []string{"QD-0001"}},
		{"canals of a feeder", water.CanalFilter{Feeder: "QD-0001"}, []string{"QD-0002"}},
		{"all canals", water.CanalFilter{}, []string{"QD-0001", "QD-0002", "QD-0003"}},
	}, func(f *water.CanalFilter, p land.Page) { f.Page = p }, s.Canals,
		func(c *water.CanalRecord) string { return string(c.Code) })

	for i, canal := range []water.FacilityCode{"QD-0001", "QD-0002", "QD-0002"} {
		g := gateKind().seq(i)
		g.Canal = canal
		require.NoError(t, s.PutGate(ctx, g))
	}
	checkFilters(t, []filterCase[water.GateFilter]{
		{"gates of a canal", water.GateFilter{Canal: "QD-0002"}, []string{"ZM-0002", "ZM-0003"}},
	}, func(f *water.GateFilter, p land.Page) { f.Page = p }, s.Gates,
		func(g *water.GateRecord) string { return string(g.Code) })

	for i, village := range []land.DivisionCode{villageA1, villageB1} {
		v := villageMeterKind().seq(i)
		v.Village = village
		require.NoError(t, s.PutVillageMeter(ctx, v))
	}
	checkFilters(t, []filterCase[water.VillageMeterFilter]{
		{"village meters of a township", water.VillageMeterFilter{Division: townshipB}, []string{"GS-0002"}},
		{"village meters of the county", water.VillageMeterFilter{Division: county}, []string{"GS-0001", "GS-0002"}},
	}, func(f *water.VillageMeterFilter, p land.Page) { f.Page = p }, s.VillageMeters,
		func(v *water.VillageMeterRecord) string { return string(v.Code) })
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
	checkFilters(t, []filterCase[water.PlanFilter]{
		{"all plans", water.PlanFilter{}, []string{
			"654202-J0001/2023", "654202-J0001/2024", "654202-J0002/2024", "654202-J0010/2022",
		}},
		{"plans of a well", water.PlanFilter{Well: wellCode(1)}, []string{"654202-J0001/2023", "654202-J0001/2024"}},
		{"plans of a year", water.PlanFilter{Year: 2024}, []string{"654202-J0001/2024", "654202-J0002/2024"}},
		{"plan of a well and year", water.PlanFilter{Well: wellCode(2), Year: 2024}, []string{"654202-J0002/2024"}},
	}, func(f *water.PlanFilter, p land.Page) { f.Page = p }, s.Plans, key)
}

func testBillingFilters(t *testing.T, s water.Store) {
	ctx := context.Background()
	for i, well := range []water.WellCode{wellCode(1), wellCode(2), wellCode(1)} {
		b := billKind().seq(i)
		b.Well = well
		require.NoError(t, s.PutBill(ctx, b))
	}
	checkFilters(t, []filterCase[water.BillFilter]{
		{"bills of a well", water.BillFilter{Well: wellCode(1)}, []string{"B-0001", "B-0003"}},
	}, func(f *water.BillFilter, p land.Page) { f.Page = p }, s.Bills,
		func(b *water.BillRecord) string { return b.ID })

	payments := []struct {
		well water.WellCode
		bill string
	}{{wellCode(1), "B-0001"}, {wellCode(1), ""}, {wellCode(2), "B-0002"}}
	for i, p := range payments {
		r := paymentKind().seq(i)
		r.Well, r.Bill = p.well, p.bill
		require.NoError(t, s.PutPayment(ctx, r))
	}
	checkFilters(t, []filterCase[water.PaymentFilter]{
		{"payments of a well", water.PaymentFilter{Well: wellCode(1)}, []string{"P-0001", "P-0002"}},
		{"payments of a bill", water.PaymentFilter{Bill: "B-0002"}, []string{"P-0003"}},
	}, func(f *water.PaymentFilter, p land.Page) { f.Page = p }, s.Payments,
		func(p *water.PaymentRecord) string { return p.ID })
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
	checkFilters(t, []filterCase[water.AlarmFilter]{
		{"alarms of a well", water.AlarmFilter{Well: wellCode(1)}, []string{ids[0], ids[2]}},
		{"alarms of a rule", water.AlarmFilter{Rule: water.RuleTamper}, []string{ids[1]}},
		{"closed alarms", water.AlarmFilter{Status: water.AlarmClosed}, []string{ids[2]}},
		{"open alarms of a well", water.AlarmFilter{Well: wellCode(1), Status: water.AlarmOpen}, []string{ids[0]}},
	}, func(f *water.AlarmFilter, p land.Page) { f.Page = p }, s.Alarms,
		func(a *water.AlarmRecord) string { return fmt.Sprint(a.ID) })
}
