package demo

import (
	"context"
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
)

// village is the state of one village while Generate builds it.
type village struct {
	index    int // position among all villages of the county
	code     land.DivisionCode
	name     string
	township Division
	layout   villageLayout
	sides    [2]side         // east, west
	plots    [2][]*land.Plot // the strips of each side, from the branch outward
	owner    map[land.PlotCode]*land.Contractor
	uyghur   float64 // share of Uyghur-style households
}

// township generates township t (0-based) with its villages, branch canal and supply
// well.
func (g *generator) township(ctx context.Context, t int) error {
	// GB/T 10114-2003 numbers towns (镇) 100-199 and townships (乡) 200-399 within a
	// county, and village committees (村民委员会) 200-399 within a township.
	number := 201 + t
	if t == 0 {
		number = 101
	}
	code, err := CountyCode.Child(number)
	if err != nil {
		return err
	}
	y := g.nextY
	div := Division{Code: code, Name: townshipName(g.r, t == 0), Centre: g.frame.point(0, y)}
	g.c.Townships = append(g.c.Townships, div)

	var span float64
	var villages []*village
	for v := range g.c.Size.VillagesPerTownship {
		vil, err := g.village(ctx, div, t, v, y)
		if err != nil {
			return err
		}
		villages = append(villages, vil)
		span = math.Max(span, math.Max(vil.sides[0].span(), vil.sides[1].span()))
	}
	g.branch(div, t, y, villages)
	if err := g.supplyWell(div, t, y, villages); err != nil {
		return err
	}
	g.lastBranchY = y
	g.nextY = y + branchRoad + span + townshipGap
	return nil
}

// village generates village v (0-based) of township t, whose branch canal runs at y.
func (g *generator) village(ctx context.Context, township Division, t, v int, y float64) (*village, error) {
	code, err := township.Code.Child(201 + v)
	if err != nil {
		return nil, err
	}
	skew := g.between(-maxSkew, maxSkew) * math.Pi / 180
	vil := &village{
		index:    t*g.c.Size.VillagesPerTownship + v,
		code:     code,
		name:     villageName(g.r),
		township: township,
		layout: villageLayout{
			headX: firstLateral + float64(v)*villageSpacing, headY: y,
			sin: math.Sin(skew), cos: math.Cos(skew),
		},
		owner:  make(map[land.PlotCode]*land.Contractor),
		uyghur: g.between(0.2, 0.9),
	}
	corridor := g.between(minCorridor, maxCorridor)
	n := g.c.Size.PlotsPerVillage
	vil.sides[0] = g.newSide(true, (n+1)/2, corridor)
	vil.sides[1] = g.newSide(false, n/2, corridor)
	reach := branchRoad + math.Max(vil.sides[0].span(), vil.sides[1].span())
	cx, cy := vil.layout.world(0, reach/2)
	g.c.Villages = append(g.c.Villages, Division{
		Code: code, Name: vil.name, Centre: g.frame.point(cx, cy), Boundary: g.villageBoundary(vil, reach),
	})

	issuers, err := g.issuers(vil)
	if err != nil {
		return nil, err
	}
	if err := g.plots(ctx, vil, issuers); err != nil {
		return nil, err
	}
	if err := g.households(ctx, vil, issuers); err != nil {
		return nil, err
	}
	g.lateral(vil, reach)
	if err := g.villageWells(vil); err != nil {
		return nil, err
	}
	g.plantings(vil)
	return vil, nil
}

// issuers returns the village collective (group 00) and the villager groups 01 and up.
func (g *generator) issuers(vil *village) ([]*land.Issuer, error) {
	issuers := make([]*land.Issuer, 0, g.c.Size.GroupsPerVillage+1)
	for group := range g.c.Size.GroupsPerVillage + 1 {
		code, err := land.NewIssuerCode(vil.code, group)
		if err != nil {
			return nil, err
		}
		name := vil.township.Name + vil.name + "村民委员会"
		if group > 0 {
			name = vil.township.Name + vil.name + groupName(group)
		}
		rep := g.personName(vil)
		issuers = append(issuers, &land.Issuer{Code: code, Name: name, Village: vil.code, Representative: rep})
	}
	g.c.Issuers = append(g.c.Issuers, issuers...)
	return issuers, nil
}

// personName returns a new adult's name in the village's mix of Han and Uyghur-style
// names.
func (g *generator) personName(vil *village) string {
	if g.chance(vil.uyghur) {
		return uyghurName(g.r, "", false).name
	}
	return hanName(g.r, pick(g.r, hanSurnames), false).name
}

