package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// The classes of a well's use against its annual plan, for the map's colours.
// A class's lower bound is included: 80% used is in class 80-90, and 100%
// (the limit, where water.DetectOverPlan raises its critical alarm) is over.
const (
	planUnder80  = "under-80"
	plan80to90   = "80-90"
	plan90to100  = "90-100"
	planOver     = "over"
	planMissing  = "no-plan"
	percentPlace = 2
)

var planClasses = []string{planUnder80, plan80to90, plan90to100, planOver, planMissing}

// planUseOutput is the body of GET /api/v1/stats/plan-use.
type planUseOutput struct {
	Year     int            `json:"year"`
	Zone     string         `json:"zone"`
	Through  string         `json:"through"`
	Division string         `json:"division"`
	Counts   map[string]int `json:"counts"`
	// Planned and Used sum the wells' plans and use. Percent is Used of
	// Planned with 2 places, which counts the use of wells without a plan
	// too, and nil when nothing is planned.
	Planned string        `json:"planned_m3"`
	Used    string        `json:"used_m3"`
	Percent *string       `json:"percent"`
	Wells   []wellUseItem `json:"wells"`
}

// wellUseItem is one well's use against its plan. Plan and Percent are nil
// when the well has no plan for the year, and Percent also when the plan is
// 0 m³.
type wellUseItem struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Division string  `json:"division"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	Kind     string  `json:"kind"`
	Use      string  `json:"use"`
	Plan     *string `json:"plan_m3"`
	Used     string  `json:"used_m3"`
	Records  int     `json:"records"`
	Percent  *string `json:"percent"`
	Class    string  `json:"class"`
}

func (s *Server) planUse(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read wells")
		return
	}
	if fe := checkQuery(r, "division", "year"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := statsDivision(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	today := s.today()
	year, fe := yearQuery(r, today)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	through := land.NewDate(year, time.December, 31)
	if through.After(today) {
		through = today
	}

	key := statsKey{route: "plan-use", division: div, query: strconv.Itoa(year) + "/" + through.String()}
	s.serveStats(w, r, key, func() (any, error) {
		return s.loadPlanUse(r, div, year, through)
	})
}

func (s *Server) loadPlanUse(r *http.Request, div land.DivisionCode, year int, through land.Date) (*planUseOutput, error) {
	ctx := r.Context()
	from := land.NewDate(year, time.January, 1)
	ix, wells, err := s.reportIndex(ctx, div, from, through)
	if err != nil {
		return nil, err
	}
	rep, err := ix.Report(water.ReportQuery{Level: water.LevelWell, Within: div,
		Granularity: water.Yearly, From: from, Through: through})
	if err != nil {
		return nil, err
	}
	plans, _, err := s.cfg.Water.Plans(ctx, water.PlanFilter{Year: year})
	if err != nil {
		return nil, err
	}
	planned := make(map[water.WellCode]decimal.Decimal, len(plans))
	for _, pl := range plans {
		planned[pl.Well] = pl.Annual
	}

	out := &planUseOutput{Year: year, Zone: rep.Zone, Through: through.String(), Division: string(div),
		Counts: make(map[string]int, len(planClasses)), Wells: make([]wellUseItem, 0, len(rep.Rows))}
	for _, c := range planClasses {
		out.Counts[c] = 0
	}
	var sumPlanned, sumUsed decimal.Decimal
	for _, row := range rep.Rows {
		wl := wells[water.WellCode(row.Code)]
		if wl == nil {
			continue
		}
		item := wellUseItem{Code: row.Code, Name: wl.Name, Division: string(wl.Division),
			Lon: wl.Location.Lon, Lat: wl.Location.Lat, Kind: wl.Kind.String(), Use: wl.Use.String(),
			Used: volumeText(row.Volume), Records: row.Records, Class: planMissing}
		sumUsed = sumUsed.Add(row.Volume)
		if annual, ok := planned[wl.Code]; ok {
			text := volumeText(annual)
			item.Plan = &text
			item.Class, item.Percent = planClass(row.Volume, annual)
			sumPlanned = sumPlanned.Add(annual)
		}
		out.Counts[item.Class]++
		out.Wells = append(out.Wells, item)
	}
	out.Planned, out.Used = volumeText(sumPlanned), volumeText(sumUsed)
	if sumPlanned.IsPositive() {
		text := sumUsed.Mul(decimal.NewFromInt(100)).DivRound(sumPlanned, percentPlace).StringFixed(percentPlace)
		out.Percent = &text
	}
	return out, nil
}

// planClass returns the class of used m³ against an annual plan of planned
// m³, and the percentage used unless the plan is 0 m³. Use of a 0 m³ plan is
// over it, and no use of it is under 80%.
func planClass(used, planned decimal.Decimal) (string, *string) {
	if !planned.IsPositive() {
		if used.IsPositive() {
			return planOver, nil
		}
		return planUnder80, nil
	}
	// The class compares exact values, so that 79.996% is under 80% even
	// though its percentage shows as 80.00.
	scaled := used.Mul(decimal.NewFromInt(100))
	text := scaled.DivRound(planned, percentPlace).StringFixed(percentPlace)
	reached := func(level int64) bool { return scaled.GreaterThanOrEqual(planned.Mul(decimal.NewFromInt(level))) }
	switch {
	case reached(100):
		return planOver, &text
	case reached(90):
		return plan90to100, &text
	case reached(80):
		return plan80to90, &text
	}
	return planUnder80, &text
}
