package trace

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// Harvest is the harvest of a batch on its plot.
type Harvest struct {
	// At is when the harvest was recorded; required.
	At      time.Time
	Product *Product
	Batch   *Batch
	// Planting is the plot's planting record for the crop; it may be nil, and when set its
	// key must be the batch's planting key.
	Planting *land.Planting
	// EPCs are items labelled in the field and commissioned at harvest. Empty records the
	// batch by its quantity as a lot.
	EPCs []string
	// Certificates are URIs of certificates that apply, such as an organic certificate.
	Certificates []string
}

// Harvest returns the harvest event: an ObjectEvent ADD at the plot, or at the producer
// for a batch without a plot. Its ILMD holds the lot master data: the lot as the CBV
// attribute cbvmda:lotNumber, product, producer, origin, harvest day, plot, and the
// planting record's year, season, crop and variety. It commissions h.EPCs when given, and creates the lot by quantity otherwise.
func (s Steps) Harvest(h Harvest) (*epcis.Event, error) {
	if err := s.checkHarvest(h); err != nil {
		return nil, err
	}
	step, objects := epcis.BizStepCreatingClassInstance, Objects{}
	if len(h.EPCs) > 0 {
		step, objects.EPCs = epcis.BizStepCommissioning, h.EPCs
	} else {
		objects.Lots = []Lot{{Class: s.LotClass(h.Product, h.Batch.ID), Quantity: h.Batch.Quantity}}
	}
	e := s.newEvent(epcis.ObjectEvent, h.At, "", step, epcis.DispositionActive)
	e.Action = epcis.ActionAdd
	e.EPCList = append([]string(nil), objects.EPCs...)
	e.QuantityList = quantities(objects.Lots)
	where := s.Namespace.Org(h.Product.Producer)
	if h.Batch.Plot != "" {
		where = s.Namespace.Plot(h.Batch.Plot)
	}
	e.ReadPoint, e.BizLocation = &epcis.Location{ID: where}, &epcis.Location{ID: where}
	e.CertificationInfo = append([]string(nil), h.Certificates...)
	e.ILMD = harvestILMD(h)
	return e, nil
}

func (s Steps) checkHarvest(h Harvest) error {
	var errs []error
	if err := s.Namespace.Validate(); err != nil {
		errs = append(errs, err)
	}
	if h.At.IsZero() {
		errs = append(errs, errors.New("time is required"))
	}
	if h.Product == nil || h.Batch == nil {
		errs = append(errs, errors.New("product and batch are required"))
		return fmt.Errorf("trace: harvest step: %w", errors.Join(errs...))
	}
	if err := h.Batch.Validate(); err != nil {
		errs = append(errs, err)
	}
	if h.Batch.Product != h.Product.ID {
		errs = append(errs, fmt.Errorf("batch %s is of product %s, not %s", h.Batch.ID, h.Batch.Product, h.Product.ID))
	}
	if h.Planting != nil && h.Planting.Key() != h.Batch.Planting {
		errs = append(errs, fmt.Errorf("planting record %s is not the batch's planting %s",
			h.Planting.Key(), h.Batch.Planting))
	}
	errs = append(errs, checkObjects(Objects{EPCs: h.EPCs})...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("trace: harvest step: %w", err)
	}
	return nil
}

func harvestILMD(h Harvest) []epcis.Extension {
	b := h.Batch
	ilmd := []epcis.Extension{
		lotNumber(string(b.ID)),
		text("product", string(h.Product.ID)),
		text("producer", string(h.Product.Producer)),
		text("origin", string(b.Origin)),
		text("harvestDate", b.HarvestedOn.String()),
	}
	if b.Plot != "" {
		ilmd = append(ilmd, text("plot", string(b.Plot)))
	}
	if k := b.Planting; k != (land.PlantingKey{}) {
		ilmd = append(ilmd, text("plantingYear", strconv.Itoa(k.Year)),
			text("plantingSeason", k.Season.String()), text("crop", k.Crop))
	}
	if h.Planting != nil && h.Planting.Variety != "" {
		ilmd = append(ilmd, text("variety", h.Planting.Variety))
	} else if h.Product.Variety != "" {
		ilmd = append(ilmd, text("variety", h.Product.Variety))
	}
	return ilmd
}