// plots generates the strips of both sides and hands them to the groups in runs along
// the canal, so each group farms one stretch of it.
func (g *generator) plots(ctx context.Context, vil *village, issuers []*land.Issuer) error {
	groups := g.c.Size.GroupsPerVillage
	total := g.c.Size.PlotsPerVillage
	highStandard := g.between(0.2, 0.9)
	i := 0
	for s := range vil.sides {
		sideName := "东"
		if s == 1 {
			sideName = "西"
		}
		for j, ring := range g.strips(vil.layout, vil.sides[s]) {
			issuer := issuers[1+i*groups/total].Code
			code, err := g.alloc.NextPlotCode(ctx, issuer)
			if err != nil {
				return err
			}
			p := &land.Plot{
				Code:                 code,
				Name:                 fmt.Sprintf("%s斗渠%s%d号地", vil.name, sideName, j+1),
				Village:              vil.code,
				Geometry:             polygon(ring),
				HighStandardFarmland: g.chance(highStandard),
			}
			g.plotAttributes(p)
			// The declared area is drawn within 1.5% of the measured area, so that the
			// area checks find small differences as they do in real registers.
			declared := p.MeasuredAreaMu() * g.between(0.985, 1.015)
			p.DeclaredArea = decimal.NewFromFloat(declared).Round(2)
			vil.plots[s] = append(vil.plots[s], p)
			g.c.Plots = append(g.c.Plots, p)
			i++
		}
	}
	return nil
}

// plotAttributes sets the class, category, use and salinity of p: mostly contracted
// irrigated land, with some orchards and a few reserve plots (机动地) of which half are
// saline-alkali land.
func (g *generator) plotAttributes(p *land.Plot) {
	p.Class, p.Category, p.Use = land.ClassContracted, land.CategoryContractedPlot, land.UseIrrigated
	p.Irrigation = land.IrrigationFurrow // from the canal, unless a well serves the plot
	switch x := g.r.Float64(); {
	case x < 0.60:
		p.Salinity = land.SalinityNone
	case x < 0.85:
		p.Salinity = land.SalinityLight
	case x < 0.95:
		p.Salinity = land.SalinityModerate
	}
	switch x := g.r.Float64(); {
	case x < 0.02:
		p.Class, p.Category, p.Use, p.Salinity = land.ClassCollective, land.CategoryReserveLand, land.UseSaline, land.SalinitySevere
		p.HighStandardFarmland = false
		p.Irrigation = land.IrrigationUnknown
	case x < 0.05:
		p.Class, p.Category = land.ClassCollective, land.CategoryReserveLand
	case x < 0.08:
		p.Use = land.UseOrchard
	}
}

// households deals each group's contracted plots out to new households, one to three
// plots each, and writes their contracts and some transfers.
func (g *generator) households(ctx context.Context, vil *village, issuers []*land.Issuer) error {
	byIssuer := make(map[land.IssuerCode][]*land.Plot)
	for _, side := range vil.plots {
		for _, p := range side {
			if p.Class == land.ClassContracted {
				byIssuer[p.Code.Issuer()] = append(byIssuer[p.Code.Issuer()], p)
			}
		}
	}
	start := land.NewDate(1998+g.r.IntN(2), 1, 1)
	for _, issuer := range issuers[1:] {
		plots := byIssuer[issuer.Code]
		g.r.Shuffle(len(plots), func(i, j int) { plots[i], plots[j] = plots[j], plots[i] })
		var groupContracts []*land.Contract
		var groupContractors []*land.Contractor
		for len(plots) > 0 {
			n := min(g.intBetween(1, 3), len(plots))
			held := plots[:n]
			plots = plots[n:]
			code, err := g.alloc.NextContractorCode(ctx, issuer.Code, land.ContractorHousehold)
			if err != nil {
				return err
			}
			k := g.household(vil, issuer, code)
			contract, err := g.contract(k, held, start)
			if err != nil {
				return err
			}
			for _, p := range held {
				vil.owner[p.Code] = k
			}
			groupContracts = append(groupContracts, contract)
			groupContractors = append(groupContractors, k)
		}
		if err := g.transfers(vil, groupContracts, groupContractors); err != nil {
			return err
		}
	}
	return nil
}

