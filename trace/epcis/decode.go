package epcis

import (
	"bytes"
)

// Decode decodes a capture or query document, or one bare event, in either binding: XML
// when the first non-space byte is '<', JSON-LD otherwise. A bare event comes back as a
// [Document] that holds that event alone and has no creation date.
func Decode(data []byte) (*Document, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '<' {
		return DecodeXML(data)
	}
	root, err := parseJSONObject(data)
	if err != nil {
		return nil, err
	}
	if typ, _ := root["type"].(string); EventType(typ).Valid() {
		ev, err := DecodeJSONEvent(data)
		if err != nil {
			return nil, err
		}
		return &Document{Events: []Event{*ev}, Namespaces: ev.Namespaces}, nil
	}
	return decodeJSONDocument(root)
}
