package trace

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/epcis"
	"github.com/shuxiang/shuxiang/trace/gs1"
)

// ExtensionSpace is the namespace IRI of the ILMD and extension fields that [Steps]
// writes into events, such as the plot code of a harvest or the destinations of a
// shipment. It is fixed for every county, so that one reader understands the events of
// all.
const ExtensionSpace = "https://github.com/shuxiang/shuxiang/trace#"

// mdaSpace is the namespace of the CBV 2.0 master data attributes (cbvmda), such as
// lotNumber in ILMD.
const mdaSpace = "urn:epcglobal:cbv:mda:"

// Steps builds the EPCIS 2.0 events of supply-chain steps, each with the CBV 2.0 business
// step and disposition that fits it:
//
//	step                 event                        bizStep                  disposition
//	harvest              ObjectEvent ADD + ILMD       commissioning or         active
//	                                                  creating_class_instance
//	grading and sorting  TransformationEvent          creating_class_instance  active
//	packing              AggregationEvent ADD         packing                  in_progress
//	unpacking            AggregationEvent DELETE      unpacking                in_progress
//	inspection           ObjectEvent OBSERVE          inspecting               conformant or non_conformant
//	cold storage         ObjectEvent OBSERVE          storing                  sellable_not_accessible
//	shipping             ObjectEvent OBSERVE          shipping                 in_transit
//	receiving            ObjectEvent OBSERVE          receiving                sellable_not_accessible
//	retail sale          ObjectEvent OBSERVE          retail_selling           retail_sold
//	livestock slaughter  TransformationEvent          killing                  active
//
// CBV 2.0 has no harvesting step. A harvest brings a lot (and perhaps labelled items)
// into being, which is what commissioning means for items with instance-level codes and
// creating_class_instance for a lot recorded by quantity; both are ObjectEvent ADD, the
// one event type besides TransformationEvent that may carry instance and lot master data
// (ILMD), which is where the plot code and planting record belong. Grading and sorting
// splits a lot into grade lots, new class instances made from the input, so it is a
// TransformationEvent with creating_class_instance.
//
// Locations and parties without GS1 keys are HTTP URIs of [Steps.Namespace]. Steps is a
// plain value, safe for concurrent use.
type Steps struct {
	Namespace Namespace
	// Zone is the time zone events record their local offset in; nil means China Standard
	// Time (UTC+8).
	Zone *time.Location
}

// Lot is an amount of one EPC class, such as a batch recorded by weight.
type Lot struct {
	// Class is the EPC class URI, as [Steps.LotClass] returns it.
	Class    string
	Quantity Quantity
}

// Objects lists the things an event names: items, cases or pallets by code, and lots by amount.
type Objects struct {
	// EPCs are instance-level codes as URIs: GS1 Digital Link, EPC URNs or item URIs of
	// the county namespace.
	EPCs []string
	Lots []Lot
}

func (o Objects) empty() bool { return len(o.EPCs) == 0 && len(o.Lots) == 0 }

// Observation is what every observing step shares.
type Observation struct {
	// At is when the step happened; required.
	At time.Time
	// Site is the id of the site where it happened, written as the read point and the
	// business location ([Namespace.Site]); required.
	Site    string
	Objects Objects
	// Certificates are URIs of certificates that apply, such as [Namespace.Certificate].
	Certificates []string
	// Transactions are business documents such as a bill of lading or an order.
	Transactions []epcis.BizTransaction
}

// LotClass returns the EPC class URI of a batch of the product: the canonical GS1
// Digital Link of GTIN and lot (AI 10) when the product has a GTIN, the lot URI of the
// county namespace otherwise.
func (s Steps) LotClass(p *Product, batch BatchID) string {
	if p.GTIN != "" {
		return gs1.CanonicalStem + "/01/" + p.GTIN + "/10/" + gs1.PathEscape(string(batch))
	}
	return s.Namespace.Lot(batch)
}

// ItemEPC returns the EPC URI of an item of the product with the given code. That is the
// canonical GS1 Digital Link of GTIN and serial number (AI 21) when the product has a
// GTIN, and the item URI of the county namespace for a minted code otherwise.
func (s Steps) ItemEPC(p *Product, code string) string {
	if p.GTIN != "" {
		return gs1.CanonicalStem + "/01/" + p.GTIN + "/21/" + gs1.PathEscape(code)
	}
	return s.Namespace.Item(code)
}

