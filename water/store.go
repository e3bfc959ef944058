package water

import (
	"context"
	"errors"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// ErrNotFound is wrapped by a [Store] when no record has the requested key, and by
// [ReportIndex.Report] when a query names a group the register lacks.
var ErrNotFound = errors.New("water: not found")

// ErrConflict is wrapped by a [Store] when a write does not match the stored state. That
// is a create of a key that exists, an update whose Version is not the stored version,
// or a well with a meter that another stored well has.
var ErrConflict = errors.New("water: conflict")

// Store persists the register, plans, coefficient histories, bills, payments and alarms
// of a county. It is the union of the smaller interfaces below, so that a consumer can
// ask for only the part it uses. Implementations are safe for concurrent use. The
// package water/watertest tests that an implementation meets the rules below.
//
// Each record kind has four methods, as [land.Store] has. PutX stores a record that
// passes its Validate method and returns the validation error otherwise, and returns an
// error for a nil record. A record with Version 0 is created, and PutX fails with
// [ErrConflict] if one with the same key exists. A record with another Version replaces the stored record when the stored
// Version equals it, fails with [ErrConflict] when it does not, and fails with
// [ErrNotFound] when there is none. On success PutX sets the record's Version to the new
// version (1 after a create) and UpdatedAt to the store's clock. X returns a copy of one
// record or [ErrNotFound]. DeleteX removes one record or returns [ErrNotFound]. Xs lists
// records in key order, one page at a time, where codes compare as bytes (the C
// collation in SQL), so that every store pages alike.
//
// Stores keep times in UTC truncated to whole microseconds, the precision of SQL
// timestamps, and decimals with the places they were written with. Records passed in
// and returned are copies: changing one afterwards does not change the store, except
// that PutX writes what the store sets (Version, UpdatedAt and the like) into its
// argument. Stores keep no references between records, such as from a plan to its well,
// because registers, plans and bills arrive separately and in any order.
type Store interface {
	RegisterStore
	PlanStore
	CoefficientStore
	BillingStore
	AlarmStore
}

// RegisterStore persists the register: wells and intakes, reservoirs, canals, gates and
// village supply meters, each keyed by its code. A meter id may be attached to one
// stored well only, so that [RegisterStore.WellByMeter] finds the well of a reading.
type RegisterStore interface {
	PutWell(ctx context.Context, w *WellRecord) error
	Well(ctx context.Context, code WellCode) (*WellRecord, error)
	// WellByMeter returns the well that has the meter attached, or [ErrNotFound].
	WellByMeter(ctx context.Context, meter MeterID) (*WellRecord, error)
	DeleteWell(ctx context.Context, code WellCode) error
	Wells(ctx context.Context, f WellFilter) (wells []*WellRecord, next string, err error)

	PutReservoir(ctx context.Context, r *ReservoirRecord) error
	Reservoir(ctx context.Context, code FacilityCode) (*ReservoirRecord, error)
	DeleteReservoir(ctx context.Context, code FacilityCode) error
	Reservoirs(ctx context.Context, f ReservoirFilter) (reservoirs []*ReservoirRecord, next string, err error)

	PutCanal(ctx context.Context, c *CanalRecord) error
	Canal(ctx context.Context, code FacilityCode) (*CanalRecord, error)
	DeleteCanal(ctx context.Context, code FacilityCode) error
	Canals(ctx context.Context, f CanalFilter) (canals []*CanalRecord, next string, err error)

	PutGate(ctx context.Context, g *GateRecord) error
	Gate(ctx context.Context, code FacilityCode) (*GateRecord, error)
	DeleteGate(ctx context.Context, code FacilityCode) error
	Gates(ctx context.Context, f GateFilter) (gates []*GateRecord, next string, err error)

	PutVillageMeter(ctx context.Context, v *VillageMeterRecord) error
	VillageMeter(ctx context.Context, code FacilityCode) (*VillageMeterRecord, error)
	DeleteVillageMeter(ctx context.Context, code FacilityCode) error
	VillageMeters(ctx context.Context, f VillageMeterFilter) (meters []*VillageMeterRecord, next string, err error)
}

// PlanStore persists water-use plans, keyed by well and year.
type PlanStore interface {
	PutPlan(ctx context.Context, p *PlanRecord) error
	Plan(ctx context.Context, well WellCode, year int) (*PlanRecord, error)
	DeletePlan(ctx context.Context, well WellCode, year int) error
	// Plans lists plans by well, then year.
	Plans(ctx context.Context, f PlanFilter) (plans []*PlanRecord, next string, err error)
}

// CoefficientStore persists the coefficient history of each well as one record, keyed
// by well.
type CoefficientStore interface {
	PutCoefficientHistory(ctx context.Context, h *CoefficientHistoryRecord) error
	CoefficientHistory(ctx context.Context, well WellCode) (*CoefficientHistoryRecord, error)
	DeleteCoefficientHistory(ctx context.Context, well WellCode) error
	CoefficientHistories(ctx context.Context, f CoefficientFilter) (histories []*CoefficientHistoryRecord, next string, err error)
	// StartCoefficient adds c to its well's history as [CoefficientHistory.Start] does,
	// in one transaction, and returns the history stored. It creates the history when
	// the well has none. It returns the error of Start, wrapping [ErrOverlap], when c
	// does not fit.
	StartCoefficient(ctx context.Context, c Coefficient) (*CoefficientHistoryRecord, error)
}

// BillingStore persists bills and payments, each keyed by its id.
type BillingStore interface {
	PutBill(ctx context.Context, b *BillRecord) error
	Bill(ctx context.Context, id string) (*BillRecord, error)
	DeleteBill(ctx context.Context, id string) error
	Bills(ctx context.Context, f BillFilter) (bills []*BillRecord, next string, err error)

	PutPayment(ctx context.Context, p *PaymentRecord) error
	Payment(ctx context.Context, id string) (*PaymentRecord, error)
	DeletePayment(ctx context.Context, id string) error
	Payments(ctx context.Context, f PaymentFilter) (payments []*PaymentRecord, next string, err error)
}

// AlarmStore persists alarms with their handling status, keyed by an id the store
// assigns. PutAlarm creates a record with ID 0 and Version 0, setting ID to the next
// id, which grows with each create. It rejects a create with an ID already set.
type AlarmStore interface {
	PutAlarm(ctx context.Context, a *AlarmRecord) error
	Alarm(ctx context.Context, id int64) (*AlarmRecord, error)
	DeleteAlarm(ctx context.Context, id int64) error
	// Alarms lists alarms in id order, which is the order they were created in.
	Alarms(ctx context.Context, f AlarmFilter) (alarms []*AlarmRecord, next string, err error)
}

// WellFilter selects wells; each zero field matches every well.
type WellFilter struct {
	// Division keeps wells whose Division lies within this division
	// ([land.DivisionCode.Contains]), so a township code selects its villages' wells.
	Division land.DivisionCode
	// District keeps the wells of this irrigation district.
	District DistrictCode
	// Source keeps wells of this source.
	Source Source
	// Use keeps wells of this use.
	Use Use
	land.Page
}

// Match reports whether w passes the filter, ignoring the page.
func (f WellFilter) Match(w *WellRecord) bool {
	return inDivision(w.Division, f.Division) &&
		(f.District == "" || w.District == f.District) &&
		(f.Source == 0 || w.Source == f.Source) &&
		(f.Use == 0 || w.Use == f.Use)
}

// ReservoirFilter selects reservoirs; each zero field matches every reservoir.
type ReservoirFilter struct {
	// Division keeps reservoirs whose Division lies within this division.
	Division land.DivisionCode
	// District keeps the reservoirs of this irrigation district.
	District DistrictCode
	land.Page
}

// Match reports whether r passes the filter, ignoring the page.
func (f ReservoirFilter) Match(r *ReservoirRecord) bool {
	return inDivision(r.Division, f.Division) && (f.District == "" || r.District == f.District)
}

// CanalFilter selects canals; each zero field matches every canal.
type CanalFilter struct {
	// District keeps the canals of this irrigation district.
	District DistrictCode
	// Feeder keeps the canals that draw from this facility.
	Feeder FacilityCode
	land.Page
}

// Match reports whether c passes the filter, ignoring the page.
func (f CanalFilter) Match(c *CanalRecord) bool {
	return (f.District == "" || c.District == f.District) && (f.Feeder == "" || c.Feeder == f.Feeder)
}

// GateFilter selects gates; each zero field matches every gate.
type GateFilter struct {
	// Canal keeps the gates on this canal.
	Canal FacilityCode
	land.Page
}

// Match reports whether g passes the filter, ignoring the page.
func (f GateFilter) Match(g *GateRecord) bool { return f.Canal == "" || g.Canal == f.Canal }

// VillageMeterFilter selects village supply meters; each zero field matches every one.
type VillageMeterFilter struct {
	// Division keeps the meters of villages that lie within this division.
	Division land.DivisionCode
	land.Page
}

// Match reports whether v passes the filter, ignoring the page.
func (f VillageMeterFilter) Match(v *VillageMeterRecord) bool {
	return inDivision(v.Village, f.Division)
}

// PlanFilter selects plans; each zero field matches every plan.
type PlanFilter struct {
	// Well keeps the plans of this well.
	Well WellCode
	// Year keeps the plans of this year.
	Year int
	land.Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f PlanFilter) Match(p *PlanRecord) bool {
	return (f.Well == "" || p.Well == f.Well) && (f.Year == 0 || p.Year == f.Year)
}

// CoefficientFilter selects coefficient histories. Its zero value matches every one.
type CoefficientFilter struct {
	land.Page
}

// BillFilter selects bills; each zero field matches every bill.
type BillFilter struct {
	// Well keeps the bills of this well.
	Well WellCode
	land.Page
}

// Match reports whether b passes the filter, ignoring the page.
func (f BillFilter) Match(b *BillRecord) bool { return f.Well == "" || b.Well == f.Well }

// PaymentFilter selects payments; each zero field matches every payment.
type PaymentFilter struct {
	// Well keeps the payments of this well.
	Well WellCode
	// Bill keeps the payments that name this bill.
	Bill string
	land.Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f PaymentFilter) Match(p *PaymentRecord) bool {
	return (f.Well == "" || p.Well == f.Well) && (f.Bill == "" || p.Bill == f.Bill)
}

// AlarmFilter selects alarms; each zero field matches every alarm.
type AlarmFilter struct {
	// Well keeps the alarms of this well.
	Well WellCode
	// Rule keeps the alarms of this rule.
	Rule Rule
	// Status keeps the alarms in this status.
	Status AlarmStatus
	land.Page
}

// Match reports whether a passes the filter, ignoring the page.
func (f AlarmFilter) Match(a *AlarmRecord) bool {
	return (f.Well == "" || a.Well == f.Well) &&
		(f.Rule == 0 || a.Rule == f.Rule) &&
		(f.Status == 0 || a.Status == f.Status)
}

// inDivision reports whether code lies within division, or whether division is empty.
func inDivision(code, division land.DivisionCode) bool {
	return division == "" || division.Contains(code)
}

// StoreTime returns t as stores keep it: in UTC, truncated to whole microseconds. The
// zero Time stays zero.
func StoreTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}
