package profile

import (
	"math"
	"time"
)

// Reporter decides, field by field, whether a new value must be sent when
// a device reports by exception. A value is sent when it is the field's
// first, when its Status changes, when it moves by at least the field's
// Deadband from the last value sent, or when the field's MaxSilence has
// passed since the last send. A Reporter is not safe for concurrent use.
type Reporter struct {
	fields []reportField
}

type reportField struct {
	deadInt   int64   // deadband in fixed-point units
	deadFloat float64 // deadband of a float field
	silence   time.Duration
	isFloat   bool
	isString  bool
	sent      bool
	last      Value
	at        time.Time
}

// NewReporter returns a Reporter for the fields of p that has sent nothing
// yet.
func (p *Program) NewReporter() *Reporter {
	r := &Reporter{fields: make([]reportField, len(p.fields))}
	for i := range p.fields {
		f := &p.fields[i]
		rf := &r.fields[i]
		rf.silence = f.MaxSilence
		rf.isFloat = f.Type.isFloat()
		rf.isString = f.Type == String
		if rf.isFloat {
			rf.deadFloat = f.Deadband.Float64()
		} else {
			rf.deadInt, _ = f.Deadband.Scaled(f.Decimals)
		}
	}
	return r
}

// Report reports whether v, read from field i at now, must be sent, and
// if so records it as the last value sent. A value whose Status is
// NotRead is never sent. A string field is sent on its first value, on a
// change of Status and after MaxSilence, since a [Value] does not carry
// its text. It allocates nothing.
func (r *Reporter) Report(i int, v Value, now time.Time) bool {
	if i < 0 || i >= len(r.fields) || v.Status == NotRead {
		return false
	}
	rf := &r.fields[i]
	if !rf.sent || rf.last.Status != v.Status || rf.changed(v) ||
		rf.silence > 0 && now.Sub(rf.at) >= rf.silence {
		rf.sent, rf.last, rf.at = true, v, now
		return true
	}
	return false
}

// changed reports whether v moved by the deadband from the last value
// sent. Both have the same Status.
func (rf *reportField) changed(v Value) bool {
	switch {
	case v.Status != OK || rf.isString:
		return false
	case rf.isFloat:
		last := rf.last.Float
		if math.IsNaN(v.Float) || math.IsNaN(last) {
			return math.IsNaN(v.Float) != math.IsNaN(last)
		}
		d := math.Abs(v.Float - last)
		if rf.deadFloat == 0 {
			return d != 0
		}
		return d >= rf.deadFloat
	}
	// The difference in uint64 cannot overflow, whatever the two values.
	var d uint64
	if last := rf.last.Int; v.Int >= last {
		d = uint64(v.Int) - uint64(last)
	} else {
		d = uint64(last) - uint64(v.Int)
	}
	if rf.deadInt == 0 {
		return d != 0
	}
	return d >= uint64(rf.deadInt)
}

// Forget makes the next value of every field count as its first, as after
// a reconnect, so that a fresh snapshot goes out.
func (r *Reporter) Forget() {
	for i := range r.fields {
		r.fields[i].sent = false
	}
}
