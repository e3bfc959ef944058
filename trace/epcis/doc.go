// Package epcis holds EPCIS 2.0 events (GS1 EPCIS 2.0, 2022) with the CBV 2.0 vocabulary:
// the event model, its JSON-LD and XML bindings, capture validation, the CBV 2.0 event hash,
// and a repository interface with an in-memory implementation that captures and queries
// events.
//
// # Events
//
// [Event] holds any of the five event types ([ObjectEvent], [AggregationEvent],
// [TransactionEvent], [TransformationEvent], [AssociationEvent]) with what, when, where, why
// and how (sensor data), certification info, error declarations, instance and lot master
// data (ILMD) and user extensions in their own namespaces ([Extension]).
//
// # Vocabulary
//
// Business steps, dispositions, business transaction types, source and destination types
// and error reasons are typed ([BizStep], [Disposition], [BizTransactionType],
// [SourceDestType], [ErrorReason]). Their Parse functions accept the three spellings of a
// CBV 2.0 standard value (the bare name JSON-LD uses, the Web URI and the URN that EPCIS 1.x
// XML used) and keep the bare name; a user-defined value must be an absolute URI.
package epcis
