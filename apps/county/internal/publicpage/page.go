package publicpage

import (
	"html/template"
	"io"
	"strconv"
	"sync"
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
	// Zone is the county's time zone, which First is shown in; nil means
	// UTC+8, China Standard Time.
	Zone *time.Location
}

// Write writes the page of l to w in one call.
func Write(w io.Writer, l *Lookup) error {
	buf := bufPool.Get().(*[]byte)
	*buf = AppendPage((*buf)[:0], l)
	_, err := w.Write(*buf)
	if cap(*buf) <= maxPooled {
		bufPool.Put(buf)
	}
	return err
}

// maxPooled bounds the buffers kept for reuse, so that one huge story does
// not pin its memory.
const maxPooled = 64 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// AppendPage appends the page of l to dst and returns the extended slice.
func AppendPage(dst []byte, l *Lookup) []byte {
	dst = append(dst, pageHead...)
	dst = appendEscaped(dst, l.Code)
	dst = append(dst, pageMain...)
	switch l.Status {
	case Malformed:
		dst = append(dst, warnMalformed...)
	case Unknown:
		dst = append(dst, warnUnknown...)
	case Voided:
		dst = append(dst, warnVoided...)
	case NotActive:
		dst = append(dst, warnNotActive...)
	}
	if l.Flagged {
		dst = append(dst, warnFlagged...)
	}
	dst = append(dst, l.Story...)
	if l.Count > 0 {
		dst = append(dst, scansHead...)
		dst = strconv.AppendInt(dst, int64(l.Count), 10)
		dst = append(dst, scansFirst...)
		if !l.First.IsZero() {
			dst = l.First.In(zoneOr(l.Zone)).AppendFormat(dst, "2006年1月2日 15:04")
		}
		dst = append(dst, scansEnd...)
		if l.Count > 1 {
			dst = append(dst, scansNote...)
		}
		dst = append(dst, scansClose...)
	}
	return append(dst, pageFoot...)
}

// appendEscaped appends s with the characters that HTML gives meaning to
// replaced by entities, as html/template escapes text.
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '&':
			dst = append(dst, "&amp;"...)
		case '"':
			dst = append(dst, "&#34;"...)
		case '\'':
			dst = append(dst, "&#39;"...)
		case 0:
			dst = append(dst, "\uFFFD"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

var storyTemplate = template.Must(template.New("story").Parse(storyHTML))
