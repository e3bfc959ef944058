package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// DecodeJSON decodes an EPCISDocument or EPCISQueryDocument in the EPCIS 2.0 JSON-LD
// binding (EPCIS 2.0). It rejects what the JSON schema rejects: missing required
// fields, unknown fields without a namespace, undeclared prefixes, malformed times and
// numbers and invalid vocabulary values, with an [*Error] that locates the field. It does not
// check the rules between fields that [Validate] checks.
func DecodeJSON(data []byte) (*Document, error) {
	root, err := parseJSONObject(data)
	if err != nil {
		return nil, err
	}
	return decodeJSONDocument(root)
}

// DecodeJSONEvent decodes one bare event in the JSON-LD binding, as the EPCIS 2.0 REST
// binding captures it on its own. A missing @context is allowed; prefixes then resolve only
// to the standard ones.
func DecodeJSONEvent(data []byte) (*Event, error) {
	root, err := parseJSONObject(data)
	if err != nil {
		return nil, err
	}
	sc, err := decodeContext(root["@context"], nil, "@context")
	if err != nil {
		return nil, err
	}
	ev, err := decodeJSONEvent(root, sc, "")
	if err != nil {
		return nil, err
	}
	return &ev, nil
}

func parseJSONObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, newError("", ReasonSyntax, "invalid JSON: %v", err)
	}
	if dec.More() {
		return nil, newError("", ReasonSyntax, "invalid JSON: data after the top-level value")
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, newError("", ReasonSyntax, "want a JSON object at top level, got %s",
			jsonKind(root))
	}
	return obj, nil
}