// Grade is one output of grading: a grade lot and its name.
type Grade struct {
	// Lot is the class and amount of the grade lot, such as the lot URI of batch
	// 2024-HT-0001-A.
	Lot Lot
	// Name is the grade, such as 特级 or 一级.
	Name string
}

// Grading is the grading and sorting of an input lot into grade lots at a site.
type Grading struct {
	At     time.Time
	Site   string
	Input  Lot
	Grades []Grade
}

// Grade returns the grading event: a TransformationEvent from the input lot to the
// grade lots, with the grade of each output class in the extension field grades.
func (s Steps) Grade(g Grading) (*epcis.Event, error) {
	o := Observation{At: g.At, Site: g.Site, Objects: Objects{Lots: []Lot{g.Input}}}
	err := s.checkObservation("grading", o)
	if err == nil && len(g.Grades) == 0 {
		err = errors.New("trace: grading step: no grades, want at least one")
	}
	if err != nil {
		return nil, err
	}
	outputs := make([]Lot, len(g.Grades))
	grades := make([]epcis.Value, len(g.Grades))
	for i, grade := range g.Grades {
		if errs := checkObjects(Objects{Lots: []Lot{grade.Lot}}); len(errs) > 0 {
			return nil, fmt.Errorf("trace: grading step: grade %q: %w", grade.Name, errors.Join(errs...))
		}
		outputs[i] = grade.Lot
		grades[i] = epcis.ObjectValue(text("class", grade.Lot.Class), text("grade", grade.Name))
	}
	e := s.newEvent(epcis.TransformationEvent, g.At, g.Site, epcis.BizStepCreatingClassInstance,
		epcis.DispositionActive)
	e.InputQuantityList = quantities([]Lot{g.Input})
	e.OutputQuantityList = quantities(outputs)
	e.Extensions = []epcis.Extension{field("grades", epcis.Value{Kind: epcis.KindArray, Items: grades})}
	return e, nil
}

// Aggregation puts children into a parent container, or takes them out: items into a
// case, cases onto a pallet.
type Aggregation struct {
	At   time.Time
	Site string
	// Parent is the code URI of the case or pallet, such as an SSCC in Digital Link form.
	Parent   string
	Children Objects
}

// Pack returns an AggregationEvent ADD of the children into the parent, with the CBV
// step packing and disposition in_progress.
func (s Steps) Pack(a Aggregation) (*epcis.Event, error) {
	return s.aggregate("packing", a, epcis.ActionAdd, epcis.BizStepPacking)
}

// Unpack returns an AggregationEvent DELETE of the children from the parent, with the
// CBV step unpacking. Empty children take every child out.
func (s Steps) Unpack(a Aggregation) (*epcis.Event, error) {
	return s.aggregate("unpacking", a, epcis.ActionDelete, epcis.BizStepUnpacking)
}

func (s Steps) aggregate(step string, a Aggregation, action epcis.Action, bizStep epcis.BizStep) (*epcis.Event, error) {
	o := Observation{At: a.At, Site: a.Site, Objects: Objects{EPCs: []string{a.Parent}}}
	err := s.checkObservation(step, o)
	if errs := checkObjects(a.Children); err == nil && len(errs) > 0 {
		err = fmt.Errorf("trace: %s step: %w", step, errors.Join(errs...))
	}
	if err == nil && action == epcis.ActionAdd && a.Children.empty() {
		err = fmt.Errorf("trace: %s step: no children, want at least one", step)
	}
	if err != nil {
		return nil, err
	}
	e := s.newEvent(epcis.AggregationEvent, a.At, a.Site, bizStep, epcis.DispositionInProgress)
	e.Action = action
	e.ParentID = a.Parent
	e.ChildEPCs = append([]string(nil), a.Children.EPCs...)
	e.ChildQuantityList = quantities(a.Children.Lots)
	return e, nil
}