// household returns a new household with its head first, a spouse and children, and
// sometimes a parent of the head.
func (g *generator) household(vil *village, issuer *land.Issuer, code land.ContractorCode) *land.Contractor {
	uyghur := g.chance(vil.uyghur)
	femaleHead := g.chance(0.12)
	surname := pick(g.r, hanSurnames)
	adult := func(father string, female bool) person {
		if uyghur {
			return uyghurName(g.r, father, female)
		}
		return hanName(g.r, surname, female)
	}
	head := adult("", femaleHead)
	members := []land.Member{{Name: head.name, Relation: land.RelationHead}}
	// A Uyghur-style child's name ends with the father's given name.
	father := head.given
	if femaleHead {
		father = ""
	}
	if g.chance(0.9) {
		spouse := adult("", !femaleHead)
		if !uyghur {
			spouse = hanName(g.r, pick(g.r, hanSurnames), !femaleHead)
		}
		if femaleHead {
			father = spouse.given
		}
		members = append(members, land.Member{Name: spouse.name, Relation: land.RelationSpouse})
	}

	for range g.intBetween(0, 3) {
		female := g.chance(0.5)
		child := adult(father, female)
		rel := land.RelationSon
		if female {
			rel = land.RelationDaughter
		}
		members = append(members, land.Member{Name: child.name, Relation: rel})
	}

	if g.chance(0.25) {
		members = append(members, land.Member{Name: adult("", g.chance(0.6)).name, Relation: land.RelationParent, Remark: "随户居住"})
	}
	// NOTE: members carry no ID numbers. A generated number in the layout of a resident
	// ID card could be a real person's, so the demo leaves the field empty.
	k := &land.Contractor{
		Code:    code,
		Name:    head.name,
		Address: issuer.Name,
		Members: members,
	}
	g.c.Contractors = append(g.c.Contractors, k)
	return k
}

// contract returns the family contract of k for held, a second-round contract from
// start.
func (g *generator) contract(k *land.Contractor, held []*land.Plot, start land.Date) (*land.Contract, error) {
	code, err := land.NewContractCode(k.Code, land.FamilyContracting)
	if err != nil {
		return nil, err
	}
	c := &land.Contract{Code: code, Term: land.SecondRoundTerm(start)}
	for _, p := range held {
		c.Plots = append(c.Plots, land.ContractedPlot{Plot: p.Code, Area: p.DeclaredArea})
	}
	g.c.Contracts = append(g.c.Contracts, c)
	return c, nil
}

// transfers lets about one contract in six of a group: most to the village's
// cooperative at rent, some to another household of the group (转包).
func (g *generator) transfers(vil *village, contracts []*land.Contract, contractors []*land.Contractor) error {
	cooperative := vil.name + "棉花种植农民专业合作社"
	for i, c := range contracts {
		if !g.chance(0.16) {
			continue
		}
		code, err := c.Code.TransferCode()
		if err != nil {
			return err
		}
		from := land.NewDate(2022+g.r.IntN(4), 1, 1)
		to := from.AddDate(g.intBetween(3, 5), 0, -1)
		if to.After(c.Term.End) {
			to = c.Term.End
		}
		t := &land.Transfer{
			Code:     code,
			Contract: c.Code,
			Lessee:   land.Party{Name: cooperative},
			Method:   land.TransferRent,
			Period:   land.Period{Start: from, End: to},
			Rent:     decimal.NewFromInt(int64(10 * g.intBetween(42, 70))),
			Signed:   from.AddDate(0, 0, -g.intBetween(5, 40)),
		}
		if other := (i + 1) % len(contractors); len(contractors) > 1 && g.chance(0.3) {
			t.Lessee = land.Party{Name: contractors[other].Name, Contractor: contractors[other].Code}
			t.Method = land.TransferSubcontract
			t.Rent = decimal.NewFromInt(int64(10 * g.intBetween(30, 55)))
		}
		for _, p := range c.Plots {
			t.Plots = append(t.Plots, land.TransferredPlot(p))
		}
		g.c.Transfers = append(g.c.Transfers, t)
	}
	return nil
}

// crops are the crops of the demo's planting records with their weights.
var crops = []struct {
	name   string
	weight int
}{
	{"棉花", 55}, {"玉米", 15}, {"小麦", 12}, {"加工番茄", 8}, {"甜菜", 6}, {"打瓜", 4},
}

// plantings writes one whole-year record per plot and year, with a few plots left
// unplanted in the last year so that the abandoned-land check has something to find.
func (g *generator) plantings(vil *village) {
	for _, side := range vil.plots {
		for _, p := range side {
			for i, year := range PlanYears {
				if p.Use == land.UseSaline || (i == len(PlanYears)-1 && g.chance(0.03)) {
					continue
				}
				crop := pickCrop(g)
				if p.Use == land.UseOrchard {
					crop = "红枣"
				}
				g.c.Plantings = append(g.c.Plantings, &land.Planting{
					Plot: p.Code, Year: year, Season: land.SeasonWholeYear, Crop: crop, SownArea: p.DeclaredArea,
				})
			}
		}
	}
}

func pickCrop(g *generator) string {
	total := 0
	for _, c := range crops {
		total += c.weight
	}
	x := g.r.IntN(total)
	for _, c := range crops {
		if x < c.weight {
			return c.name
		}
		x -= c.weight
	}
	return crops[0].name
}
