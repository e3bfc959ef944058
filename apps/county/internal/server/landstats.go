package server

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
)

// landStatsOutput is the body of GET /api/v1/stats/land: the plots, contracts
// and land transfers of a division. Areas are in mu with 2 places; measured
// areas are on the CGCS2000 ellipsoid.
type landStatsOutput struct {
	Division   string         `json:"division"`
	Today      string         `json:"today"`
	Zone       string         `json:"zone"`
	Plots      int            `json:"plots"`
	Unsurveyed int            `json:"unsurveyed"`
	MeasuredMu string         `json:"measured_mu"`
	DeclaredMu string         `json:"declared_mu"`
	Contracts  contractTotals `json:"contracts"`
	Transfers  transferTotals `json:"transfers"`
	// ByUse groups by first-level GB/T 21010-2017 class and ByUseDetail by
	// the class as recorded.
	ByUse       []areaGroup `json:"by_use"`
	ByUseDetail []areaGroup `json:"by_use_detail"`
	ByClass     []areaGroup `json:"by_class"`
	// ByDivision groups by the townships of a county or the villages of a
	// township or village.
	ByDivision []areaGroup `json:"by_division"`
}

// areaGroup is the plots of one group: a land use, land class or division.
type areaGroup struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Plots      int    `json:"plots"`
	MeasuredMu string `json:"measured_mu"`
	DeclaredMu string `json:"declared_mu"`
}

type contractTotals struct {
	Count      int    `json:"count"`
	Households int    `json:"households"`
	AreaMu     string `json:"area_mu"`
}

// transferTotals counts every land transfer and, as active, those whose
// period contains today. Rent is the yearly rent of the active transfers in
// yuan, and MeanRent its mean per mu, empty when no area is transferred.
type transferTotals struct {
	Count        int    `json:"count"`
	Active       int    `json:"active"`
	AreaMu       string `json:"area_mu"`
	ActiveAreaMu string `json:"active_area_mu"`
	Rent         string `json:"annual_rent_yuan"`
	MeanRent     string `json:"mean_rent_yuan_per_mu"`
}

// landClassNames are the Chinese names of the land classes.
var landClassNames = map[land.Class]string{
	land.ClassUnknown:    "未登记",
	land.ClassStateOwned: "国有土地",
	land.ClassCollective: "集体土地",
	land.ClassContracted: "承包地",
}

func (s *Server) landStats(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read land statistics")
		return
	}
	if fe := checkQuery(r, "division"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := statsDivision(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	today := s.today()
	key := statsKey{route: "land", division: div, query: today.String()}
	s.serveStats(w, r, key, func() (any, error) {
		return s.loadLandStats(r, div, today)
	})
}

func (s *Server) loadLandStats(r *http.Request, div land.DivisionCode, today land.Date) (*landStatsOutput, error) {
	ctx := r.Context()
	plots, _, err := s.cfg.Land.Plots(ctx, land.PlotFilter{Division: div})
	if err != nil {
		return nil, err
	}
	names, err := s.divisionNames(r, div)
	if err != nil {
		return nil, err
	}
	total := land.TotalArea(plots)
	out := &landStatsOutput{Division: string(div), Today: today.String(), Zone: s.zone.Name(), Plots: total.Plots,
		Unsurveyed: total.Unsurveyed, MeasuredMu: muText(total.MeasuredMu), DeclaredMu: total.DeclaredMu.StringFixed(2)}

	out.ByUse = areaGroups(land.AreaBy(plots, func(p *land.Plot) land.Use { return p.Use.Parent() }),
		func(u land.Use) string { return string(u) }, useName)
	out.ByUseDetail = areaGroups(land.AreaByUse(plots), func(u land.Use) string { return string(u) }, useName)
	out.ByClass = areaGroups(land.AreaByClass(plots), land.Class.String,
		func(c land.Class) string { return landClassNames[c] })
	child := func(p *land.Plot) land.DivisionCode {
		if div.Level() <= land.DivisionCounty && len(p.Village) == 12 {
			return p.Village[:9]
		}
		return p.Village
	}
	out.ByDivision = areaGroups(land.AreaBy(plots, child), land.DivisionCode.String,
		func(d land.DivisionCode) string { return names[d] })

	if out.Contracts, err = s.contractTotals(r, div); err != nil {
		return nil, err
	}
	if out.Transfers, err = s.transferTotals(r, div, today); err != nil {
		return nil, err
	}
	return out, nil
}

// useName returns the Chinese name of a land use, or 未登记 for none.
func useName(u land.Use) string {
	if u == "" {
		return "未登记"
	}
	return u.Name()
}

// areaGroups returns the totals as groups in key order.
func areaGroups[K comparable](totals map[K]land.AreaTotal, key func(K) string, name func(K) string) []areaGroup {
	out := make([]areaGroup, 0, len(totals))
	for k, t := range totals {
		out = append(out, areaGroup{Key: key(k), Name: name(k), Plots: t.Plots,
			MeasuredMu: muText(t.MeasuredMu), DeclaredMu: t.DeclaredMu.StringFixed(2)})
	}
	slices.SortFunc(out, func(a, b areaGroup) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// muText returns a measured area in mu with 2 places.
func muText(mu float64) string { return decimal.NewFromFloat(mu).StringFixed(2) }

// inDivision reports whether a code that begins with a 12-digit village code,
// such as a contract code, lies within div.
func inDivision(div land.DivisionCode, code string) bool {
	return len(code) >= 12 && div.Contains(land.DivisionCode(code[:12]))
}

func (s *Server) contractTotals(r *http.Request, div land.DivisionCode) (contractTotals, error) {
	contracts, _, err := s.cfg.Land.Contracts(r.Context(), land.ContractFilter{})
	if err != nil {
		return contractTotals{}, err
	}
	var out contractTotals
	var area decimal.Decimal
	households := map[land.ContractorCode]bool{}
	for _, c := range contracts {
		if !inDivision(div, string(c.Code)) {
			continue
		}
		out.Count++
		households[c.Code.Contractor()] = true
		area = area.Add(c.TotalArea())
	}
	out.Households, out.AreaMu = len(households), area.StringFixed(2)
	return out, nil
}

func (s *Server) transferTotals(r *http.Request, div land.DivisionCode, today land.Date) (transferTotals, error) {
	transfers, _, err := s.cfg.Land.Transfers(r.Context(), land.TransferFilter{})
	if err != nil {
		return transferTotals{}, err
	}
	var out transferTotals
	var area, activeArea, rent decimal.Decimal
	for _, t := range transfers {
		if !inDivision(div, string(t.Contract)) {
			continue
		}
		out.Count++
		area = area.Add(t.TotalArea())
		if t.Period.Contains(today) {
			out.Active++
			activeArea = activeArea.Add(t.TotalArea())
			rent = rent.Add(t.AnnualRent())
		}
	}
	out.AreaMu, out.ActiveAreaMu, out.Rent = area.StringFixed(2), activeArea.StringFixed(2), rent.StringFixed(2)
	if activeArea.IsPositive() {
		out.MeanRent = rent.DivRound(activeArea, 2).StringFixed(2)
	}
	return out, nil
}
