package epcis

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// EPCIS 2.0 XML schema namespaces.
const (
	xmlNamespace      = "urn:epcglobal:epcis:xsd:2"
	xmlQueryNamespace = "urn:epcglobal:epcis-query:xsd:2"
)

// EncodeXML encodes d in the EPCIS 2.0 XML binding (EPCIS 2.0), indented by
// two spaces, with elements in the order of the EPCIS 2.0 XML schema. Standard vocabulary
// values are written as URNs (urn:epcglobal:cbv:...), because EPCIS 1.x and 2.0 readers
// both accept them. Sensor report types and components are written as "gs1:" and "cbv:"
// CURIEs. Extension fields
// become elements in their namespace, an array becomes repeated elements, and the extension
// fields of sensorMetadata and sensorReport with a plain value become attributes.
//
// Sender, Receiver, InstanceIdentifier and ID, which the JSON-LD binding carries at
// document level, do not appear in XML.
func EncodeXML(d *Document) ([]byte, error) {
	w := newXMLWriter(d)

	w.buf.WriteString(xml.Header)
	root, space := "epcis:EPCISDocument", xmlNamespace
	if d.Query != nil {
		root, space = "epcisq:EPCISQueryDocument", xmlQueryNamespace
	}
	w.indent()
	w.buf.WriteString("<" + root + " xmlns:" + strings.SplitN(root, ":", 2)[0] + `="` +
		space + `"`)
	for _, ns := range w.declared {
		w.buf.WriteString(" xmlns:" + ns.Prefix + `="`)
		escapeXML(&w.buf, ns.IRI)
		w.buf.WriteByte('"')
	}
	w.attr("schemaVersion", orDefault(d.SchemaVersion, "2.0"))
	if !d.CreationDate.IsZero() {
		w.attr("creationDate", formatTime(d.CreationDate))
	}
	w.buf.WriteByte('>')
	w.depth++

	if d.Header != nil {
		w.extension("EPCISHeader", *d.Header)
	}
	w.extensions(d.Extensions)
	w.open("EPCISBody")
	if d.Query != nil {
		w.open("epcisq:QueryResults")
		w.text("queryName", d.Query.QueryName)
		w.text("subscriptionID", d.Query.SubscriptionID)
		w.extensions(d.Query.Extensions)
		w.open("resultsBody")
	}

	w.open("EventList")
	for i := range d.Events {
		w.event(&d.Events[i])
	}
	w.close("EventList")
	if d.Query != nil {
		w.close("resultsBody")
		w.close("epcisq:QueryResults")
	}
	w.close("EPCISBody")
	w.close(root)
	w.buf.WriteByte('\n')
	return w.buf.Bytes(), nil
}

// xmlWriter writes indented XML. prefixes maps each extension namespace to its prefix.
type xmlWriter struct {
	buf      bytes.Buffer
	depth    int
	prefixes map[string]string
	declared []Namespace
}

func newXMLWriter(d *Document) *xmlWriter {
	j := newJSONWriter(d.Namespaces)
	usedPrefixes := map[string]bool{}
	for _, p := range j.prefixes {
		usedPrefixes[p] = true
	}

	// XML declares every prefix on the root, so an event's prefix is reused only when no
	// other namespace has it.
	for i := range d.Events {
		for _, ns := range d.Events[i].Namespaces {
			if _, ok := j.prefixes[ns.IRI]; !ok && !isReserved(ns.Prefix) && !usedPrefixes[ns.Prefix] {
				usedPrefixes[ns.Prefix] = true
				j.prefixes[ns.IRI] = ns.Prefix
				j.declared = append(j.declared, ns)
			}
		}
	}
	for i := range d.Events {
		for _, ns := range d.Events[i].Namespaces {
			j.bind(ns.IRI)
		}
	}
	j.collectDocument(d)

	w := &xmlWriter{prefixes: j.prefixes}
	for _, ns := range j.declared {
		if !isReserved(ns.Prefix) {
			w.declared = append(w.declared, ns)
		}
	}
	for _, ns := range standardNamespaces {
		if w.prefixes[ns.IRI] == ns.Prefix {
			w.declared = append(w.declared, ns)
		}
	}
	return w
}

