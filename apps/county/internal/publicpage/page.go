package publicpage

import (
	"html/template"
	"io"
	"time"
)

// Status is the outcome of a lookup as the page shows it.
type Status uint8

// The lookup statuses.
const (
	// Found is an issued code in use.
	Found Status = iota + 1
	// Unknown is a well-formed code that the county did not issue: a guessed
	// or copied code.
	Unknown
	// Malformed is text that is not a code.
	Malformed
	// Voided is an issued code taken out of use: its issuance is suspended or
	// revoked, or the code itself was voided.
	Voided
	// NotActive is an issued code whose products are not yet in circulation.
	NotActive
)

// Lookup is one lookup page.
type Lookup struct {
	Status Status
	// Code is the text looked up, as the consumer sent it.
	Code string
	// Story is the output of RenderStory; empty for a code without a story.
	Story template.HTML
	// Count is the number of lookups of the code, this one included, and
	// First the time of the first.
	Count int
	First time.Time
	// Flagged reports that a fraud rule raised a flag on the code.
	Flagged bool
}

type pageView struct {
	*Lookup
	FirstText string
}

// Write writes the page of l to w.
func Write(w io.Writer, l *Lookup) error {
	return pageTemplate.Execute(w, pageView{Lookup: l, FirstText: clock(l.First)})
}

// funcs are the helpers of the templates.
var funcs = template.FuncMap{
	"found":     func(s Status) bool { return s == Found },
	"unknown":   func(s Status) bool { return s == Unknown },
	"malformed": func(s Status) bool { return s == Malformed },
	"voided":    func(s Status) bool { return s == Voided },
	"notActive": func(s Status) bool { return s == NotActive },
}

var (
	storyTemplate = template.Must(template.New("story").Parse(storyHTML))
	pageTemplate  = template.Must(template.New("page").Funcs(funcs).Parse(pageHTML))
)