// newEvent returns an event of the type with its time, offset, location and why.
func (s Steps) newEvent(typ epcis.EventType, at time.Time, site string, step epcis.BizStep,
	disp epcis.Disposition) *epcis.Event {
	zone := s.Zone
	if zone == nil {
		zone = chinaStandardTime
	}
	local := at.In(zone)
	e := &epcis.Event{Type: typ, EventTime: local, EventTimeZoneOffset: local.Format("-07:00"),
		BizStep: step, Disposition: disp}
	if site != "" {
		loc := s.Namespace.Site(site)
		e.ReadPoint = &epcis.Location{ID: loc}
		e.BizLocation = &epcis.Location{ID: loc}
	}
	return e
}

var chinaStandardTime = time.FixedZone("CST", 8*3600)

// observe returns an ObjectEvent OBSERVE of the observation after checking it.
func (s Steps) observe(step string, o Observation, bizStep epcis.BizStep, disp epcis.Disposition) (*epcis.Event, error) {
	if err := s.checkObservation(step, o); err != nil {
		return nil, err
	}
	e := s.newEvent(epcis.ObjectEvent, o.At, o.Site, bizStep, disp)
	e.Action = epcis.ActionObserve
	e.EPCList = append([]string(nil), o.Objects.EPCs...)
	e.QuantityList = quantities(o.Objects.Lots)
	e.CertificationInfo = append([]string(nil), o.Certificates...)
	e.BizTransactionList = append([]epcis.BizTransaction(nil), o.Transactions...)
	return e, nil
}

func (s Steps) checkObservation(step string, o Observation) error {
	var errs []error
	if err := s.Namespace.Validate(); err != nil {
		errs = append(errs, err)
	}
	if o.At.IsZero() {
		errs = append(errs, errors.New("time is required"))
	}
	if strings.TrimSpace(o.Site) == "" {
		errs = append(errs, errors.New("site is required"))
	}
	if o.Objects.empty() {
		errs = append(errs, errors.New("no EPCs and no lots, want at least one"))
	}
	errs = append(errs, checkObjects(o.Objects)...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("trace: %s step: %w", step, err)
	}
	return nil
}

func checkObjects(o Objects) []error {
	var errs []error
	for _, epc := range o.EPCs {
		if !isAbsoluteURI(epc) {
			errs = append(errs, fmt.Errorf("EPC %q is not an absolute URI", epc))
		}
	}
	for _, lot := range o.Lots {
		if !isAbsoluteURI(lot.Class) {
			errs = append(errs, fmt.Errorf("lot class %q is not an absolute URI", lot.Class))
		}
		if err := lot.Quantity.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("lot %s: %w", lot.Class, err))
		}
	}
	return errs
}

func isAbsoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Opaque != "" || u.Host != "")
}

// quantities returns lots as EPCIS quantity elements; a count of pieces has no unit, as
// EPCIS writes counts.
func quantities(lots []Lot) []epcis.QuantityElement {
	if len(lots) == 0 {
		return nil
	}
	out := make([]epcis.QuantityElement, len(lots))
	for i, lot := range lots {
		v := lot.Quantity.Value
		out[i] = epcis.QuantityElement{EPCClass: lot.Class, Quantity: &v}
		if lot.Quantity.Unit != Piece {
			out[i].UOM = string(lot.Quantity.Unit)
		}
	}
	return out
}

// field returns an extension field of [ExtensionSpace].
func field(local string, v epcis.Value) epcis.Extension {
	return epcis.Extension{Name: epcis.Name{Space: ExtensionSpace, Local: local}, Value: v}
}

func text(local, s string) epcis.Extension { return field(local, epcis.StringValue(s)) }

// lotNumber returns the CBV master data attribute cbvmda:lotNumber, which EPCIS queries
// select lots by (EQ_ILMD_lotNumber).
func lotNumber(lot string) epcis.Extension {
	return epcis.Extension{Name: epcis.Name{Space: mdaSpace, Local: "lotNumber"}, Value: epcis.StringValue(lot)}
}

func number(local string, d decimal.Decimal) epcis.Extension {
	return field(local, epcis.Value{Kind: epcis.KindNumber, Text: DecimalText(d)})
}

func divisionList(local string, ds []land.DivisionCode) epcis.Extension {
	items := make([]epcis.Value, len(ds))
	for i, d := range ds {
		items[i] = epcis.StringValue(string(d))
	}
	return field(local, epcis.Value{Kind: epcis.KindArray, Items: items})
}