// isReserved reports whether an XML prefix is taken by the document's own namespaces.
func isReserved(prefix string) bool {
	return prefix == "epcis" || prefix == "epcisq" || strings.HasPrefix(strings.ToLower(prefix), "xml")
}

func (w *xmlWriter) indent() {
	if w.buf.Len() > 0 {
		w.buf.WriteByte('\n')
	}
	for range w.depth {
		w.buf.WriteString("  ")
	}
}

func (w *xmlWriter) open(name string) {
	w.indent()
	w.buf.WriteString("<" + name + ">")
	w.depth++
}

func (w *xmlWriter) close(name string) {
	w.depth--
	w.indent()
	w.buf.WriteString("</" + name + ">")
}

func (w *xmlWriter) attr(name, value string) {
	if value == "" {
		return
	}
	w.buf.WriteString(" " + name + `="`)
	escapeXML(&w.buf, value)
	w.buf.WriteByte('"')
}

func (w *xmlWriter) text(name, value string) {
	if value == "" {
		return
	}
	w.indent()
	w.buf.WriteString("<" + name + ">")
	escapeXML(&w.buf, value)
	w.buf.WriteString("</" + name + ">")
}

func (w *xmlWriter) time(name string, t time.Time) {
	if !t.IsZero() {
		w.text(name, formatTime(t))
	}
}

func (w *xmlWriter) list(name, item string, values []string) {
	if values == nil {
		return
	}
	if len(values) == 0 {
		w.indent()
		w.buf.WriteString("<" + name + "/>")
		return
	}
	w.open(name)
	for _, v := range values {
		w.text(item, v)
	}
	w.close(name)
}

func escapeXML(buf *bytes.Buffer, s string) {
	_ = xml.EscapeText(buf, []byte(s))
}

func (w *xmlWriter) qname(n Name) string {
	if n.Space == "" {
		return n.Local
	}
	return w.prefixes[n.Space] + ":" + n.Local
}

// extensions writes extension fields as elements.
func (w *xmlWriter) extensions(exts []Extension) {
	for _, e := range exts {
		w.extension(w.qname(e.Name), e.Value)
	}
}

func (w *xmlWriter) extension(name string, v Value) {
	switch v.Kind {
	case KindArray:
		for _, item := range v.Items {
			w.extension(name, item)
		}
	case KindObject:
		w.indent()
		w.buf.WriteString("<" + name + ">")
		escapeXML(&w.buf, v.Text)
		if len(v.Fields) == 0 {
			w.buf.WriteString("</" + name + ">")
			return
		}
		w.depth++
		for _, f := range v.Fields {
			w.extension(w.qname(f.Name), f.Value)
		}
		w.close(name)
	case KindNull:
		w.indent()
		w.buf.WriteString("<" + name + "/>")
	default:
		w.indent()
		w.buf.WriteString("<" + name + ">")
		escapeXML(&w.buf, v.Text)
		w.buf.WriteString("</" + name + ">")
	}
}

func (w *xmlWriter) quantities(name string, qs []QuantityElement) {
	if qs == nil {
		return
	}
	if len(qs) == 0 {
		w.indent()
		w.buf.WriteString("<" + name + "/>")
		return
	}
	w.open(name)
	for _, q := range qs {
		w.open("quantityElement")
		w.text("epcClass", q.EPCClass)
		w.decimal("quantity", q.Quantity)
		w.text("uom", q.UOM)
		w.close("quantityElement")
	}
	w.close(name)
}

func (w *xmlWriter) decimal(name string, d *decimal.Decimal) {
	if d != nil {
		w.text(name, d.String())
	}
}
