package epcis

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// xmlNode is one element of a parsed XML document. encoding/xml resolves prefixes, so
// name.Space is the namespace URI; for an undeclared prefix it stays the bare prefix.
type xmlNode struct {
	name     xml.Name
	attrs    []xml.Attr // without xmlns declarations
	ns       []Namespace
	children []*xmlNode
	text     string
}

// maxXMLDepth bounds element nesting so that hostile input cannot exhaust the stack of a
// recursive walk.
const maxXMLDepth = 64

func parseXMLTree(data []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*xmlNode
	var root *xmlNode
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, newError("", ReasonSyntax, "invalid XML: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxXMLDepth {
				return nil, newError("", ReasonSyntax, "XML nested deeper than %d elements",
					maxXMLDepth)
			}
			n := &xmlNode{name: t.Name}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "xmlns":
					n.ns = append(n.ns, Namespace{Prefix: a.Name.Local, IRI: a.Value})
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					n.ns = append(n.ns, Namespace{IRI: a.Value})
				default:
					n.attrs = append(n.attrs, a)
				}
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
			text.Reset()
		case xml.EndElement:
			n := stack[len(stack)-1]
			if len(n.children) == 0 {
				n.text = text.String()
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		case xml.CharData:
			text.Write(t)
		}
	}
	if root == nil {
		return nil, newError("", ReasonSyntax, "invalid XML: no root element")
	}
	return root, nil
}

// child returns the first child with the local name, in no namespace or any EPCIS one.
func (n *xmlNode) child(local string) *xmlNode {
	for _, c := range n.children {
		if c.name.Local == local && isEPCISSpace(c.name.Space) {
			return c
		}
	}
	return nil
}

func (n *xmlNode) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// isEPCISSpace reports whether an element namespace belongs to EPCIS itself: none (the
// schema's elements are unqualified) or an EPCIS 1.x or 2.0 schema namespace.
func isEPCISSpace(space string) bool {
	return space == "" || strings.HasPrefix(space, "urn:epcglobal:epcis:") ||
		strings.HasPrefix(space, "urn:epcglobal:epcis-query:")
}

// trimmed returns the element's text without surrounding white space.
func (n *xmlNode) trimmed() string { return strings.TrimSpace(n.text) }
