package epcis

import (
	"fmt"
	"slices"
)

// Validate checks ev against the EPCIS 2.0 rules for its type and returns an [*Error] for
// the first rule broken:
//   - the type is one of the five, and eventTime and eventTimeZoneOffset are set;
//   - every type but TransformationEvent has an action, and TransformationEvent has none;
//   - no field is set that the type does not have;
//   - the required identifiers are there: EPCs or quantities on an ObjectEvent, a parentID
//     on an AssociationEvent and on an AggregationEvent that adds or deletes, transactions
//     on a TransactionEvent, inputs or outputs on a TransformationEvent;
//   - ilmd appears only where objects come into being;
//   - identifiers are absolute URIs, and sources and destinations have a type;
//   - vocabulary values are CBV 2.0 standard values or URIs, in canonical form;
//   - user extensions have namespaces.
func Validate(ev *Event) error {
	v := validator{ev: ev}
	v.run()
	if v.err != nil {
		return v.err
	}
	return nil
}

// Validate checks every event of d with [Validate]; the error path names the event.
func (d *Document) Validate() error {
	for i := range d.Events {
		if err := Validate(&d.Events[i]); err != nil {
			e := asError(err)
			e.Path = join(fmt.Sprintf("eventList[%d]", i), e.Path)
			return e
		}
	}
	return nil
}

type validator struct {
	ev  *Event
	err *Error
}

func (v *validator) fail(path string, reason Reason, format string, args ...any) {
	if v.err == nil {
		v.err = newError(path, reason, format, args...)
	}
}

func (v *validator) run() {
	ev := v.ev
	if !ev.Type.Valid() {
		v.fail("type", ReasonInvalid, "invalid event type %q: want one of %v", ev.Type,
			EventTypes)
		return
	}
	if ev.EventTime.IsZero() {
		v.fail("eventTime", ReasonMissing, "missing eventTime")
	}
	if ev.EventTimeZoneOffset == "" {
		v.fail("eventTimeZoneOffset", ReasonMissing, "missing eventTimeZoneOffset")
	} else if _, err := parseOffset(ev.EventTimeZoneOffset); err != nil {
		v.fail("eventTimeZoneOffset", ReasonInvalid, "%v", err)
	}
	v.action()
	v.fieldsOfType()
	v.identifiers()
	v.vocabulary()
	v.namespaces()
	if d := ev.ErrorDeclaration; d != nil && d.DeclarationTime.IsZero() {
		v.fail("errorDeclaration.declarationTime", ReasonMissing, "missing declarationTime")
	}
}

func (v *validator) action() {
	ev := v.ev
	switch {
	case ev.Type == TransformationEvent && ev.Action != "":
		v.fail("action", ReasonUnknown, "a TransformationEvent has no action")
	case ev.Type != TransformationEvent && ev.Action == "":
		v.fail("action", ReasonMissing, "missing action: an %s needs ADD, OBSERVE or DELETE",
			ev.Type)
	case ev.Action != "":
		if _, err := ParseAction(string(ev.Action)); err != nil {
			v.fail("action", ReasonInvalid, "invalid action %q: want ADD, OBSERVE or DELETE",
				ev.Action)
		}
	}
}

// fieldsOfType rejects fields that the event's type does not have and checks the
// identifiers each type requires.
func (v *validator) fieldsOfType() {
	ev := v.ev
	present := map[string]bool{
		"epcList":            len(ev.EPCList) > 0,
		"quantityList":       len(ev.QuantityList) > 0,
		"parentID":           ev.ParentID != "",
		"childEPCs":          len(ev.ChildEPCs) > 0,
		"childQuantityList":  len(ev.ChildQuantityList) > 0,
		"inputEPCList":       len(ev.InputEPCList) > 0,
		"inputQuantityList":  len(ev.InputQuantityList) > 0,
		"outputEPCList":      len(ev.OutputEPCList) > 0,
		"outputQuantityList": len(ev.OutputQuantityList) > 0,
		"transformationID":   ev.TransformationID != "",
		"ilmd":               ev.ILMD != nil,
	}
	allowed := map[EventType][]string{
		ObjectEvent:      {"epcList", "quantityList", "ilmd"},
		AggregationEvent: {"parentID", "childEPCs", "childQuantityList"},
		TransactionEvent: {"parentID", "epcList", "quantityList"},
		TransformationEvent: {"inputEPCList", "inputQuantityList", "outputEPCList",
			"outputQuantityList", "transformationID", "ilmd"},
		AssociationEvent: {"parentID", "childEPCs", "childQuantityList"},
	}[ev.Type]
	for _, field := range []string{"epcList", "quantityList", "parentID", "childEPCs",
		"childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList",
		"outputQuantityList", "transformationID", "ilmd"} {
		if present[field] && !slices.Contains(allowed, field) {
			v.fail(field, ReasonUnknown, "an %s has no %s", ev.Type, field)
		}
	}

	switch ev.Type {
	case ObjectEvent:
		if !present["epcList"] && !present["quantityList"] && len(ev.SensorElementList) == 0 {
			v.fail("epcList", ReasonMissing, "an ObjectEvent needs epcList or quantityList")
		}
		if present["ilmd"] && ev.Action != ActionAdd {
			v.fail("ilmd", ReasonInvalid, "ilmd is allowed only with action ADD, got %s",
				ev.Action)
		}
	case AggregationEvent:
		if !present["parentID"] && ev.Action != ActionObserve {
			v.fail("parentID", ReasonMissing, "an AggregationEvent with action %s needs "+
				"parentID", ev.Action)
		}
	case AssociationEvent:
		if !present["parentID"] {
			v.fail("parentID", ReasonMissing, "an AssociationEvent needs parentID")
		}
	case TransactionEvent:
		if len(ev.BizTransactionList) == 0 {
			v.fail("bizTransactionList", ReasonMissing, "a TransactionEvent needs "+
				"bizTransactionList")
		}
	case TransformationEvent:
		if !present["inputEPCList"] && !present["inputQuantityList"] &&
			!present["outputEPCList"] && !present["outputQuantityList"] {
			v.fail("inputEPCList", ReasonMissing, "a TransformationEvent needs inputs or "+
				"outputs")
		}
	}
}

