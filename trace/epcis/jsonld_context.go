package epcis

import (
	"strings"
)

// standardNamespaces are the prefixes that the EPCIS 2.0 JSON-LD context
// (https://ref.gs1.org/standards/epcis/epcis-context.jsonld) defines, so a document may use
// them without declaring them.
var standardNamespaces = []Namespace{
	{"epcis", "https://ref.gs1.org/epcis/"},
	{"cbv", cbvWebBase},
	{"cbvmda", "urn:epcglobal:cbv:mda:"},
	{"gs1", gs1VocBase},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
	{"owl", "http://www.w3.org/2002/07/owl#"},
	{"dcterms", "http://purl.org/dc/terms/"},
}

// gs1VocBase is the GS1 Web vocabulary; JSON-LD abbreviates it as the "gs1:" prefix.
const gs1VocBase = "https://gs1.org/voc/"

// scope is the set of prefixes in force at one point of a JSON-LD document: the standard
// ones, the document's @context and any @context of an enclosing event.
type scope struct {
	parent   *scope
	prefixes []Namespace
}

func (s *scope) lookup(prefix string) (string, bool) {
	for sc := s; sc != nil; sc = sc.parent {
		for i := len(sc.prefixes) - 1; i >= 0; i-- {
			if sc.prefixes[i].Prefix == prefix {
				return sc.prefixes[i].IRI, true
			}
		}
	}
	for _, ns := range standardNamespaces {
		if ns.Prefix == prefix {
			return ns.IRI, true
		}
	}
	return "", false
}

// expandKey turns a JSON-LD key into a [Name]: "prefix:local" with a declared prefix, or an
// absolute IRI split after its last '/', '#' or ':'. It reports false for a key with an
// undeclared prefix and for a key without any colon.
func (s *scope) expandKey(key string) (Name, bool) {
	prefix, local, ok := strings.Cut(key, ":")
	if !ok || local == "" {
		return Name{}, false
	}
	if iri, found := s.lookup(prefix); found && !strings.HasPrefix(local, "//") {
		return Name{Space: iri, Local: local}, true
	}
	if !isAbsoluteURI(key) || !strings.ContainsAny(local, "/#") {
		return Name{}, false
	}
	cut := strings.LastIndexAny(key, "/#:") + 1
	return Name{Space: key[:cut], Local: key[cut:]}, true
}

// expandValue expands a CURIE value such as "gs1:Temperature" with a declared prefix; other
// values come back unchanged.
func (s *scope) expandValue(v string) string {
	prefix, local, ok := strings.Cut(v, ":")
	if !ok || strings.HasPrefix(local, "//") {
		return v
	}
	if iri, found := s.lookup(prefix); found {
		return iri + local
	}
	return v
}
