package epcis

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// EventType is one of the five EPCIS 2.0 event types (EPCIS 2.0).
type EventType string

// The EPCIS 2.0 event types.
const (
	ObjectEvent         EventType = "ObjectEvent"
	AggregationEvent    EventType = "AggregationEvent"
	TransactionEvent    EventType = "TransactionEvent"
	TransformationEvent EventType = "TransformationEvent"
	AssociationEvent    EventType = "AssociationEvent"
)

// EventTypes lists the five event types in the order EPCIS 2.0 defines them.
var EventTypes = [...]EventType{
	ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent,
}

// String returns the type name as EPCIS writes it.
func (t EventType) String() string { return string(t) }

// Valid reports whether t is one of the five event types.
func (t EventType) Valid() bool {
	for _, known := range EventTypes {
		if t == known {
			return true
		}
	}
	return false
}

// Action is the action of an object, aggregation, transaction or association event: how the
// event relates to the life of the objects it names (EPCIS 2.0).
// TransformationEvent has no action.
type Action string

// The EPCIS actions.
const (
	ActionAdd     Action = "ADD"
	ActionObserve Action = "OBSERVE"
	ActionDelete  Action = "DELETE"
)

// String returns the action as EPCIS writes it.
func (a Action) String() string { return string(a) }

// ParseAction parses ADD, OBSERVE or DELETE. EPCIS spells actions in capitals only.
func ParseAction(s string) (Action, error) {
	switch a := Action(s); a {
	case ActionAdd, ActionObserve, ActionDelete:
		return a, nil
	}
	return "", fmt.Errorf("epcis: invalid action %q: want ADD, OBSERVE or DELETE", s)
}

// Event is one EPCIS 2.0 event of any of the five types. Type selects which fields apply:
// [Validate] rejects a field that the type does not have (for example ChildEPCs on an
// ObjectEvent) and a missing required field. The zero value of each field means absent.
//
// Identifiers (EPCs, EPC classes, parent IDs, locations, transaction IDs) are kept as they
// were written, as EPC URNs or GS1 Digital Link URIs. Vocabulary values (business step,
// disposition, transaction, source and destination types, error reasons) are kept in the
// canonical form of their type: the bare CBV name for a standard value and the full URI for
// any other. An Event is a plain value: it is not safe for concurrent mutation.
type Event struct {
	Type EventType

	// When.

	// EventTime is the instant of the event. Its location is the offset written in the
	// input, so that encoding writes the same offset back.
	EventTime time.Time
	// EventTimeZoneOffset is the local offset where the event happened, as "+hh:mm" or
	// "-hh:mm". EPCIS requires it.
	EventTimeZoneOffset string
	// RecordTime is when the repository recorded the event; zero means not recorded yet.
	// Capture sets it and ignores the value a client sends.
	RecordTime time.Time
	// EventID identifies the event, as a URI. Capture sets it to the CBV 2.0 event hash
	// ([HashID]) when it is empty.
	EventID string
	// ErrorDeclaration, when set, declares this event (with the same EventID as an earlier
	// event) to be in error.
	ErrorDeclaration *ErrorDeclaration
	// CertificationInfo lists URIs of certificates that apply to the event. JSON carries
	// one URI as a string and several as an array.
	CertificationInfo []string

	// What.

	// EPCList names instance-level objects (ObjectEvent, TransactionEvent).
	EPCList []string
	// ParentID is the containing object (AggregationEvent, TransactionEvent,
	// AssociationEvent).
	ParentID string
	// ChildEPCs names the contained objects (AggregationEvent, AssociationEvent).
	ChildEPCs []string
	// InputEPCList and OutputEPCList name what a TransformationEvent consumed and produced.
	InputEPCList  []string
	OutputEPCList []string
	// QuantityList names class-level objects (ObjectEvent, TransactionEvent).
	QuantityList []QuantityElement
	// ChildQuantityList holds class-level children (AggregationEvent, AssociationEvent).
	ChildQuantityList []QuantityElement
	// InputQuantityList and OutputQuantityList are the class-level inputs and outputs of a
	// TransformationEvent.
	InputQuantityList  []QuantityElement
	OutputQuantityList []QuantityElement
	// Action is required on every type but TransformationEvent, which has none.
	Action Action
	// TransformationID links TransformationEvents that form one transformation.
	TransformationID string

	// Why.

	BizStep               BizStep
	Disposition           Disposition
	PersistentDisposition *PersistentDisposition
	BizTransactionList    []BizTransaction
	SourceList            []Source
	DestinationList       []Destination

	// Where.

	ReadPoint   *Location
	BizLocation *Location

	// How.

	SensorElementList []SensorElement

	// ILMD holds instance or lot master data for objects an ObjectEvent with action ADD or
	// a TransformationEvent brings into being. Nil means no ilmd element; an empty non-nil
	// slice is an ilmd element without fields.
	ILMD []Extension
	// Extensions are the event's user extension fields, each in its own namespace.
	Extensions []Extension
	// Namespaces are prefixes that the event itself declares (a JSON-LD @context inside the
	// event, or xmlns attributes on its XML element). Encoders reuse them.
	Namespaces []Namespace
}

// QuantityElement is a quantity of one class of objects: an EPC class (an LGTIN URN, a GTIN
// with or without lot in Digital Link form, or another class URI), a count or an amount and
// its unit. Quantity nil means the count is not known; UOM empty means a count of items.
type QuantityElement struct {
	EPCClass string
	Quantity *decimal.Decimal
	// UOM is a UN/ECE Recommendation 20 unit code, such as KGM for kilogram.
	UOM string
}

// Location is a read point or business location: a location identifier URI (an SGLN URN or a
// GLN Digital Link) with optional user extensions.
type Location struct {
	ID         string
	Extensions []Extension
}

// BizTransaction refers to a business transaction such as a purchase order, with its type.
type BizTransaction struct {
	// Type is empty when the transaction type is not given.
	Type BizTransactionType
	// Value is the transaction identifier URI.
	Value string
}

// Source is the party or location that objects come from, with its type.
type Source struct {
	Type  SourceDestType
	Value string
}

// Destination is the party or location that objects go to, with its type.
type Destination struct {
	Type  SourceDestType
	Value string
}

// PersistentDisposition lists dispositions that hold until a later event unsets them
// (EPCIS 2.0).
type PersistentDisposition struct {
	Set   []Disposition
	Unset []Disposition
}

// ErrorDeclaration declares an earlier event erroneous (EPCIS 2.0). The
// event that carries it repeats the eventID of the event in error.
type ErrorDeclaration struct {
	DeclarationTime time.Time
	// Reason is empty when the reason is not given.
	Reason ErrorReason
	// CorrectiveEventIDs name events that correct the one in error.
	CorrectiveEventIDs []string
	Extensions         []Extension
}

// Namespace binds a prefix to a namespace IRI, as a JSON-LD @context entry or an XML xmlns
// attribute does.
type Namespace struct {
	Prefix string
	IRI    string
}
