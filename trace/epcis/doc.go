// Package epcis holds EPCIS 2.0 events (GS1 EPCIS 2.0, 2022) with the CBV 2.0 vocabulary.
// It has the event model, its JSON-LD and XML bindings, capture validation and the CBV 2.0
// event hash. A repository interface, with an implementation in memory, captures and
// queries events.
//
// # Events
//
// [Event] holds any of the five event types ([ObjectEvent], [AggregationEvent],
// [TransactionEvent], [TransformationEvent], [AssociationEvent]) with what, when, where, why
// and how (sensor data), certification info, error declarations, instance and lot master
// data (ILMD) and user extensions in their own namespaces ([Extension]). Identifiers stay as
// written: EPC URNs or GS1 Digital Link URIs.
//
// # Vocabulary
//
// Business steps, dispositions, business transaction types, source and destination types
// and error reasons are typed ([BizStep], [Disposition], [BizTransactionType],
// [SourceDestType], [ErrorReason]). Their Parse functions accept the three spellings of a
// CBV 2.0 standard value and keep the bare name: the bare name that JSON-LD uses, the Web
// URI, and the URN that EPCIS 1.x XML used. A user-defined value must be an absolute URI.
//
// # Bindings
//
// [DecodeJSON], [DecodeJSONEvent] and [DecodeXML] read EPCISDocument, EPCISQueryDocument and
// bare events; [Decode] picks the binding by the first byte. [EncodeJSON], [AppendJSON],
// [EncodeJSONEvent] and [EncodeXML] write them. Decoding then encoding keeps every field,
// extensions, ILMD, sensor reports and certification info included, and the namespaces of
// the @context or xmlns declarations. What may change is spelling only:
//   - vocabulary values become bare names in JSON-LD and URNs in XML;
//   - GS1 and CBV terms become "gs1:" and "cbv:" CURIEs;
//   - numbers lose trailing zeros;
//   - a single certificationInfo is written as a string;
//   - JSON-LD prefixes may move between the document and event @context.
//
// # Validation
//
// [ParseCapture] decodes and validates a capture request; [Validate] checks one event. A
// rejection is an [*Error] with the path of the field and a [Reason] (missing field, unknown
// field, invalid value, invalid vocabulary value, undefined namespace, element order,
// duplicate) that a server maps to its response.
//
// # Event hash
//
// [HashID] computes the CBV 2.0 event hash, ni:///sha-256;<hex>?ver=CBV2.0, from the
// canonical pre-hash string of [PreHash]: the same event written in XML or JSON-LD, with any
// time zone, timestamp precision, number spelling, list order or EPC URN instead of Digital
// Link, hashes alike. Capture uses it as the eventID of an event that has none.
//
// # Repository and queries
//
// [Repository] is what capture and query need from storage: Insert and Query. [Capture]
// and [CaptureDocument] validate, set eventID and recordTime and insert, and the repository
// rejects an event whose hash is already stored; an event with an errorDeclaration may
// repeat the eventID of the event it corrects. [Query] holds the SimpleEventQuery
// parameters (event type, times, action, business step, disposition, read point, business
// location, EPCs, parent, inputs and outputs, EPC classes, lot, quantity) with paging, and
// [ParseQuery] reads them from the JSON of the REST binding or an XML Poll.
// [MemoryRepository] implements the interface in memory.
package epcis
