package epcis

import (
	"fmt"
	"strings"
)

// vocabulary describes one CBV 2.0 standard vocabulary: its values' bare names and the
// prefixes of their Web URI and URN forms (CBV 2.0). The tables are never
// changed after package initialisation.
type vocabulary struct {
	what      string // for messages, such as "business step"
	webPrefix string // https://ref.gs1.org/cbv/BizStep-
	urnPrefix string // urn:epcglobal:cbv:bizstep:
	names     map[string]bool
}

func newVocabulary(what, term, urnWord string, names []string) *vocabulary {
	v := &vocabulary{
		what:      what,
		webPrefix: cbvWebBase + term + "-",
		urnPrefix: "urn:epcglobal:cbv:" + urnWord + ":",
		names:     make(map[string]bool, len(names)),
	}
	for _, n := range names {
		v.names[n] = true
	}
	return v
}

// cbvWebBase is the base of CBV 2.0 Web URIs; JSON-LD abbreviates it as the "cbv:" prefix.
const cbvWebBase = "https://ref.gs1.org/cbv/"

var (
	bizStepVocabulary     = newVocabulary("business step", "BizStep", "bizstep", bizStepsNames)
	dispositionVocabulary = newVocabulary("disposition", "Disp", "disp", dispositionsNames)
	bttVocabulary         = newVocabulary("business transaction type", "BTT", "btt",
		bizTransactionTypesNames)
	sdtVocabulary = newVocabulary("source or destination type", "SDT", "sdt",
		sourceDestTypesNames)
	errorReasonVocabulary = newVocabulary("error reason", "ER", "er", errorReasonsNames)
)

// parse returns the canonical form of s: the bare name of a standard value given as bare
// name, Web URI, URN or "cbv:" CURIE, or s itself when it is another absolute URI.
func (v *vocabulary) parse(s string) (string, error) {
	s = strings.TrimSpace(s)
	if v.names[s] {
		return s, nil
	}
	curie := "cbv:" + strings.TrimPrefix(v.webPrefix, cbvWebBase)
	for _, prefix := range [...]string{v.webPrefix, v.urnPrefix, curie} {
		rest, ok := strings.CutPrefix(s, prefix)
		if !ok {
			continue
		}
		if v.names[rest] {
			return rest, nil
		}
		return "", fmt.Errorf("%q is not a CBV 2.0 standard %s", s, v.what)
	}
	if isAbsoluteURI(s) {
		return s, nil
	}
	return "", fmt.Errorf("invalid %s %q: want a CBV 2.0 standard value or an absolute URI",
		v.what, s)
}

func (v *vocabulary) uri(s string) string {
	if v.names[s] {
		return v.webPrefix + s
	}
	return s
}

func (v *vocabulary) urn(s string) string {
	if v.names[s] {
		return v.urnPrefix + s
	}
	return s
}

// isAbsoluteURI reports whether s starts with a URI scheme and a colon (RFC 3986)
// and has no spaces.
func isAbsoluteURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	for i := 0; i < colon; i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// BizStep is the business step of an event (CBV 2.0): the bare name of a
// standard step such as "shipping", or the URI of a user-defined step.
type BizStep string

// ParseBizStep parses a business step given as a bare CBV name ("shipping"), a Web URI
// (https://ref.gs1.org/cbv/BizStep-shipping), a URN (urn:epcglobal:cbv:bizstep:shipping) or a
// "cbv:" CURIE, or any other absolute URI for a user-defined step.
func ParseBizStep(s string) (BizStep, error) {
	v, err := bizStepVocabulary.parse(s)
	if err != nil {
		return "", fmt.Errorf("epcis: %w", err)
	}
	return BizStep(v), nil
}

// String returns the canonical form.
func (b BizStep) String() string { return string(b) }

// IsStandard reports whether b is a CBV 2.0 standard business step.
func (b BizStep) IsStandard() bool { return bizStepVocabulary.names[string(b)] }

// URI returns the Web URI of a standard step, or b itself.
func (b BizStep) URI() string { return bizStepVocabulary.uri(string(b)) }

