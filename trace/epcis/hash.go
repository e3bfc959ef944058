package epcis

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// HashVersion is the version of the event hash algorithm that [HashID] writes: the CBV
// release that defines it.
const HashVersion = "CBV2.0"

// HashID returns the CBV 2.0 event hash ID of ev (CBV 2.0 section 8.9):
// "ni:///sha-256;" followed by the lower-case hex SHA-256 of [PreHash] and "?ver=CBV2.0", the
// RFC 6920 named-information form. Serialisations of the same event in XML and JSON-LD give
// the same ID; eventID, recordTime and errorDeclaration do not enter it.
func HashID(ev *Event) string { return HashOptions{}.HashID(ev) }

// HashOptions adjusts the event hash. The zero value is the CBV 2.0 algorithm unchanged.
type HashOptions struct {
	// Ignore lists user extension fields to leave out, at any depth, as the document-level
	// ignoreFields extension of [Document.HashIgnore] names them.
	Ignore []Name
}

// rdfsComment is the rdfs:comment field, which EPCIS 2.0 allows on any event and the hash
// leaves out.
var rdfsComment = Name{Space: "http://www.w3.org/2000/01/rdf-schema#", Local: "comment"}

// HashID returns the event hash ID of ev, as [HashID] does, leaving out o.Ignore.
func (o HashOptions) HashID(ev *Event) string {
	sum := sha256.Sum256([]byte(o.PreHash(ev)))
	return "ni:///sha-256;" + hex.EncodeToString(sum[:]) + "?ver=" + HashVersion
}

// PreHash returns the canonical pre-hash string of ev (CBV 2.0 section 8.9). Fields come in
// the canonical property order, each value after "key=", without separators. Times are UTC
// with milliseconds, numbers lose trailing zeros, vocabulary values are Web URIs, EPC URNs
// and Digital Links are constrained canonical Digital Links, and list elements and user
// extensions (as "{namespace}name=value") are sorted by byte value.
func PreHash(ev *Event) string { return HashOptions{}.PreHash(ev) }

// PreHash returns the pre-hash string of ev, as [PreHash] does, leaving out o.Ignore.
func (o HashOptions) PreHash(ev *Event) string {
	h := hasher{ignore: o.Ignore}
	var b strings.Builder
	b.Grow(1024)
	b.WriteString("eventType=" + string(ev.Type))
	kv(&b, "eventTime", hashTime(ev.EventTime))
	kv(&b, "eventTimeZoneOffset", ev.EventTimeZoneOffset)
	for _, c := range sortedStrings(ev.CertificationInfo, "certificationInfo=", hashID) {
		b.WriteString(c)
	}
	idList(&b, "epcList", ev.EPCList)
	kv(&b, "parentID", hashID(ev.ParentID))
	idList(&b, "inputEPCList", ev.InputEPCList)
	idList(&b, "childEPCs", ev.ChildEPCs)
	quantityList(&b, "quantityList", ev.QuantityList)
	quantityList(&b, "childQuantityList", ev.ChildQuantityList)
	quantityList(&b, "inputQuantityList", ev.InputQuantityList)
	idList(&b, "outputEPCList", ev.OutputEPCList)
	quantityList(&b, "outputQuantityList", ev.OutputQuantityList)
	kv(&b, "action", string(ev.Action))
	kv(&b, "transformationID", hashID(ev.TransformationID))
	kv(&b, "bizStep", ev.BizStep.URI())
	kv(&b, "disposition", ev.Disposition.URI())
	if pd := ev.PersistentDisposition; pd != nil && len(pd.Set)+len(pd.Unset) > 0 {
		var parts []string
		for _, d := range pd.Set {
			parts = append(parts, "set="+d.URI())
		}
		for _, d := range pd.Unset {
			parts = append(parts, "unset="+d.URI())
		}
		list(&b, "persistentDisposition", parts)
	}

	h.location(&b, "readPoint", ev.ReadPoint)
	h.location(&b, "bizLocation", ev.BizLocation)
	var transactions []string
	for _, t := range ev.BizTransactionList {
		transactions = append(transactions, typed(t.Type.URI(), "bizTransaction", t.Value))
	}
	// The reference hashes put a TransactionEvent's bizTransactionList after its sensor
	// data, and destinationList before sourceList.
	if ev.Type != TransactionEvent {
		list(&b, "bizTransactionList", transactions)
	}
	var parts []string
	for _, d := range ev.DestinationList {
		parts = append(parts, typed(d.Type.URI(), "destination", d.Value))
	}
	list(&b, "destinationList", parts)
	parts = parts[:0]
	for _, s := range ev.SourceList {
		parts = append(parts, typed(s.Type.URI(), "source", s.Value))
	}
	list(&b, "sourceList", parts)
	h.sensorElementList(&b, ev.SensorElementList)
	if ev.Type == TransactionEvent {
		list(&b, "bizTransactionList", transactions)
	}
	if ev.ILMD != nil {
		list(&b, "ilmd", h.extensionStrings(ev.ILMD))
	}
	extensions := append(h.extensionStrings(ev.Extensions), h.leftovers...)
	slices.Sort(extensions)
	for _, s := range extensions {
		b.WriteString(s)
	}
	return b.String()
}

