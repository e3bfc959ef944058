package epcis

import (
	"slices"
	"time"
)

// Document is an EPCISDocument (a capture document) or, when Query is set, an
// EPCISQueryDocument that carries the results of a query (EPCIS 2.0).
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
	// Header is the epcisHeader (JSON-LD) or EPCISHeader (XML) content, such as master
	// data, kept as read; nil when absent. It is not converted between the bindings.
	Header *Value
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
	// Extensions are user extension fields of the queryResults element.
	Extensions []Extension
}

// HashIgnore returns the names listed by a document-level extension field whose local name
// is ignoreFields, which the event hash examples use to leave repository fields out of the
// hash ([HashOptions]). JSON-LD lists CURIEs or IRIs; XML lists empty elements.
func (d *Document) HashIgnore() []Name {
	sc := &scope{prefixes: d.Namespaces}
	var names []Name
	exts := d.Extensions
	if d.Query != nil {
		exts = append(slices.Clip(exts), d.Query.Extensions...)
	}
	for _, e := range exts {
		if e.Name.Local != "ignoreFields" {
			continue
		}
		items := e.Value.Items
		if e.Value.Kind != KindArray {
			items = []Value{e.Value}
		}
		for _, item := range items {
			if item.Kind == KindObject {
				for _, f := range item.Fields {
					names = append(names, f.Name)
				}
				continue
			}
			if n, ok := sc.expandKey(item.Text); ok {
				names = append(names, n)
			}
		}
	}
	return names
}