// Inspect returns the inspection event of a test: an ObjectEvent OBSERVE with the step
// inspecting, the disposition conformant or non_conformant by the report's result, the
// report's URI in certificationInfo and its number in the extension field report.
func (s Steps) Inspect(o Observation, r *TestReport) (*epcis.Event, error) {
	if r == nil {
		return nil, errors.New("trace: inspection step: report is required")
	}
	if err := r.Result.Validate(); err != nil {
		return nil, fmt.Errorf("trace: inspection step: report %s: %w", r.Number, err)
	}
	disp := epcis.DispositionConformant
	if r.Result == Fail {
		disp = epcis.DispositionNonConformant
	}
	e, err := s.observe("inspection", o, epcis.BizStepInspecting, disp)
	if err != nil {
		return nil, err
	}
	e.CertificationInfo = append(e.CertificationInfo, s.Namespace.Report(r.Number))
	e.Extensions = append(e.Extensions, text("report", r.Number), text("result", r.Result.String()))
	return e, nil
}

// Store returns the cold-storage event: an ObjectEvent OBSERVE at the cold store with
// the step storing and disposition sellable_not_accessible. A non-nil temperature in °C
// is written as a GS1 Temperature sensor report.
func (s Steps) Store(o Observation, temperature *decimal.Decimal) (*epcis.Event, error) {
	e, err := s.observe("cold storage", o, epcis.BizStepStoring, epcis.DispositionSellableNotAccessible)
	if err != nil || temperature == nil {
		return e, err
	}
	v := *temperature
	e.SensorElementList = []epcis.SensorElement{{
		Metadata: &epcis.SensorMetadata{Time: e.EventTime},
		Reports:  []epcis.SensorReport{{Type: "https://gs1.org/voc/Temperature", Value: &v, UOM: "CEL"}},
	}}
	return e, nil
}

// Shipment names the shipping and receiving parties and where the goods go.
type Shipment struct {
	// From and To are the credit codes of the shipping and receiving parties.
	From, To CreditCode
	// ToSite is the receiving site's id; it may be empty.
	ToSite string
	// Destinations are the division codes the goods are bound for. Ship writes them into
	// the event only: [Tracker.ShipBatch] adds them to the issuances of the batch, so that
	// [DestinationRule] judges scans by them.
	Destinations []land.DivisionCode
}

// Ship returns the shipping event: an ObjectEvent OBSERVE with the step shipping,
// disposition in_transit, the parties as owning_party source and destination, the
// receiving site as location destination, and the destination divisions in the
// extension field destinations.
func (s Steps) Ship(o Observation, sh Shipment) (*epcis.Event, error) {
	e, err := s.observe("shipping", o, epcis.BizStepShipping, epcis.DispositionInTransit)
	if err != nil {
		return nil, err
	}
	if err := checkParties("shipping", sh.From, sh.To); err != nil {
		return nil, err
	}
	for _, d := range sh.Destinations {
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("trace: shipping step: destination: %w", err)
		}
	}
	e.SourceList = []epcis.Source{{Type: epcis.SourceDestTypeOwningParty, Value: s.Namespace.Org(sh.From)},
		{Type: epcis.SourceDestTypeLocation, Value: s.Namespace.Site(o.Site)}}
	e.DestinationList = []epcis.Destination{{Type: epcis.SourceDestTypeOwningParty, Value: s.Namespace.Org(sh.To)}}
	if sh.ToSite != "" {
		e.DestinationList = append(e.DestinationList,
			epcis.Destination{Type: epcis.SourceDestTypeLocation, Value: s.Namespace.Site(sh.ToSite)})
	}
	if len(sh.Destinations) > 0 {
		e.Extensions = append(e.Extensions, divisionList("destinations", sh.Destinations))
	}
	return e, nil
}

// Receive returns the receiving event: an ObjectEvent OBSERVE with the step receiving,
// disposition sellable_not_accessible and the parties as owning_party source and
// destination.
func (s Steps) Receive(o Observation, from, to CreditCode) (*epcis.Event, error) {
	e, err := s.observe("receiving", o, epcis.BizStepReceiving, epcis.DispositionSellableNotAccessible)
	if err != nil {
		return nil, err
	}
	if err := checkParties("receiving", from, to); err != nil {
		return nil, err
	}
	e.SourceList = []epcis.Source{{Type: epcis.SourceDestTypeOwningParty, Value: s.Namespace.Org(from)}}
	e.DestinationList = []epcis.Destination{{Type: epcis.SourceDestTypeOwningParty, Value: s.Namespace.Org(to)},
		{Type: epcis.SourceDestTypeLocation, Value: s.Namespace.Site(o.Site)}}
	return e, nil
}