func kv(b *strings.Builder, key, value string) {
	if value = strings.TrimSpace(value); value != "" {
		b.WriteString(key)
		b.WriteByte('=')
		b.WriteString(value)
	}
}

// list writes name and the sorted parts, or nothing when there are no parts.
func list(b *strings.Builder, name string, parts []string) {
	if len(parts) == 0 {
		return
	}
	slices.Sort(parts)
	b.WriteString(name)
	for _, p := range parts {
		b.WriteString(p)
	}
}

func idList(b *strings.Builder, name string, ids []string) {
	list(b, name, sortedStrings(ids, "epc=", hashID))
}

func sortedStrings(values []string, prefix string, norm func(string) string) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if v = norm(v); v != "" {
			out = append(out, prefix+v)
		}
	}
	slices.Sort(out)
	return out
}

func quantityList(b *strings.Builder, name string, qs []QuantityElement) {
	var parts []string
	for _, q := range qs {
		var s strings.Builder
		s.WriteString("quantityElement")
		kv(&s, "epcClass", hashID(q.EPCClass))
		kv(&s, "quantity", hashDecimal(q.Quantity))
		kv(&s, "uom", q.UOM)
		parts = append(parts, s.String())
	}
	list(b, name, parts)
}

// typed writes a list element with a type attribute: the type comes first, as in the
// reference hashes.
func typed(typeURI, key, value string) string {
	s := ""
	if typeURI != "" {
		s = "type=" + typeURI
	}
	return s + key + "=" + hashID(value)
}

// hasher holds what one pre-hash computation carries along: the fields to ignore and the
// fields without namespace found inside standard structures.
type hasher struct {
	ignore    []Name
	leftovers []string
}

func (h *hasher) location(b *strings.Builder, name string, loc *Location) {
	if loc == nil {
		return
	}
	b.WriteString(name)
	kv(b, "id", hashID(loc.ID))
	writeSorted(b, h.extensionStrings(loc.Extensions, name))
}

func writeSorted(b *strings.Builder, parts []string) {
	slices.Sort(parts)
	for _, p := range parts {
		b.WriteString(p)
	}
}

func (h *hasher) sensorElementList(b *strings.Builder, els []SensorElement) {
	var parts []string
	for _, el := range els {
		var s strings.Builder
		s.Grow(512)
		s.WriteString("sensorElement")
		path := []string{"sensorElementList", "sensorElement"}
		if m := el.Metadata; m != nil {
			s.WriteString("sensorMetadata")
			kv(&s, "time", hashTime(m.Time))
			kv(&s, "startTime", hashTime(m.StartTime))
			kv(&s, "endTime", hashTime(m.EndTime))
			kv(&s, "deviceID", hashID(m.DeviceID))
			kv(&s, "deviceMetadata", hashID(m.DeviceMetadata))
			kv(&s, "rawData", hashID(m.RawData))
			kv(&s, "dataProcessingMethod", hashID(m.DataProcessingMethod))
			kv(&s, "bizRules", hashID(m.BizRules))
			writeSorted(&s, h.extensionStrings(m.Extensions, append(path, "sensorMetadata")...))
		}
		var reports []string
		for i := range el.Reports {
			reports = append(reports, h.sensorReport(&el.Reports[i], append(path, "sensorReport")))
		}
		writeSorted(&s, reports)
		writeSorted(&s, h.extensionStrings(el.Extensions, path...))
		parts = append(parts, s.String())
	}
	list(b, "sensorElementList", parts)
}

