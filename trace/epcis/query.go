package epcis

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Query selects events as the EPCIS 2.0 SimpleEventQuery does (EPCIS 2.0).
// Every field narrows the result; a zero or empty field does not restrict it. Within a list
// field an event matches any one value.
//
// Identifiers match in any spelling of the same GS1 key: an EPC URN, an EPC pattern URN, a
// GS1 Digital Link on any domain or the canonical Digital Link. A pattern or a class such as
// urn:epc:idpat:sgtin:4012345.012345.* or https://id.gs1.org/01/04012345123456 also matches
// every instance of that class (every serial or lot of the GTIN).
type Query struct {
	// EventTypes is eventType.
	EventTypes []EventType
	// EventTimeFrom and EventTimeTo are GE_eventTime and LT_eventTime: From is inclusive,
	// To exclusive.
	EventTimeFrom, EventTimeTo time.Time
	// RecordTimeFrom and RecordTimeTo are GE_recordTime and LT_recordTime.
	RecordTimeFrom, RecordTimeTo time.Time
	// Actions is EQ_action.
	Actions []Action
	// BizSteps and Dispositions are EQ_bizStep and EQ_disposition.
	BizSteps     []BizStep
	Dispositions []Disposition
	// ReadPoints and BizLocations are EQ_readPoint and EQ_bizLocation.
	ReadPoints   []string
	BizLocations []string
	// EventIDs is EQ_eventID.
	EventIDs []string
	// EPCs is MATCH_epc: epcList and childEPCs.
	EPCs []string
	// ParentIDs is MATCH_parentID.
	ParentIDs []string
	// InputEPCs and OutputEPCs are MATCH_inputEPC and MATCH_outputEPC.
	InputEPCs  []string
	OutputEPCs []string
	// AnyEPCs is MATCH_anyEPC: any of the above and parentID.
	AnyEPCs []string
	// EPCClasses is MATCH_epcClass: quantityList and childQuantityList.
	EPCClasses []string
	// InputEPCClasses and OutputEPCClasses are MATCH_inputEPCClass and
	// MATCH_outputEPCClass.
	InputEPCClasses  []string
	OutputEPCClasses []string
	// AnyEPCClasses is MATCH_anyEPCClass: any quantity list.
	AnyEPCClasses []string
	// LotNumbers selects a batch or lot: an event matches when its ilmd has that
	// cbvmda:lotNumber, or when one of its EPC classes carries that lot (AI 10). This is
	// EQ_ILMD_lotNumber extended to class-level identifiers.
	LotNumbers []string
	// QuantityMin and QuantityMax bound the quantity of some quantity element of the event
	// (GE_quantity and LE_quantity); nil means no bound.
	QuantityMin, QuantityMax *decimal.Decimal
	// QuantityAbove and QuantityBelow are the strict bounds GT_quantity and LT_quantity.
	QuantityAbove, QuantityBelow *decimal.Decimal

	// OrderBy is "eventTime" (the default) or "recordTime"; OrderAscending reverses the
	// default newest-first order.
	OrderBy        string
	OrderAscending bool
	// PageSize is the most events one page holds; zero means [DefaultPageSize].
	PageSize int
	// PageToken continues a query from the page that returned it; empty starts at the
	// first page.
	PageToken string
}

// DefaultPageSize is the page size when [Query] leaves it zero.
const DefaultPageSize = 100

// Page is one page of query results.
type Page struct {
	Events []Event
	// NextPageToken continues the query; empty on the last page.
	NextPageToken string
}

// Matches reports whether ev meets every condition of q. It ignores ordering and paging.
func (q *Query) Matches(ev *Event) bool {
	ids := identifiersOf(ev)
	return newMatcher(q).matches(ev, &ids)
}

// matcher is a [Query] with its identifiers canonicalised once, for matching many events.
type matcher struct {
	q                                          *Query
	readPoints, bizLocations                   []canonical
	epcs, parents, inputs, outputs, any        []canonical
	classes, inClasses, outClasses, anyClasses []canonical
}

func newMatcher(q *Query) *matcher {
	return &matcher{q: q,
		readPoints: canonicalAll(q.ReadPoints), bizLocations: canonicalAll(q.BizLocations),
		epcs: canonicalAll(q.EPCs), parents: canonicalAll(q.ParentIDs),
		inputs: canonicalAll(q.InputEPCs), outputs: canonicalAll(q.OutputEPCs),
		any: canonicalAll(q.AnyEPCs), classes: canonicalAll(q.EPCClasses),
		inClasses: canonicalAll(q.InputEPCClasses), outClasses: canonicalAll(q.OutputEPCClasses),
		anyClasses: canonicalAll(q.AnyEPCClasses),
	}
}

func (m *matcher) matches(ev *Event, ids *identifiers) bool {
	q := m.q
	if len(q.EventTypes) > 0 && !slices.Contains(q.EventTypes, ev.Type) {
		return false
	}
	if !inRange(ev.EventTime, q.EventTimeFrom, q.EventTimeTo) ||
		!inRange(ev.RecordTime, q.RecordTimeFrom, q.RecordTimeTo) {
		return false
	}
	if len(q.Actions) > 0 && !slices.Contains(q.Actions, ev.Action) {
		return false
	}
	if len(q.BizSteps) > 0 && !slices.Contains(q.BizSteps, ev.BizStep) {
		return false
	}
	if len(q.Dispositions) > 0 && !slices.Contains(q.Dispositions, ev.Disposition) {
		return false
	}
	if len(q.EventIDs) > 0 && !slices.Contains(q.EventIDs, ev.EventID) {
		return false
	}
	switch {
	case !matchIDs(m.readPoints, ids.readPoint), !matchIDs(m.bizLocations, ids.bizLocation),
		!matchIDs(m.epcs, ids.epcs), !matchIDs(m.parents, ids.parent),
		!matchIDs(m.inputs, ids.inputs), !matchIDs(m.outputs, ids.outputs),
		!matchIDs(m.any, ids.epcs, ids.parent, ids.inputs, ids.outputs),
		!matchIDs(m.classes, ids.classes), !matchIDs(m.inClasses, ids.inClasses),
		!matchIDs(m.outClasses, ids.outClasses),
		!matchIDs(m.anyClasses, ids.classes, ids.inClasses, ids.outClasses):
		return false
	}
	if len(q.LotNumbers) > 0 && !q.matchesLot(ev, ids) {
		return false
	}
	return q.matchesQuantity(ev)
}

