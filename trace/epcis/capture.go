package epcis

// ParseCapture decodes a capture request body, in either binding, with [Decode] and checks
// every event with [Validate]. It returns the document, or an [*Error] whose Reason says why
// the request is rejected.
func ParseCapture(data []byte) (*Document, error) {
	doc, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(); err != nil {
		return nil, err
	}
	return doc, nil
}
