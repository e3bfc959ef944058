package epcis

import "time"

// Document is an EPCISDocument (a capture document) or, when Query is set, an
// EPCISQueryDocument that carries the results of a query (EPCIS 2.0 sections 9.3 and 9.4).
type Document struct {
	// ID is the document's own identifier ("id" in JSON-LD); empty when absent.
	ID string
	// SchemaVersion is the EPCIS schema version, "2.0" for EPCIS 2.0.
	SchemaVersion string
	// CreationDate is when the document was made.
	CreationDate time.Time
	// Sender, Receiver and InstanceIdentifier are the header fields that the JSON binding
	// carries at document level; empty when absent.
	Sender             string
	Receiver           string
	InstanceIdentifier string
	// Namespaces are the prefixes the document declares, in order: the objects of the
	// JSON-LD @context or the xmlns attributes of the root element.
	Namespaces []Namespace
	// Query is nil for an EPCISDocument and set for an EPCISQueryDocument.
	Query  *QueryResults
	Events []Event
	// Extensions are user extension fields at document level.
	Extensions []Extension
}

// QueryResults names the query whose results an EPCISQueryDocument carries.
type QueryResults struct {
	QueryName      string
	SubscriptionID string
}
