package epcis

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// DecodeXML decodes an EPCIS 2.0 XML document (EPCIS 2.0): an EPCISDocument, an
// EPCISQueryDocument or one bare event element. It also reads EPCIS 1.x documents, whose
// later fields sit inside extension and baseExtension elements, and vocabulary values in URN
// or Web URI form.
//
// Elements may come in any order, because converters commonly reorder them, except that an
// event's action must follow its eventTime. NOTE: the EPCIS 2.0 XML schema fixes one order
// for all elements; only this one pair is checked.
//
// An element or attribute without namespace that EPCIS does not define is kept as an
// extension with an empty namespace, so that the event hash can include it; [Validate]
// rejects it.
func DecodeXML(data []byte) (*Document, error) {
	root, err := parseXMLTree(data)
	if err != nil {
		return nil, err
	}
	if EventType(root.name.Local).Valid() {
		ev, err := decodeXMLEvent(root, root.name.Local)
		if err != nil {
			return nil, err
		}
		return &Document{Events: []Event{ev}, Namespaces: ev.Namespaces}, nil
	}

	doc := &Document{Namespaces: prefixed(root.ns)}
	switch root.name.Local {
	case "EPCISDocument":
	case "EPCISQueryDocument":
		doc.Query = &QueryResults{}
	default:
		return nil, newError(root.name.Local, ReasonSyntax, "unexpected root element %s: want "+
			"EPCISDocument, EPCISQueryDocument or an event", root.name.Local)
	}
	doc.SchemaVersion, _ = root.attr("schemaVersion")
	if s, ok := root.attr("creationDate"); ok {
		if doc.CreationDate, err = parseTime(s); err != nil {
			return nil, &Error{Path: "creationDate", Reason: ReasonInvalid, Err: err}
		}
	}
	for _, c := range root.children {
		if isEPCISSpace(c.name.Space) && c.name.Local == "EPCISHeader" {
			header, err := xmlExtension(c, c.name.Local)
			if err != nil {
				return nil, err
			}
			doc.Header = &header.Value
			continue
		}
		if isEPCISSpace(c.name.Space) && rootElements[c.name.Local] {
			continue
		}
		ext, err := xmlExtension(c, c.name.Local)
		if err != nil {
			return nil, err
		}
		doc.Extensions = appendExtension(doc.Extensions, ext)
	}
	body := root.child("EPCISBody")
	if body == nil && doc.Query != nil && root.child("resultsBody") != nil {
		// Some query documents put the query results right under the root.
		results := &xmlNode{name: root.name}
		results.name.Local = "QueryResults"
		for _, c := range root.children {
			if isEPCISSpace(c.name.Space) {
				results.children = append(results.children, c)
			}
		}
		body = &xmlNode{children: []*xmlNode{results}}
	}
	if body == nil {
		return nil, newError("EPCISBody", ReasonMissing, "missing EPCISBody element")
	}
	list, path, err := xmlEventList(body, doc)
	if err != nil {
		return nil, err
	}
	for _, n := range eventElements(list) {
		evPath := fmt.Sprintf("%s[%d]", path, len(doc.Events))
		ev, err := decodeXMLEvent(n, evPath)
		if err != nil {
			return nil, err
		}
		doc.Events = append(doc.Events, ev)
	}
	return doc, nil
}

// rootElements are the EPCIS elements a document root may hold besides extensions; the
// last three occur when query results sit right under the root.
var rootElements = map[string]bool{"EPCISHeader": true, "EPCISBody": true,
	"queryName": true, "subscriptionID": true, "resultsBody": true}

// prefixed returns the namespace declarations that bind a prefix.
func prefixed(ns []Namespace) []Namespace {
	var out []Namespace
	for _, n := range ns {
		if n.Prefix != "" {
			out = append(out, n)
		}
	}
	return out
}

