package publicpage

import (
	"bytes"
	"html/template"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// chinaStandardTime is UTC+8, the zone times are shown in when the caller
// gives none.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// zoneOr returns loc, or chinaStandardTime when loc is nil.
func zoneOr(loc *time.Location) *time.Location {
	if loc == nil {
		return chinaStandardTime
	}
	return loc
}

// Names turns codes and URIs of a story into the words a consumer reads.
// Each nil function leaves its input as it is.
type Names struct {
	// Division returns the name of a division code, such as 城关镇团结村.
	Division func(code string) string
	// Place returns the name of a location URI of an event, such as
	// 地块 6542021010010100001 for a plot URI.
	Place func(uri string) string
}

func (n Names) division(code string) string {
	if n.Division == nil || code == "" {
		return code
	}
	return n.Division(code)
}

func (n Names) place(uri string) string {
	if n.Place == nil {
		return uri
	}
	return n.Place(uri)
}

// storyView is the data of the story template.
type storyView struct {
	Product, Variety, Category, Standard string
	Producer, ProducerKind, Phone        string
	Batch, Harvested, Quantity           string
	Plot                                 *plotView
	Planting                             *plantingView
	Steps                                []stepView
	Certificate                          *certificateView
	Report                               *reportView
}

type plotView struct {
	Code, Name, Village, Area string
}

type plantingView struct {
	Year                  int
	Season, Crop, Variety string
}

type stepView struct {
	Name, When, Place, Detail string
}

type certificateView struct {
	Number, Issuer, IssuedOn, Bases, Promise string
}

type reportView struct {
	Number, Lab, IssuedOn, Result, URL string
	Pass                               bool
	Items                              []itemView
}

type itemView struct {
	Name, Value, Limit, Unit, Result string
	NotDetected                      bool
}

// RenderStory renders the story part of a lookup page: the HTML that Write
// places as Lookup.Story. It shows the times of the steps in zone, the
// county's time zone; nil means UTC+8, China Standard Time.
func RenderStory(st *trace.Story, names Names, zone *time.Location) (template.HTML, error) {
	zone = zoneOr(zone)
	v := storyView{}
	if p := st.Product; p != nil {
		v.Product, v.Variety, v.Standard = p.Name, p.Variety, p.Standard
		v.Category = categoryNames[p.Category]
	}
	if p := st.Producer; p != nil {
		v.Producer, v.Phone = p.Name, p.Phone
		v.ProducerKind = producerKinds[p.Kind]
	}
	if b := st.Batch; b != nil {
		v.Batch, v.Harvested = string(b.ID), day(b.HarvestedOn.Year, int(b.HarvestedOn.Month), b.HarvestedOn.Day)
		v.Quantity = quantity(b.Quantity)
	}
	if p := st.Plot; p != nil {
		v.Plot = &plotView{Code: string(p.Code), Name: p.Name, Village: names.division(string(p.Village))}
		if !p.Area.IsZero() {
			v.Plot.Area = trace.DecimalText(p.Area) + " 亩"
		}
	}
	if p := st.Planting; p != nil {
		v.Planting = &plantingView{Year: p.Year, Season: seasonNames[p.Season], Crop: p.Crop, Variety: p.Variety}
	}
	for _, s := range st.Steps {
		v.Steps = append(v.Steps, stepView{Name: stepName(s.BizStep), When: clock(s.At, zone),
			Place: names.place(s.Location), Detail: dispositionNames[s.Disposition]})
	}
	if c := st.Certificate; c != nil {
		v.Certificate = &certificateView{Number: c.Number, Issuer: c.Issuer.Name,
			IssuedOn: day(c.IssuedOn.Year, int(c.IssuedOn.Month), c.IssuedOn.Day),
			Bases:    bases(c.Bases), Promise: c.PromiseText()}
	}
	if r := st.Report; r != nil {
		v.Report = reportOf(r)
	}
	var buf bytes.Buffer
	if err := storyTemplate.Execute(&buf, v); err != nil {
		return "", err
	}
	// The template escaped every value, so its output is safe HTML.
	return template.HTML(buf.String()), nil
}

func reportOf(r *trace.TestReport) *reportView {
	v := &reportView{Number: r.Number, Lab: r.Lab.Name, Pass: r.Result == trace.Pass,
		IssuedOn: day(r.IssuedOn.Year, int(r.IssuedOn.Month), r.IssuedOn.Day),
		Result:   resultNames[r.Result], URL: safeURL(r.DocumentURL)}
	for _, it := range r.Items {
		iv := itemView{Name: it.Name, Value: trace.DecimalText(it.Value), Unit: it.Unit,
			Result: resultNames[it.Result], NotDetected: it.NotDetected}
		if !it.Limit.IsZero() {
			iv.Limit = trace.DecimalText(it.Limit)
		}
		v.Items = append(v.Items, iv)
	}
	return v
}

// safeURL returns u when it is an http or https URL, so that the page links no
// other scheme, and "" otherwise.
func safeURL(u string) string {
	if len(u) > 8 && (u[:8] == "https://" || u[:7] == "http://") {
		return u
	}
	return ""
}

func day(y, m, d int) string {
	if y == 0 {
		return ""
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Format("2006年1月2日")
}

func clock(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(zone).Format("2006年1月2日 15:04")
}

func quantity(q trace.Quantity) string {
	if q.Value.Equal(decimal.Zero) && q.Unit == "" {
		return ""
	}
	unit := unitNames[q.Unit]
	if unit == "" {
		unit = q.Unit.Symbol()
	}
	return trace.DecimalText(q.Value) + " " + unit
}

func bases(b trace.Bases) string {
	out := ""
	for _, basis := range []trace.Basis{trace.QualityControl, trace.OwnTesting, trace.CommissionedTesting} {
		if b.Has(basis) {
			if out != "" {
				out += "、"
			}
			out += basisNames[basis]
		}
	}
	return out
}

func stepName(s epcis.BizStep) string {
	if n, ok := stepNames[s]; ok {
		return n
	}
	return string(s)
}