// canonical is an identifier in the constrained canonical Digital Link form when it has
// one (gs1 true), and as written otherwise.
type canonical struct {
	id  string
	gs1 bool
}

func canonicalOf(s string) canonical {
	if dl, ok := canonicalID(s); ok {
		return canonical{dl, true}
	}
	return canonical{s, false}
}

func canonicalAll(list []string) []canonical {
	if len(list) == 0 {
		return nil
	}
	out := make([]canonical, len(list))
	for i, s := range list {
		out[i] = canonicalOf(s)
	}
	return out
}

// identifiers holds the canonical identifiers of an event by the query fields they serve.
type identifiers struct {
	readPoint, bizLocation, epcs, parent, inputs, outputs []canonical
	classes, inClasses, outClasses                        []canonical
}

func identifiersOf(ev *Event) identifiers {
	var ids identifiers
	if ev.ReadPoint != nil {
		ids.readPoint = []canonical{canonicalOf(ev.ReadPoint.ID)}
	}
	if ev.BizLocation != nil {
		ids.bizLocation = []canonical{canonicalOf(ev.BizLocation.ID)}
	}
	if ev.ParentID != "" {
		ids.parent = []canonical{canonicalOf(ev.ParentID)}
	}
	ids.epcs = canonicalAll(concat(ev.EPCList, ev.ChildEPCs))
	ids.inputs = canonicalAll(ev.InputEPCList)
	ids.outputs = canonicalAll(ev.OutputEPCList)
	ids.classes = canonicalAll(classesOf(ev.QuantityList, ev.ChildQuantityList))
	ids.inClasses = canonicalAll(classesOf(ev.InputQuantityList))
	ids.outClasses = canonicalAll(classesOf(ev.OutputQuantityList))
	return ids
}

func inRange(t, from, to time.Time) bool {
	if !from.IsZero() && (t.IsZero() || t.Before(from)) {
		return false
	}
	return to.IsZero() || (!t.IsZero() && t.Before(to))
}

// lotNumberName is the CBV master data attribute for a lot (CBV 2.0).
var lotNumberName = Name{Space: "urn:epcglobal:cbv:mda:", Local: "lotNumber"}

func (q *Query) matchesLot(ev *Event, ids *identifiers) bool {
	for _, e := range ev.ILMD {
		space := strings.TrimSuffix(e.Name.Space, ":") + ":"
		if space == lotNumberName.Space && e.Name.Local == lotNumberName.Local &&
			slices.Contains(q.LotNumbers, strings.TrimSpace(e.Value.Text)) {
			return true
		}
	}
	for _, list := range [][]canonical{ids.classes, ids.inClasses, ids.outClasses} {
		for _, c := range list {
			_, lot, found := strings.Cut(c.id, "/10/")
			if c.gs1 && found && slices.Contains(q.LotNumbers, lot) {
				return true
			}
		}
	}
	return false
}

func (q *Query) matchesQuantity(ev *Event) bool {
	if q.QuantityMin == nil && q.QuantityMax == nil && q.QuantityAbove == nil &&
		q.QuantityBelow == nil {
		return true
	}
	for _, list := range [][]QuantityElement{ev.QuantityList, ev.ChildQuantityList,
		ev.InputQuantityList, ev.OutputQuantityList} {
		for _, qe := range list {
			if qe.Quantity != nil && q.quantityInRange(*qe.Quantity) {
				return true
			}
		}
	}
	return false
}

func (q *Query) quantityInRange(v decimal.Decimal) bool {
	switch {
	case q.QuantityMin != nil && v.LessThan(*q.QuantityMin),
		q.QuantityMax != nil && v.GreaterThan(*q.QuantityMax),
		q.QuantityAbove != nil && !v.GreaterThan(*q.QuantityAbove),
		q.QuantityBelow != nil && !v.LessThan(*q.QuantityBelow):
		return false
	}
	return true
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func classesOf(lists ...[]QuantityElement) []string {
	var out []string
	for _, l := range lists {
		for _, qe := range l {
			out = append(out, qe.EPCClass)
		}
	}
	return out
}

// matchIDs reports whether some candidate in the lists matches some wanted identifier; no
// wanted identifiers match anything.
func matchIDs(wanted []canonical, candidates ...[]canonical) bool {
	if len(wanted) == 0 {
		return true
	}
	for _, w := range wanted {
		for _, list := range candidates {
			for _, c := range list {
				if idMatches(w, c) {
					return true
				}
			}
		}
	}
	return false
}

// idMatches reports whether candidate is the identifier wanted names, or an instance of the
// class or pattern it names.
func idMatches(wanted, candidate canonical) bool {
	if wanted.id == candidate.id {
		return true
	}
	return wanted.gs1 && candidate.gs1 && len(candidate.id) > len(wanted.id) &&
		candidate.id[len(wanted.id)] == '/' && strings.HasPrefix(candidate.id, wanted.id)
}