// URN returns the URN of a standard step, or b itself.
func (b BizStep) URN() string { return bizStepVocabulary.urn(string(b)) }

// Disposition is the business condition of objects after an event (CBV 2.0).
type Disposition string

// ParseDisposition parses a disposition in the forms [ParseBizStep] accepts.
func ParseDisposition(s string) (Disposition, error) {
	v, err := dispositionVocabulary.parse(s)
	if err != nil {
		return "", fmt.Errorf("epcis: %w", err)
	}
	return Disposition(v), nil
}

// String returns the canonical form.
func (d Disposition) String() string { return string(d) }

// IsStandard reports whether d is a CBV 2.0 standard disposition.
func (d Disposition) IsStandard() bool { return dispositionVocabulary.names[string(d)] }

// URI returns the Web URI of a standard disposition, or d itself.
func (d Disposition) URI() string { return dispositionVocabulary.uri(string(d)) }

// URN returns the URN of a standard disposition, or d itself.
func (d Disposition) URN() string { return dispositionVocabulary.urn(string(d)) }

// BizTransactionType is the type of a business transaction (CBV 2.0), such as
// "po" for a purchase order.
type BizTransactionType string

// ParseBizTransactionType parses a transaction type in the forms [ParseBizStep] accepts.
func ParseBizTransactionType(s string) (BizTransactionType, error) {
	v, err := bttVocabulary.parse(s)
	if err != nil {
		return "", fmt.Errorf("epcis: %w", err)
	}
	return BizTransactionType(v), nil
}

// String returns the canonical form.
func (t BizTransactionType) String() string { return string(t) }

// IsStandard reports whether t is a CBV 2.0 standard business transaction type.
func (t BizTransactionType) IsStandard() bool { return bttVocabulary.names[string(t)] }

// URI returns the Web URI of a standard type, or t itself.
func (t BizTransactionType) URI() string { return bttVocabulary.uri(string(t)) }

// URN returns the URN of a standard type, or t itself.
func (t BizTransactionType) URN() string { return bttVocabulary.urn(string(t)) }

// SourceDestType is the type of a source or destination (CBV 2.0): owning
// party, possessing party or location.
type SourceDestType string

// ParseSourceDestType parses a source or destination type in the forms [ParseBizStep]
// accepts.
func ParseSourceDestType(s string) (SourceDestType, error) {
	v, err := sdtVocabulary.parse(s)
	if err != nil {
		return "", fmt.Errorf("epcis: %w", err)
	}
	return SourceDestType(v), nil
}

// String returns the canonical form.
func (t SourceDestType) String() string { return string(t) }

// IsStandard reports whether t is a CBV 2.0 standard source or destination type.
func (t SourceDestType) IsStandard() bool { return sdtVocabulary.names[string(t)] }

// URI returns the Web URI of a standard type, or t itself.
func (t SourceDestType) URI() string { return sdtVocabulary.uri(string(t)) }

// URN returns the URN of a standard type, or t itself.
func (t SourceDestType) URN() string { return sdtVocabulary.urn(string(t)) }

// ErrorReason is why an event was declared in error (CBV 2.0).
type ErrorReason string

// ParseErrorReason parses an error reason in the forms [ParseBizStep] accepts.
func ParseErrorReason(s string) (ErrorReason, error) {
	v, err := errorReasonVocabulary.parse(s)
	if err != nil {
		return "", fmt.Errorf("epcis: %w", err)
	}
	return ErrorReason(v), nil
}

// String returns the canonical form.
func (r ErrorReason) String() string { return string(r) }

// IsStandard reports whether r is a CBV 2.0 standard error reason.
func (r ErrorReason) IsStandard() bool { return errorReasonVocabulary.names[string(r)] }

// URI returns the Web URI of a standard reason, or r itself.
func (r ErrorReason) URI() string { return errorReasonVocabulary.uri(string(r)) }

// URN returns the URN of a standard reason, or r itself.
func (r ErrorReason) URN() string { return errorReasonVocabulary.urn(string(r)) }