func (v *validator) identifiers() {
	ev := v.ev
	lists := []struct {
		name string
		ids  []string
	}{
		{"epcList", ev.EPCList}, {"childEPCs", ev.ChildEPCs}, {"inputEPCList", ev.InputEPCList},
		{"outputEPCList", ev.OutputEPCList}, {"certificationInfo", ev.CertificationInfo},
		{"parentID", []string{ev.ParentID}}, {"eventID", []string{ev.EventID}},
		{"transformationID", []string{ev.TransformationID}},
	}
	for _, l := range lists {
		for i, id := range l.ids {
			if id != "" && !isAbsoluteURI(id) {
				v.fail(fmt.Sprintf("%s[%d]", l.name, i), ReasonInvalid,
					"invalid identifier %q: want an absolute URI", id)
			}
		}
	}
	for name, qs := range map[string][]QuantityElement{"quantityList": ev.QuantityList,
		"childQuantityList": ev.ChildQuantityList, "inputQuantityList": ev.InputQuantityList,
		"outputQuantityList": ev.OutputQuantityList} {
		for i, q := range qs {
			if !isAbsoluteURI(q.EPCClass) {
				v.fail(fmt.Sprintf("%s[%d].epcClass", name, i), ReasonInvalid,
					"invalid EPC class %q: want an absolute URI", q.EPCClass)
			}
		}
	}
	for name, loc := range map[string]*Location{"readPoint": ev.ReadPoint,
		"bizLocation": ev.BizLocation} {
		if loc != nil && !isAbsoluteURI(loc.ID) {
			v.fail(name+".id", ReasonInvalid, "invalid location %q: want an absolute URI",
				loc.ID)
		}
	}
	for i, s := range ev.SourceList {
		v.typedID(fmt.Sprintf("sourceList[%d]", i), string(s.Type), s.Value)
	}
	for i, d := range ev.DestinationList {
		v.typedID(fmt.Sprintf("destinationList[%d]", i), string(d.Type), d.Value)
	}
	for i, t := range ev.BizTransactionList {
		if !isAbsoluteURI(t.Value) {
			v.fail(fmt.Sprintf("bizTransactionList[%d]", i), ReasonInvalid,
				"invalid business transaction %q: want an absolute URI", t.Value)
		}
	}
}

func (v *validator) typedID(path, typ, id string) {
	if typ == "" {
		v.fail(path+".type", ReasonMissing, "missing type")
	}
	if !isAbsoluteURI(id) {
		v.fail(path, ReasonInvalid, "invalid identifier %q: want an absolute URI", id)
	}
}

// vocabulary checks values set in code rather than decoded: each must be in canonical
// form, as the Parse functions return it.
func (v *validator) vocabulary() {
	ev := v.ev
	check := func(path, value string, voc *vocabulary) {
		if value == "" {
			return
		}
		if got, err := voc.parse(value); err != nil || got != value {
			v.fail(path, ReasonVocabulary, "invalid %s %q: want a CBV 2.0 bare name or an "+
				"absolute URI", voc.what, value)
		}
	}
	check("bizStep", string(ev.BizStep), bizStepVocabulary)
	check("disposition", string(ev.Disposition), dispositionVocabulary)
	if pd := ev.PersistentDisposition; pd != nil {
		for _, d := range append(append([]Disposition(nil), pd.Set...), pd.Unset...) {
			check("persistentDisposition", string(d), dispositionVocabulary)
		}
	}
	for i, t := range ev.BizTransactionList {
		check(fmt.Sprintf("bizTransactionList[%d].type", i), string(t.Type), bttVocabulary)
	}
	for i, s := range ev.SourceList {
		check(fmt.Sprintf("sourceList[%d].type", i), string(s.Type), sdtVocabulary)
	}
	for i, d := range ev.DestinationList {
		check(fmt.Sprintf("destinationList[%d].type", i), string(d.Type), sdtVocabulary)
	}
	if d := ev.ErrorDeclaration; d != nil {
		check("errorDeclaration.reason", string(d.Reason), errorReasonVocabulary)
	}
}

// namespaces rejects user extensions without namespace in the event and in the standard
// structures that allow extensions, except sensor metadata and reports.
func (v *validator) namespaces() {
	ev := v.ev
	check := func(path string, exts []Extension) {
		for _, e := range exts {
			if e.Name.Space == "" {
				v.fail(join(path, e.Name.Local), ReasonUnknown, "unknown field %s: a user "+
					"extension needs a namespace", e.Name.Local)
			}
		}
	}
	check("", ev.Extensions)
	check("ilmd", ev.ILMD)
	if ev.ReadPoint != nil {
		check("readPoint", ev.ReadPoint.Extensions)
	}
	if ev.BizLocation != nil {
		check("bizLocation", ev.BizLocation.Extensions)
	}
	if ev.ErrorDeclaration != nil {
		check("errorDeclaration", ev.ErrorDeclaration.Extensions)
	}
	for i, el := range ev.SensorElementList {
		path := fmt.Sprintf("sensorElementList[%d]", i)
		check(path, el.Extensions)
		// Sensor metadata and reports may carry fields without namespace: see
		// lenientExtensions.
	}
}
