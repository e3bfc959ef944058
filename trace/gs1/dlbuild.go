package gs1

import (
	"sort"
	"strings"
)

// BuildDigitalLink returns the GS1 Digital Link URI for es under stem with
// a default [Parser]; see [Parser.NewDigitalLink].
func BuildDigitalLink(stem string, es Elements) (string, error) {
	d, err := Parser{}.NewDigitalLink(stem, es)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}

// NewDigitalLink arranges es as a GS1 Digital Link under stem, such as
// "https://example.com" or [CanonicalStem] when stem is empty. The first
// element whose AI is a primary key goes first in the path, followed by the
// longest sequence of its key qualifiers that es holds. Of equally long
// sequences the first in AI order wins, so (01) with (10) and (235) takes
// /10/. The other elements become data attributes in their order in es,
// those with a predefined length first. An AI that occurs more than once
// is written once.
//
// Each value is checked against its AI. NewDigitalLink returns an *Error
// with Reason [NoPrimaryKey] when es holds no primary key, and
// [NotDataAttribute] when an element left for the query string may not be
// a data attribute.
func (p Parser) NewDigitalLink(stem string, es Elements) (DigitalLink, error) {
	if stem == "" {
		stem = CanonicalStem
	}
	d := DigitalLink{Stem: strings.TrimSuffix(stem, "/"), Elements: make(Elements, 0, len(es))}
	for _, e := range es {
		a, err := p.exactAI(e.AI)
		if err != nil {
			return DigitalLink{}, err
		}
		if err := p.checkValue(a, e.Value); err != nil {
			return DigitalLink{}, err
		}
	}
	var key *AI
	for _, e := range es {
		if a, ok := Lookup(e.AI); ok && a.PrimaryKey {
			key = a
			break
		}
	}
	if key == nil {
		return DigitalLink{}, newError(NoPrimaryKey, "", es.String(), "add a GS1 key such as (01) or (00)")
	}
	var buf [8]string
	for _, code := range longestPath(buf[:0], key, es) {
		v, _ := es.Get(code)
		d.Elements = append(d.Elements, Element{AI: code, Value: v})
	}
	d.PathLen = len(d.Elements)
	for _, fixed := range [...]bool{true, false} {
		for _, e := range es {
			if needsFNC1(e.AI) == fixed || d.has(e.AI) {
				continue
			}
			a, known := Lookup(e.AI)
			if known && !a.DataAttribute || !known && !p.UnknownAIsAsDataAttributes {
				return DigitalLink{}, newError(NotDataAttribute, e.AI, e.Value,
					"neither a key qualifier of ("+d.Elements[0].AI+") nor a data attribute")
			}
			d.Elements = append(d.Elements, e)
		}
	}
	return d, nil
}

func (d *DigitalLink) has(ai string) bool {
	_, ok := d.Elements.Get(ai)
	return ok
}

// longestPath appends to dst the path of key that has the most qualifiers
// that es holds. The best path of one qualifier sequence holds all its AIs
// that es holds. Of paths of equal length the first in AI order wins, as
// it does when the paths are sorted as strings.
func longestPath(dst []string, key *AI, es Elements) []string {
	dst = append(dst, key.Code)
	start := len(dst)
	var best []string
	for _, seq := range key.Qualifiers {
		path := dst[start:start]
		for _, q := range seq {
			if _, ok := es.Get(q); ok {
				path = append(path, q)
			}
		}
		if best == nil || len(path) > len(best) || len(path) == len(best) && lessPath(path, best) {
			best = append(best[:0:0], path...)
		}
	}
	return append(dst[:start], best...)
}

// lessPath reports whether the AI sequence a sorts before b of the same
// length when both are joined by spaces.
func lessPath(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// CanonicalDigitalLink returns the canonical form of a GS1 Digital Link URI
// with a default [Parser]; see [Parser.CanonicalDigitalLink].
func CanonicalDigitalLink(uri string) (string, error) { return Parser{}.CanonicalDigitalLink(uri) }

// CanonicalDigitalLink parses uri and writes it in canonical form: stem
// [CanonicalStem], numeric AIs, a 14-digit GTIN and key qualifiers in their
// standard order. The AI data attributes follow in the lexical order of
// their AIs, as GS1 lists AIs, so that URIs with the same AI data give the
// same string. Non-AI query parameters and the fragment are dropped. Set p.PermitZeroSuppressedGTIN and
// p.PermitConvenienceAlphas to canonicalise URIs of Digital Link 1.0 and
// 1.1.
func (p Parser) CanonicalDigitalLink(uri string) (string, error) {
	d, err := p.ParseDigitalLink(uri)
	if err != nil {
		return "", err
	}
	return d.canonical().String(), nil
}

// canonical returns d with the canonical stem, the attributes in AI order
// and no parameters or fragment.
func (d DigitalLink) canonical() DigitalLink {
	es := append(Elements(nil), d.Elements...)
	attrs := es[d.PathLen:]
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].AI < attrs[j].AI })
	return DigitalLink{Stem: CanonicalStem, Elements: es, PathLen: d.PathLen}
}