func xmlEventList(body *xmlNode, doc *Document) (*xmlNode, string, error) {
	if doc.Query == nil {
		list := body.child("EventList")
		if list == nil {
			return nil, "", newError("EPCISBody.EventList", ReasonMissing,
				"missing EventList element")
		}
		return list, "EPCISBody.EventList", nil
	}
	results := body.child("QueryResults")
	if results == nil {
		return nil, "", newError("EPCISBody.QueryResults", ReasonMissing,
			"missing QueryResults element in an EPCISQueryDocument")
	}
	for _, c := range results.children {
		switch {
		case c.name.Local == "queryName" && isEPCISSpace(c.name.Space):
			doc.Query.QueryName = c.trimmed()
		case c.name.Local == "subscriptionID" && isEPCISSpace(c.name.Space):
			doc.Query.SubscriptionID = c.trimmed()
		case c.name.Local == "resultsBody" && isEPCISSpace(c.name.Space):
		default:
			ext, err := xmlExtension(c, "EPCISBody.QueryResults."+c.name.Local)
			if err != nil {
				return nil, "", err
			}
			doc.Query.Extensions = appendExtension(doc.Query.Extensions, ext)
		}
	}
	rb := results.child("resultsBody")
	if rb == nil {
		return nil, "", newError("EPCISBody.QueryResults.resultsBody", ReasonMissing,
			"missing resultsBody element")
	}
	list := rb.child("EventList")
	if list == nil {
		list = &xmlNode{}
	}
	return list, "EPCISBody.QueryResults.resultsBody.EventList", nil
}

// eventElements returns the event elements of an EventList, looking inside the extension
// wrappers that EPCIS 1.x used for TransformationEvent and AssociationEvent.
func eventElements(list *xmlNode) []*xmlNode {
	var out []*xmlNode
	for _, c := range list.children {
		if isWrapper(c) {
			out = append(out, eventElements(c)...)
			continue
		}
		out = append(out, c)
	}
	return out
}

func isWrapper(n *xmlNode) bool {
	return isEPCISSpace(n.name.Space) &&
		(n.name.Local == "extension" || n.name.Local == "baseExtension")
}

// flatChildren returns the children of n with extension wrappers opened.
func flatChildren(n *xmlNode) []*xmlNode {
	var out []*xmlNode
	for _, c := range n.children {
		if isWrapper(c) {
			out = append(out, flatChildren(c)...)
			continue
		}
		out = append(out, c)
	}
	return out
}

// xmlReader decodes the fields of one event element and keeps the first error.
type xmlReader struct {
	path string
	err  *Error
}

func (r *xmlReader) fail(key string, reason Reason, format string, args ...any) {
	if r.err == nil {
		r.err = newError(join(r.path, key), reason, format, args...)
	}
}

func (r *xmlReader) time(key, s string) time.Time {
	if strings.TrimSpace(s) == "" {
		r.fail(key, ReasonMissing, "empty %s", key)
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		r.fail(key, ReasonInvalid, "%v", err)
	}
	return t
}

func (r *xmlReader) decimal(key, s string) *decimal.Decimal {
	d, err := parseDecimal(s)
	if err != nil {
		r.fail(key, ReasonInvalid, "%v", err)
		return nil
	}
	return &d
}

func (r *xmlReader) vocab(key, s string, v *vocabulary) string {
	out, err := v.parse(s)
	if err != nil {
		r.fail(key, ReasonVocabulary, "%v", err)
	}
	return out
}

func (r *xmlReader) ids(n *xmlNode, item string) []string {
	out := []string{}
	for _, c := range n.children {
		if c.name.Local != item {
			r.fail(n.name.Local, ReasonUnknown, "unexpected element %s in %s", c.name.Local,
				n.name.Local)
			continue
		}
		out = append(out, c.trimmed())
	}
	return out
}

func (r *xmlReader) quantities(n *xmlNode) []QuantityElement {
	out := []QuantityElement{}
	for _, qe := range n.children {
		var q QuantityElement
		for _, c := range qe.children {
			switch c.name.Local {
			case "epcClass":
				q.EPCClass = c.trimmed()
			case "quantity":
				// xsi:nil="true" or an empty element leaves the quantity unknown.
				if c.trimmed() != "" {
					q.Quantity = r.decimal(n.name.Local+".quantity", c.text)
				}
			case "uom":
				q.UOM = c.trimmed()
			default:
				r.fail(n.name.Local, ReasonUnknown, "unexpected element %s in quantityElement",
					c.name.Local)
			}
		}
		if q.EPCClass == "" {
			r.fail(n.name.Local, ReasonMissing, "quantityElement without epcClass")
		}
		out = append(out, q)
	}
	return out
}
