package alarm

import (
	"fmt"
	"strings"
)

// Kind is the type of condition a rule checks. The zero value is not a valid kind.
type Kind uint8

// The rule kinds.
const (
	High   Kind = iota + 1 // the value is at or above a set level
	Low                    // the value is at or below a set level
	Rise                   // the value rises at or faster than a rate per minute
	Fall                   // the value falls at or faster than a rate per minute
	NoData                 // no sample has arrived for a timeout
)

var kindNames = [...]string{"", "high", "low", "rise", "fall", "no_data"}

// ParseKind parses a kind name, "high", "low", "rise", "fall" or "no_data",
// ignoring case.
func ParseKind(s string) (Kind, error) {
	for k := High; k <= NoData; k++ {
		if strings.EqualFold(s, kindNames[k]) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("alarm: unknown rule kind %q; use one of high, low, rise, fall, no_data", s)
}

// String returns the kind name, such as "no_data".
func (k Kind) String() string {
	if k >= High && k <= NoData {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText encodes the kind name.
func (k Kind) MarshalText() ([]byte, error) {
	if k < High || k > NoData {
		return nil, fmt.Errorf("alarm: cannot encode invalid kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name.
func (k *Kind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseKind(string(text))
	return err
}

// Severity grades an alarm, from [Info] to [Critical]. Greater is more severe. The
// zero value is not a valid severity.
type Severity uint8

// The severities.
const (
	Info     Severity = iota + 1 // a record for the log, no action needed
	Warning                      // look at it soon
	Major                        // act within the shift
	Critical                     // act now: crop, stock or equipment at risk
)

var severityNames = [...]string{"", "info", "warning", "major", "critical"}

// ParseSeverity parses "info", "warning", "major" or "critical", ignoring case.
func ParseSeverity(s string) (Severity, error) {
	for v := Info; v <= Critical; v++ {
		if strings.EqualFold(s, severityNames[v]) {
			return v, nil
		}
	}
	return 0, fmt.Errorf("alarm: unknown severity %q; use one of info, warning, major, critical", s)
}

// String returns the severity name, such as "major".
func (s Severity) String() string {
	if s >= Info && s <= Critical {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText encodes the severity name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("alarm: cannot encode invalid severity %d", uint8(s))
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(text []byte) (err error) {
	*s, err = ParseSeverity(string(text))
	return err
}