// Sell returns the retail sale event: an ObjectEvent OBSERVE at the shop with the step
// retail_selling and disposition retail_sold.
func (s Steps) Sell(o Observation) (*epcis.Event, error) {
	return s.observe("retail sale", o, epcis.BizStepRetailSelling, epcis.DispositionRetailSold)
}

func checkParties(step string, from, to CreditCode) error {
	if err := errors.Join(from.Validate(), to.Validate()); err != nil {
		return fmt.Errorf("trace: %s step: parties: %w", step, err)
	}
	return nil
}

// CarcassPart is one output of a slaughter, such as a side or a cut, with its own code.
type CarcassPart struct {
	// EPC is the code URI of the part.
	EPC string
	// Name is the part, such as 前腿 (foreleg) or 胴体 (carcass).
	Name   string
	Weight Quantity
}

// Slaughter is the slaughter of animals into carcass parts at a slaughterhouse.
type Slaughter struct {
	At   time.Time
	Site string
	// Slaughterhouse is the credit code of the slaughterhouse.
	Slaughterhouse CreditCode
	Animals        []EarTag
	Parts          []CarcassPart
	// Batch is the meat batch the parts belong to; it may be empty.
	Batch BatchID
	// Quarantine is the number of the animal quarantine certificate (动物检疫合格证明);
	// it may be empty.
	Quarantine string
}

// Slaughter returns the slaughter event: a TransformationEvent with the CBV step killing
// from the animals' URIs ([Namespace.Animal]) to the parts' codes. Its ILMD holds the ear
// tags, slaughterhouse, batch and quarantine certificate, and the extension field parts
// holds each part's name and weight.
func (s Steps) Slaughter(sl Slaughter) (*epcis.Event, error) {
	o := Observation{At: sl.At, Site: sl.Site, Objects: Objects{EPCs: partEPCs(sl.Parts)}}
	err := s.checkObservation("slaughter", o)
	if err == nil {
		err = checkSlaughter(sl)
	}
	if err != nil {
		return nil, err
	}

	e := s.newEvent(epcis.TransformationEvent, sl.At, sl.Site, epcis.BizStepKilling, epcis.DispositionActive)
	tags := make([]epcis.Value, len(sl.Animals))
	for i, tag := range sl.Animals {
		e.InputEPCList = append(e.InputEPCList, s.Namespace.Animal(tag))
		tags[i] = epcis.StringValue(string(tag))
	}
	e.OutputEPCList = o.Objects.EPCs

	parts := make([]epcis.Value, len(sl.Parts))
	for i, p := range sl.Parts {
		parts[i] = epcis.ObjectValue(text("epc", p.EPC), text("name", p.Name),
			number("weight", p.Weight.Value), text("unit", string(p.Weight.Unit)))
	}
	e.ILMD = []epcis.Extension{field("earTags", epcis.Value{Kind: epcis.KindArray, Items: tags}),
		text("slaughterhouse", string(sl.Slaughterhouse))}
	if sl.Batch != "" {
		e.ILMD = append(e.ILMD, lotNumber(string(sl.Batch)))
	}
	if sl.Quarantine != "" {
		e.ILMD = append(e.ILMD, text("quarantine", sl.Quarantine))
	}
	e.Extensions = []epcis.Extension{field("parts", epcis.Value{Kind: epcis.KindArray, Items: parts})}
	return e, nil
}

func partEPCs(parts []CarcassPart) []string {
	epcs := make([]string, len(parts))
	for i, p := range parts {
		epcs[i] = p.EPC
	}
	return epcs
}

func checkSlaughter(sl Slaughter) error {
	var errs []error
	if err := sl.Slaughterhouse.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(sl.Animals) == 0 {
		errs = append(errs, errors.New("no animals, want at least one ear tag"))
	}
	for _, tag := range sl.Animals {
		errs = append(errs, tag.Validate())
	}
	for _, p := range sl.Parts {
		if p.Name == "" {
			errs = append(errs, fmt.Errorf("part %s: name is required", p.EPC))
		}
		if err := p.Weight.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("part %s: %w", p.EPC, err))
		}
	}
	if sl.Batch != "" {
		errs = append(errs, sl.Batch.Validate())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("trace: slaughter step: %w", err)
	}
	return nil
}