func (h *hasher) sensorReport(r *SensorReport, path []string) string {
	var s strings.Builder
	s.Grow(256)
	s.WriteString("sensorReport")
	kv(&s, "type", r.Type)
	kv(&s, "exception", r.Exception)

	// Device and provenance.
	kv(&s, "deviceID", hashID(r.DeviceID))
	kv(&s, "deviceMetadata", hashID(r.DeviceMetadata))
	kv(&s, "rawData", hashID(r.RawData))
	kv(&s, "dataProcessingMethod", hashID(r.DataProcessingMethod))
	kv(&s, "time", hashTime(r.Time))

	// The reading.
	kv(&s, "microorganism", r.Microorganism)
	kv(&s, "chemicalSubstance", r.ChemicalSubstance)
	kv(&s, "value", hashDecimal(r.Value))
	kv(&s, "component", r.Component)
	kv(&s, "stringValue", hashNumber(strings.TrimSpace(r.StringValue)))
	if r.BooleanValue != nil {
		kv(&s, "booleanValue", strconv.FormatBool(*r.BooleanValue))
	}
	kv(&s, "hexBinaryValue", r.HexBinaryValue)
	kv(&s, "uriValue", r.URIValue)
	kv(&s, "minValue", hashDecimal(r.MinValue))
	kv(&s, "maxValue", hashDecimal(r.MaxValue))
	kv(&s, "meanValue", hashDecimal(r.MeanValue))
	kv(&s, "sDev", hashDecimal(r.SDev))
	kv(&s, "percRank", hashDecimal(r.PercRank))
	kv(&s, "percValue", hashDecimal(r.PercValue))
	kv(&s, "uom", r.UOM)
	kv(&s, "coordinateReferenceSystem", r.CoordinateReferenceSystem)

	writeSorted(&s, h.extensionStrings(r.Extensions, path...))
	return s.String()
}

// extensionStrings returns one string per extension field, "{namespace}name=value" or, for
// an object, the name followed by its sorted members. An array gives one string per item.
// A field without namespace inside a standard structure is not a user extension: the
// reference hashes put it at the end of the event after the names of its enclosing
// structures, so it goes to h.leftovers with path.
func (h *hasher) extensionStrings(exts []Extension, path ...string) []string {
	var out []string
	for _, e := range exts {
		if e.Name == rdfsComment || slices.Contains(h.ignore, e.Name) {
			continue
		}
		strs := h.valueStrings(e.Name.String(), e.Value)
		if e.Name.Space == "" && len(path) > 0 {
			for _, s := range strs {
				h.leftovers = append(h.leftovers, strings.Join(path, "")+s)
			}
			continue
		}
		out = append(out, strs...)
	}
	return out
}

func (h *hasher) valueStrings(name string, v Value) []string {
	switch v.Kind {
	case KindArray:
		var out []string
		for _, item := range v.Items {
			out = append(out, h.valueStrings(name, item)...)
		}
		return out
	case KindObject:
		var members []string
		for _, f := range v.Fields {
			if !slices.Contains(h.ignore, f.Name) {
				members = append(members, h.valueStrings(f.Name.String(), f.Value)...)
			}
		}
		slices.Sort(members)
		s := name
		if t := strings.TrimSpace(v.Text); t != "" {
			s += "=" + hashID(t)
		}
		return []string{s + strings.Join(members, "")}
	case KindNull:
		return []string{name}
	}
	t := strings.TrimSpace(v.Text)
	if t == "" {
		return []string{name}
	}
	return []string{name + "=" + hashNumber(hashID(t))}
}

// hashID returns the constrained canonical Digital Link of an identifier that has one, and
// the trimmed value otherwise.
func hashID(s string) string {
	s = strings.TrimSpace(s)
	if dl, ok := canonicalID(s); ok {
		return dl
	}
	return s
}

// hashTime writes t in UTC rounded to the millisecond, with three decimals and Z; zero
// time is absent.
func hashTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Round(time.Millisecond).Format("2006-01-02T15:04:05.000Z")
}

// hashDecimal writes d as [hashNumber] does; nil is absent.
func hashDecimal(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	f, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return d.String()
	}
	return formatHashNumber(f)
}

// hashNumber rewrites a value that is a decimal number as a binary64 number printed with
// six decimals, less trailing zeros, and returns other values unchanged. NOTE: this is how
// the reference hashes treat every numeric value, including string values made of digits
// ("111100001111000011110000" becomes "111100001111000003641344"), so two numbers that
// differ only past the sixth decimal hash alike.
func hashNumber(s string) string {
	if !isDecimalLiteral(s) {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return formatHashNumber(f)
}

// isDecimalLiteral reports whether s is a number literal: an optional sign, digits with at
// most one decimal point, and an optional exponent.
func isDecimalLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return digits > 0 && (c == 'e' || c == 'E') && isExponent(s[i+1:])
		}
	}
	return digits > 0
}

func isExponent(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return allDigits(s)
}

func formatHashNumber(f float64) string {
	s := strconv.FormatFloat(f, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