func decodeJSONDocument(root map[string]any) (*Document, error) {
	if _, ok := root["@context"]; !ok {
		return nil, newError("@context", ReasonMissing,
			"missing @context: an EPCIS JSON-LD document must name the EPCIS context")
	}
	sc, err := decodeContext(root["@context"], nil, "@context")
	if err != nil {
		return nil, err
	}
	doc := &Document{Namespaces: sc.prefixes}
	d := fieldReader{obj: root, scope: sc}
	typ := d.str("type", true)
	switch typ {
	case "EPCISDocument":
	case "EPCISQueryDocument":
		doc.Query = &QueryResults{}
	case "":
	default:
		d.fail("type", ReasonInvalid, "invalid document type %q: want EPCISDocument or "+
			"EPCISQueryDocument", typ)
	}
	doc.ID = d.str("id", false)
	doc.SchemaVersion = d.str("schemaVersion", true)
	doc.CreationDate = d.time("creationDate", true)
	doc.Sender = d.str("sender", false)
	doc.Receiver = d.str("receiver", false)
	doc.InstanceIdentifier = d.str("instanceIdentifier", false)
	if d.err != nil {
		return nil, d.err
	}

	body, ok := root["epcisBody"].(map[string]any)
	if !ok {
		return nil, newError("epcisBody", ReasonMissing, "missing epcisBody object")
	}
	events, path, err := bodyEvents(body, doc)
	if err != nil {
		return nil, err
	}
	for i, raw := range events {
		evPath := fmt.Sprintf("%s[%d]", path, i)
		obj, ok := raw.(map[string]any)
		if !ok {
			return nil, newError(evPath, ReasonSyntax, "want an event object, got %s",
				jsonKind(raw))
		}
		ev, err := decodeJSONEvent(obj, sc, evPath)
		if err != nil {
			return nil, err
		}
		doc.Events = append(doc.Events, ev)
	}

	if raw, ok := root["epcisHeader"]; ok {
		header, err := decodeValue(raw, sc, "epcisHeader")
		if err != nil {
			return nil, err
		}
		doc.Header = &header
	}
	known := []string{"@context", "type", "id", "schemaVersion", "creationDate", "sender",
		"receiver", "instanceIdentifier", "epcisBody", "epcisHeader"}
	doc.Extensions, err = decodeExtensions(root, known, sc, "")
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// bodyEvents returns the event array of an epcisBody and its path.
func bodyEvents(body map[string]any, doc *Document) ([]any, string, error) {
	if doc.Query == nil {
		raw, ok := body["eventList"]
		if !ok {
			return nil, "", newError("epcisBody.eventList", ReasonMissing, "missing eventList")
		}
		list, ok := raw.([]any)
		if !ok {
			return nil, "", newError("epcisBody.eventList", ReasonInvalid,
				"want an array of events, got %s", jsonKind(raw))
		}
		return list, "epcisBody.eventList", nil
	}

	results, ok := body["queryResults"].(map[string]any)
	if !ok {
		return nil, "", newError("epcisBody.queryResults", ReasonMissing,
			"missing queryResults object in an EPCISQueryDocument")
	}
	q := fieldReader{obj: results, scope: &scope{prefixes: doc.Namespaces},
		path: "epcisBody.queryResults"}
	doc.Query.QueryName = q.str("queryName", true)
	doc.Query.SubscriptionID = q.str("subscriptionID", false)
	doc.Query.Extensions = q.extensions([]string{"queryName", "subscriptionID", "resultsBody"})
	if q.err != nil {
		return nil, "", q.err
	}
	rb, ok := results["resultsBody"].(map[string]any)
	if !ok {
		return nil, "", newError("epcisBody.queryResults.resultsBody", ReasonMissing,
			"missing resultsBody object")
	}
	const path = "epcisBody.queryResults.resultsBody.eventList"
	raw, ok := rb["eventList"]
	if !ok {
		return nil, path, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, "", newError(path, ReasonInvalid, "want an array of events, got %s",
			jsonKind(raw))
	}
	return list, path, nil
}

// decodeContext reads a JSON-LD @context: a URL string, an object of prefix definitions or
// an array of both. URLs are taken as the standard EPCIS context.
func decodeContext(raw any, parent *scope, path string) (*scope, error) {
	sc := &scope{parent: parent}
	var add func(v any) error
	add = func(v any) error {
		switch v := v.(type) {
		case nil, string:
			return nil
		case []any:
			for _, item := range v {
				if err := add(item); err != nil {
					return err
				}
			}
			return nil
		case map[string]any:
			for _, prefix := range sortedKeys(v) {
				iri, ok := v[prefix].(string)
				if !ok {
					// An expanded term definition ({"@id": ...}) also binds a prefix.
					def, isObj := v[prefix].(map[string]any)
					if iri, ok = def["@id"].(string); !isObj || !ok {
						return newError(path, ReasonInvalid,
							"@context entry %q: want a namespace IRI string", prefix)
					}
				}
				if strings.HasPrefix(prefix, "@") {
					continue
				}
				if !isAbsoluteURI(iri) {
					return newError(path, ReasonInvalid,
						"@context entry %q: want an absolute namespace IRI, got %q", prefix, iri)
				}
				sc.prefixes = append(sc.prefixes, Namespace{Prefix: prefix, IRI: iri})
			}
			return nil
		}
		return newError(path, ReasonInvalid, "want a context URL, object or array, got %s",
			jsonKind(v))
	}
	if err := add(raw); err != nil {
		return nil, err
	}
	return sc, nil
}

// eventFields are the event keys EPCIS 2.0 defines; any other key is a user extension and
// needs a namespace.
var eventFields = []string{"@context", "type", "eventTime", "eventTimeZoneOffset",
	"recordTime", "eventID", "errorDeclaration", "certificationInfo", "epcList", "parentID",
	"childEPCs", "inputEPCList", "outputEPCList", "quantityList", "childQuantityList",
	"inputQuantityList", "outputQuantityList", "action", "transformationID", "bizStep",
	"disposition", "persistentDisposition", "bizTransactionList", "sourceList",
	"destinationList", "readPoint", "bizLocation", "sensorElementList", "ilmd"}

func decodeJSONEvent(obj map[string]any, outer *scope, path string) (Event, error) {
	var ev Event
	sc := outer
	if raw, ok := obj["@context"]; ok {
		var err error
		if sc, err = decodeContext(raw, outer, join(path, "@context")); err != nil {
			return ev, err
		}
		ev.Namespaces = sc.prefixes
	}

	d := fieldReader{obj: obj, scope: sc, path: path}
	ev.Type = EventType(d.str("type", true))
	if d.err == nil && !ev.Type.Valid() {
		d.fail("type", ReasonInvalid, "invalid event type %q: want one of %v", ev.Type,
			EventTypes)
	}
	ev.EventTime = d.time("eventTime", true)
	ev.EventTimeZoneOffset = d.offset("eventTimeZoneOffset")
	ev.RecordTime = d.time("recordTime", false)
	ev.EventID = d.uri("eventID")
	ev.ErrorDeclaration = d.errorDeclaration("errorDeclaration")
	ev.CertificationInfo = d.uriOrList("certificationInfo")
	ev.EPCList = d.uriList("epcList")
	ev.ParentID = d.uri("parentID")
	ev.ChildEPCs = d.uriList("childEPCs")
	ev.InputEPCList = d.uriList("inputEPCList")
	ev.OutputEPCList = d.uriList("outputEPCList")
	ev.QuantityList = d.quantities("quantityList")
	ev.ChildQuantityList = d.quantities("childQuantityList")
	ev.InputQuantityList = d.quantities("inputQuantityList")
	ev.OutputQuantityList = d.quantities("outputQuantityList")
	ev.Action = d.action("action")
	ev.TransformationID = d.uri("transformationID")
	ev.BizStep = BizStep(d.vocab("bizStep", bizStepVocabulary))
	ev.Disposition = Disposition(d.vocab("disposition", dispositionVocabulary))
	ev.PersistentDisposition = d.persistentDisposition("persistentDisposition")
	ev.ReadPoint = d.location("readPoint")
	ev.BizLocation = d.location("bizLocation")
	ev.BizTransactionList = d.bizTransactions("bizTransactionList")
	ev.SourceList = d.sources("sourceList")
	ev.DestinationList = d.destinations("destinationList")
	ev.SensorElementList = d.sensorElements("sensorElementList")
	ev.ILMD = d.ilmd("ilmd")
	if d.err != nil {
		return ev, d.err
	}
	var err error
	ev.Extensions, err = decodeExtensions(obj, eventFields, sc, path)
	return ev, err
}

// decodeExtensions decodes every key of obj not in known as a user extension. Each needs a
// namespace: a declared prefix or an absolute IRI.
func decodeExtensions(obj map[string]any, known []string, sc *scope, path string) (
	[]Extension, error) {
	var exts []Extension
	for _, key := range sortedKeys(obj) {
		if slices.Contains(known, key) {
			continue
		}
		name, ok := sc.expandKey(key)
		if !ok {
			return nil, unknownKeyError(key, path)
		}
		v, err := decodeValue(obj[key], sc, join(path, key))
		if err != nil {
			return nil, err
		}
		exts = append(exts, Extension{Name: name, Value: v})
	}
	return exts, nil
}

func unknownKeyError(key, path string) *Error {
	if prefix, _, ok := strings.Cut(key, ":"); ok {
		return newError(join(path, key), ReasonNamespace,
			"prefix %q is not declared in any @context", prefix)
	}
	return newError(join(path, key), ReasonUnknown,
		"unknown field %q: a user extension needs a namespace prefix declared in @context", key)
}

// decodeValue decodes the value of an extension field. Keys inside an extension object
// keep their namespace when they have one; an unprefixed key gets an empty namespace.
func decodeValue(raw any, sc *scope, path string) (Value, error) {
	switch v := raw.(type) {
	case nil:
		return Value{Kind: KindNull}, nil
	case string:
		return StringValue(v), nil
	case json.Number:
		return Value{Kind: KindNumber, Text: v.String()}, nil
	case bool:
		return Value{Kind: KindBool, Text: strconv.FormatBool(v)}, nil
	case []any:
		out := Value{Kind: KindArray, Items: make([]Value, 0, len(v))}
		for i, item := range v {
			iv, err := decodeValue(item, sc, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return Value{}, err
			}
			out.Items = append(out.Items, iv)
		}
		return out, nil
	case map[string]any:
		out := Value{Kind: KindObject}
		for _, key := range sortedKeys(v) {
			name, ok := sc.expandKey(key)
			if !ok {
				if strings.Contains(key, ":") {
					return Value{}, unknownKeyError(key, path)
				}
				name = Name{Local: key}
			}
			fv, err := decodeValue(v[key], sc, join(path, key))
			if err != nil {
				return Value{}, err
			}
			out.Fields = append(out.Fields, Extension{Name: name, Value: fv})
		}
		return out, nil
	}
	return Value{}, newError(path, ReasonSyntax, "unexpected JSON value %T", raw)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// parseTime parses an xsd:dateTime with a time zone, as EPCIS requires.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		// Some producers leave out the seconds.
		t, err = time.Parse("2006-01-02T15:04Z07:00", s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("invalid time %q: want an xsd:dateTime with time "+
			"zone such as 2025-05-01T08:30:00.000+08:00", s)
	}
	return t, nil
}

// parseOffset checks a time zone offset "+hh:mm" or "-hh:mm" with hh at most 14.
func parseOffset(s string) (string, error) {
	s = strings.TrimSpace(s)
	bad := len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':'
	if !bad {
		hh, err1 := strconv.Atoi(s[1:3])
		mm, err2 := strconv.Atoi(s[4:6])
		bad = err1 != nil || err2 != nil || hh > 14 || mm > 59 || s[1] == '+' || s[4] == '+'
	}
	if bad {
		return "", fmt.Errorf("invalid time zone offset %q: want +hh:mm or -hh:mm", s)
	}
	return s, nil
}

// parseDecimal parses a number as EPCIS writes it (xsd:decimal or xsd:double literal).
func parseDecimal(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("invalid number %q", s)
	}
	return d, nil
}
