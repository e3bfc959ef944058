package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// EPCISContext is the URL of the EPCIS 2.0 JSON-LD context that encoded documents name.
const EPCISContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// EncodeJSON encodes d in the EPCIS 2.0 JSON-LD binding, indented by two spaces, as
// [AppendJSON] writes it.
func EncodeJSON(d *Document) ([]byte, error) {
	compact, err := AppendJSON(nil, d)
	if err != nil {
		return nil, err
	}
	return indent(compact)
}

// AppendJSON appends d in the EPCIS 2.0 JSON-LD binding, without white space, to buf. The
// @context names [EPCISContext] and binds a prefix for every extension namespace: the
// document's own prefixes first, then the standard ones, then generated ones (ns1, ns2 and
// so on). Standard vocabulary values are written as bare names, sensor report types and
// other GS1 and CBV terms as "gs1:" and "cbv:" CURIEs, and times with the offset they were
// read with.
func AppendJSON(buf []byte, d *Document) ([]byte, error) {
	w := newJSONWriter(d.Namespaces)
	w.buf = buf
	w.collectDocument(d)

	w.open('{')
	w.key("@context")
	w.context(EPCISContext, w.declared)
	typ := "EPCISDocument"
	if d.Query != nil {
		typ = "EPCISQueryDocument"
	}
	w.field("type", typ)
	w.field("schemaVersion", orDefault(d.SchemaVersion, "2.0"))
	if !d.CreationDate.IsZero() {
		w.field("creationDate", formatTime(d.CreationDate))
	}
	w.field("id", d.ID)
	w.field("sender", d.Sender)
	w.field("receiver", d.Receiver)
	w.field("instanceIdentifier", d.InstanceIdentifier)
	if d.Header != nil {
		w.key("epcisHeader")
		w.value(*d.Header, nil)
	}
	w.extensions(d.Extensions)
	w.key("epcisBody")
	w.open('{')
	if d.Query != nil {
		w.key("queryResults")
		w.open('{')
		w.field("queryName", d.Query.QueryName)
		w.field("subscriptionID", d.Query.SubscriptionID)
		w.extensions(d.Query.Extensions)
		w.key("resultsBody")
		w.open('{')
	}
	w.key("eventList")
	w.open('[')
	for i := range d.Events {
		w.event(&d.Events[i], false)
	}
	w.close(']')
	if d.Query != nil {
		w.close('}')
		w.close('}')
	}
	w.close('}')
	w.close('}')
	return w.buf, w.err
}

// EncodeJSONEvent encodes one bare event in the JSON-LD binding, with its own @context,
// indented by two spaces.
func EncodeJSONEvent(ev *Event) ([]byte, error) {
	w := newJSONWriter(ev.Namespaces)
	w.collectEvent(ev)
	w.event(ev, true)
	if w.err != nil {
		return nil, w.err
	}
	return indent(w.buf)
}

// jsonWriter appends JSON text to buf. first tracks, per open object or array, whether the
// next member is its first; afterKey is set between a key and its value.
type jsonWriter struct {
	buf      []byte
	first    []bool
	afterKey bool
	prefixes map[string]string // namespace IRI -> prefix
	declared []Namespace       // the document @context
	err      error
}

func newJSONWriter(own []Namespace) *jsonWriter {
	w := &jsonWriter{prefixes: map[string]string{}}
	for _, ns := range own {
		if _, ok := w.prefixes[ns.IRI]; !ok && ns.Prefix != "" {
			w.prefixes[ns.IRI] = ns.Prefix
			w.declared = append(w.declared, ns)
		}
	}
	usedPrefixes := map[string]bool{}
	for _, ns := range w.declared {
		usedPrefixes[ns.Prefix] = true
	}
	for _, ns := range standardNamespaces {
		// A document may bind a standard prefix to another namespace, as some bind cbvmda
		// to urn:epcglobal:cbv:mda without the final colon.
		if _, ok := w.prefixes[ns.IRI]; !ok && !usedPrefixes[ns.Prefix] {
			w.prefixes[ns.IRI] = ns.Prefix
		}
	}
	return w
}

// bind gives a prefix to a namespace that has none yet.
func (w *jsonWriter) bind(iri string) {
	if _, ok := w.prefixes[iri]; ok || iri == "" {
		return
	}
	used := map[string]bool{}
	for _, p := range w.prefixes {
		used[p] = true
	}
	for i := 1; ; i++ {
		p := "ns" + strconv.Itoa(i)
		if !used[p] {
			w.prefixes[iri] = p
			w.declared = append(w.declared, Namespace{Prefix: p, IRI: iri})
			return
		}
	}
}

func (w *jsonWriter) collectDocument(d *Document) {
	if d.Header != nil {
		walkValue(*d.Header, w.collect)
	}
	w.collect(d.Extensions)
	if d.Query != nil {
		w.collect(d.Query.Extensions)
	}
	for i := range d.Events {
		w.collectEvent(&d.Events[i])
	}
}

