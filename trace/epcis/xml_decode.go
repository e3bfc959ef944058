package epcis

// DecodeXML decodes an EPCIS 2.0 XML document.
func DecodeXML(data []byte) (*Document, error) {
	return nil, newError("", ReasonSyntax, "XML not supported yet")
}
