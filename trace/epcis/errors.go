package epcis

import (
	"errors"
	"fmt"
)

// Reason is the category of a rejected document or event, for callers that map rejections
// to responses.
type Reason uint8

// The rejection categories.
const (
	// ReasonSyntax is malformed JSON or XML, or a document of the wrong shape.
	ReasonSyntax Reason = iota + 1
	// ReasonMissing is a required field that is absent or empty.
	ReasonMissing
	// ReasonUnknown is a field that EPCIS does not define and that has no namespace, or a
	// field that the event type does not have.
	ReasonUnknown
	// ReasonInvalid is a value of the wrong type or form, such as a malformed time or an
	// action other than ADD, OBSERVE or DELETE.
	ReasonInvalid
	// ReasonVocabulary is a vocabulary value that is neither a CBV 2.0 standard value nor an
	// absolute URI.
	ReasonVocabulary
	// ReasonNamespace is a prefix that no JSON-LD @context or xmlns declares.
	ReasonNamespace
	// ReasonOrder is an XML element out of the order the EPCIS 2.0 XML schema fixes.
	ReasonOrder
	// ReasonDuplicate is an event whose hash matches an event already captured.
	ReasonDuplicate
)

var reasonNames = [...]string{
	ReasonSyntax:     "syntax",
	ReasonMissing:    "missing field",
	ReasonUnknown:    "unknown field",
	ReasonInvalid:    "invalid value",
	ReasonVocabulary: "invalid vocabulary value",
	ReasonNamespace:  "undefined namespace",
	ReasonOrder:      "element order",
	ReasonDuplicate:  "duplicate event",
}

// String returns a short name of the category.
func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// Error is a rejected document, event or field: where it is, the category and the cause.
type Error struct {
	// Path locates the field, such as "epcisBody.eventList[1].bizStep"; empty for the
	// document as a whole.
	Path   string
	Reason Reason
	Err    error
}

// Error returns "epcis: path: cause".
func (e *Error) Error() string {
	if e.Path == "" {
		return "epcis: " + e.Err.Error()
	}
	return "epcis: " + e.Path + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the category of err when it wraps an [*Error], or zero.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return 0
}

func newError(path string, reason Reason, format string, args ...any) *Error {
	return &Error{Path: path, Reason: reason, Err: fmt.Errorf(format, args...)}
}