func (w *jsonWriter) collectEvent(ev *Event) {
	own := map[string]bool{}
	for _, ns := range ev.Namespaces {
		own[ns.IRI] = true
	}
	var walk func(exts []Extension)
	walk = func(exts []Extension) {
		for _, e := range exts {
			if !own[e.Name.Space] {
				w.bind(e.Name.Space)
			}
			walkValue(e.Value, walk)
		}
	}
	walk(ev.Extensions)
	walk(ev.ILMD)
	if ev.ReadPoint != nil {
		walk(ev.ReadPoint.Extensions)
	}
	if ev.BizLocation != nil {
		walk(ev.BizLocation.Extensions)
	}
	if ev.ErrorDeclaration != nil {
		walk(ev.ErrorDeclaration.Extensions)
	}
	for _, el := range ev.SensorElementList {
		walk(el.Extensions)
		if el.Metadata != nil {
			walk(el.Metadata.Extensions)
		}
		for _, r := range el.Reports {
			walk(r.Extensions)
		}
	}
}

func (w *jsonWriter) collect(exts []Extension) {
	for _, e := range exts {
		w.bind(e.Name.Space)
		walkValue(e.Value, w.collect)
	}
}

func walkValue(v Value, fn func([]Extension)) {
	fn(v.Fields)
	for _, item := range v.Items {
		walkValue(item, fn)
	}
}

func (w *jsonWriter) sep() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if n := len(w.first); n > 0 {
		if !w.first[n-1] {
			w.buf = append(w.buf, ',')
		}
		w.first[n-1] = false
	}
}

func (w *jsonWriter) open(c byte) {
	w.sep()
	w.buf = append(w.buf, c)
	w.first = append(w.first, true)
}

func (w *jsonWriter) close(c byte) {
	w.buf = append(w.buf, c)
	w.first = w.first[:len(w.first)-1]
}

func (w *jsonWriter) key(k string) {
	w.sep()
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.afterKey = true
}

func (w *jsonWriter) str(s string) {
	w.sep()
	w.buf = appendJSONString(w.buf, s)
}

func (w *jsonWriter) field(k, v string) {
	if v == "" {
		return
	}
	w.key(k)
	w.str(v)
}

func (w *jsonWriter) raw(s string) {
	w.sep()
	w.buf = append(w.buf, s...)
}

func indent(compact []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(compact) * 2)
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return nil, fmt.Errorf("epcis: encode JSON: %w", err)
	}
	return out.Bytes(), nil
}

func (w *jsonWriter) context(url string, ns []Namespace) {
	w.open('[')
	if url != "" {
		w.str(url)
	}
	if len(ns) > 0 {
		w.open('{')
		for _, n := range ns {
			w.field(n.Prefix, n.IRI)
		}
		w.close('}')
	}
	w.close(']')
}

func (w *jsonWriter) keyName(n Name, prefixes map[string]string) string {
	if n.Space == "" {
		return n.Local
	}
	if p, ok := prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	if p, ok := w.prefixes[n.Space]; ok {
		return p + ":" + n.Local
	}
	return n.Space + n.Local
}

func (w *jsonWriter) extensionsIn(exts []Extension, prefixes map[string]string) {
	for _, e := range exts {
		w.key(w.keyName(e.Name, prefixes))
		w.value(e.Value, prefixes)
	}
}

func (w *jsonWriter) extensions(exts []Extension) { w.extensionsIn(exts, nil) }

func (w *jsonWriter) value(v Value, prefixes map[string]string) {
	switch v.Kind {
	case KindString:
		w.str(v.Text)
	case KindNumber:
		if !json.Valid([]byte(v.Text)) {
			w.err = fmt.Errorf("epcis: encode JSON: invalid number literal %q", v.Text)
			w.str(v.Text)
			return
		}
		w.raw(v.Text)
	case KindBool:
		w.raw(strconv.FormatBool(v.Text == "true"))
	case KindNull:
		w.raw("null")
	case KindArray:
		w.open('[')
		for _, item := range v.Items {
			w.value(item, prefixes)
		}
		w.close(']')
	case KindObject:
		w.open('{')
		// Text beside attributes of an XML element becomes the JSON-LD @value.
		w.field("@value", v.Text)
		w.extensionsIn(v.Fields, prefixes)
		w.close('}')
	}
}

func (w *jsonWriter) decimal(k string, d *decimal.Decimal) {
	if d == nil {
		return
	}
	w.key(k)
	w.raw(d.String())
}

func (w *jsonWriter) list(k string, items []string) {
	if items == nil {
		return
	}
	w.key(k)
	w.open('[')
	for _, s := range items {
		w.str(s)
	}
	w.close(']')
}

func (w *jsonWriter) time(k string, t time.Time) {
	if !t.IsZero() {
		w.field(k, formatTime(t))
	}
}

// formatTime writes t as xsd:dateTime in the offset it carries, Z for UTC.
func formatTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// compactTerm writes a GS1 or CBV vocabulary IRI as a "gs1:" or "cbv:" CURIE.
func compactTerm(iri string) string {
	if rest, ok := strings.CutPrefix(iri, gs1VocBase); ok {
		return "gs1:" + rest
	}
	if rest, ok := strings.CutPrefix(iri, cbvWebBase); ok {
		return "cbv:" + rest
	}
	return iri
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// appendJSONString appends s as a JSON string literal (RFC 8259). Invalid UTF-8
// becomes U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			case c < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, "\ufffd"...)
		} else {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
