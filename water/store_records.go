package water

import (
	"fmt"
	"strings"
	"time"
)

// Revision is the part of a stored record that a [Store] sets on each write.
type Revision struct {
	// Version counts the writes a Store has accepted for the record: 0 before the first.
	// An update must carry the Version it read.
	Version int64
	// UpdatedAt is when a Store last wrote the record, in UTC to the microsecond.
	UpdatedAt time.Time
}

// WellRecord is a [Well] as a [Store] keeps it.
type WellRecord struct {
	Well
	Revision
}

// ReservoirRecord is a [Reservoir] as a [Store] keeps it.
type ReservoirRecord struct {
	Reservoir
	Revision
}

// CanalRecord is a [Canal] as a [Store] keeps it.
type CanalRecord struct {
	Canal
	Revision
}

// GateRecord is a [Gate] as a [Store] keeps it.
type GateRecord struct {
	Gate
	Revision
}

// VillageMeterRecord is a [VillageMeter] as a [Store] keeps it.
type VillageMeterRecord struct {
	VillageMeter
	Revision
}

// PlanRecord is a [Plan] as a [Store] keeps it.
type PlanRecord struct {
	Plan
	Revision
}

// BillRecord is a [Bill] as a [Store] keeps it.
type BillRecord struct {
	Bill
	Revision
}

// PaymentRecord is a [Payment] as a [Store] keeps it.
type PaymentRecord struct {
	Payment
	Revision
}

// CoefficientHistoryRecord is the coefficient history of one well as a [Store] keeps
// it, the coefficients ordered by From.
type CoefficientHistoryRecord struct {
	// Well is the well the coefficients belong to.
	Well WellCode
	// Coefficients are the well's coefficients, which [NewCoefficientHistory] must
	// accept.
	Coefficients []Coefficient
	Revision
}

// Validate returns the error of [NewCoefficientHistory] for the record's well and
// coefficients, or nil when they form a history.
func (r *CoefficientHistoryRecord) Validate() error {
	_, err := r.History()
	return err
}

// History returns the record's coefficients as a [CoefficientHistory].
func (r *CoefficientHistoryRecord) History() (*CoefficientHistory, error) {
	if err := r.Well.Validate(); err != nil {
		return nil, err
	}
	return NewCoefficientHistory(r.Well, r.Coefficients)
}

// AlarmStatus is the handling state of a stored alarm. The zero value is
// AlarmStatusUnknown, which a [Store] rejects.
type AlarmStatus uint8

// The alarm statuses. A status may change to any other, so that a closed alarm can be
// reopened.
const (
	AlarmStatusUnknown AlarmStatus = iota
	AlarmOpen                      // raised and not yet seen by anyone
	AlarmAcknowledged              // seen, and being dealt with
	AlarmClosed                    // dealt with, or dismissed
)

var alarmStatusNames = []string{"unknown", "open", "acknowledged", "closed"}

// ParseAlarmStatus parses "open", "acknowledged" or "closed", ignoring case.
func ParseAlarmStatus(s string) (AlarmStatus, error) {
	return parseEnum[AlarmStatus]("alarm status", alarmStatusNames, s)
}

// String returns "open", "acknowledged" or "closed".
func (s AlarmStatus) String() string { return enumName("AlarmStatus", alarmStatusNames, s) }

// MarshalText encodes the status name.
func (s AlarmStatus) MarshalText() ([]byte, error) {
	return marshalEnum("alarm status", alarmStatusNames, s)
}

// UnmarshalText decodes a status name.
func (s *AlarmStatus) UnmarshalText(text []byte) (err error) {
	*s, err = ParseAlarmStatus(string(text))
	return err
}

// maxMessageLength is the longest alarm message or note accepted, in bytes.
const maxMessageLength = 2000

// AlarmRecord is an [Alarm] as a [Store] keeps it, with its handling status.
type AlarmRecord struct {
	// ID identifies the alarm in the store, which assigns it on create. Zero means not
	// yet stored.
	ID int64
	Alarm
	// Status is the handling state.
	Status AlarmStatus
	// Note is free text from the people handling the alarm. Empty means none.
	Note string
	// StatusChangedAt is when the store first stored the record's current Status, set
	// by the store.
	StatusChangedAt time.Time
	Revision
}

// Validate returns the *[FieldError] values of r joined, or nil when r is valid.
func (r *AlarmRecord) Validate() error {
	c := checker{typ: "alarm"}
	if r.ID < 0 {
		c.fail("ID", r.ID, "want 0 before the store assigns an id, or the id it assigned")
	}
	if !validEnum(ruleNames, r.Rule, true) {
		c.fail("Rule", r.Rule, "want one of %s", strings.Join(ruleNames[1:], ", "))
	}
	if !validEnum(severityNames, r.Severity, true) {
		c.fail("Severity", r.Severity, "want warning or critical")
	}
	if !validEnum(limitActionNames, r.Action, false) {
		c.fail("Action", r.Action, "want alarm or remote-stop")
	}

	c.check("Well", r.Well.Validate())
	if r.Meter != "" {
		c.check("Meter", r.Meter.Validate())
	}
	if !validEnum(eventKindNames, r.Event, false) {
		c.fail("Event", r.Event, "want a tamper event kind or 0")
	}
	if r.Raised.IsZero() {
		c.fail("Raised", r.Raised, "want the time the rule ran")
	}
	if r.To.Before(r.From) {
		c.fail("To", r.To, "want the end of the window on or after its start %s", r.From)
	}
	for i, q := range r.Observed {
		checkQuantity(&c, fmt.Sprintf("Observed[%d]", i), q, false)
	}
	checkQuantity(&c, "Threshold", r.Threshold, true)
	checkLongText(&c, "Message", r.Message)

	if !validEnum(alarmStatusNames, r.Status, true) {
		c.fail("Status", r.Status, "want open, acknowledged or closed")
	}
	checkLongText(&c, "Note", r.Note)
	return c.err()
}

// checkQuantity requires a named quantity with printable name and unit. A Quantity
// without name, unit or value passes when optional is set.
func checkQuantity(c *checker, field string, q Quantity, optional bool) {
	if optional && q.Name == "" && q.Unit == "" && q.Value.IsZero() {
		return
	}
	if q.Name == "" {
		c.fail(field+".Name", q.Name, "want the quantity's name, such as year_to_date")
	}
	checkText(c, field+".Name", q.Name)
	checkText(c, field+".Unit", string(q.Unit))
}

// checkLongText rejects text longer than maxMessageLength bytes, or not printable UTF-8
// on one line.
func checkLongText(c *checker, field, s string) {
	if len(s) > maxMessageLength {
		c.fail(field, s, "want at most %d bytes, got %d", maxMessageLength, len(s))
		return
	}
	if !isPrintable(s) {
		c.fail(field, s, "want printable UTF-8 text without control characters")
	}
}
