package alarms

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// QuantityOutput is one value of alarm evidence; the value is a decimal
// string with its places.
type QuantityOutput struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Unit  string `json:"unit"`
}

// WaterOutput is a water alarm as the API and the live events show it.
type WaterOutput struct {
	ID        int64            `json:"id"`
	Rule      string           `json:"rule"`
	Severity  string           `json:"severity"`
	Action    string           `json:"action,omitempty"`
	Well      string           `json:"well"`
	Division  string           `json:"division,omitempty"`
	Meter     string           `json:"meter,omitempty"`
	Event     string           `json:"event,omitempty"`
	Raised    time.Time        `json:"raised"`
	From      time.Time        `json:"from"`
	To        time.Time        `json:"to"`
	Observed  []QuantityOutput `json:"observed"`
	Threshold *QuantityOutput  `json:"threshold,omitempty"`
	Status    string           `json:"status"`
	Message   string           `json:"message"`
	Note      string           `json:"note,omitempty"`
	Version   int64            `json:"version"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// WaterJSON returns the output form of a, in division.
func WaterJSON(a *water.AlarmRecord, division string) WaterOutput {
	out := WaterOutput{ID: a.ID, Rule: fmt.Sprint(a.Rule), Severity: fmt.Sprint(a.Severity), Well: string(a.Well),
		Division: division, Meter: string(a.Meter), Raised: a.Raised, From: a.From, To: a.To,
		Observed: make([]QuantityOutput, 0, len(a.Observed)), Status: a.Status.String(), Message: a.Message,
		Note: a.Note, Version: a.Version, UpdatedAt: a.UpdatedAt}
	if a.Action != 0 {
		out.Action = a.Action.String()
	}
	if a.Event != 0 {
		out.Event = a.Event.String()
	}
	for _, q := range a.Observed {
		out.Observed = append(out.Observed, quantityJSON(q))
	}
	if a.Threshold.Name != "" {
		t := quantityJSON(a.Threshold)
		out.Threshold = &t
	}
	return out
}

func quantityJSON(q water.Quantity) QuantityOutput {
	return QuantityOutput{Name: q.Name, Value: sqlstore.DecimalText(q.Value), Unit: string(q.Unit)}
}

// DeviceOutput is a device alarm as the API and the live events show it.
// Value and limit are decimal strings with the places of the point's scale.
type DeviceOutput struct {
	ID        int64     `json:"id"`
	Device    string    `json:"device"`
	Division  string    `json:"division,omitempty"`
	Origin    string    `json:"origin"`
	Point     string    `json:"point,omitempty"`
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Status    string    `json:"status"`
	Active    bool      `json:"active"`
	Raised    time.Time `json:"raised"`
	Cleared   time.Time `json:"cleared,omitzero"`
	Value     string    `json:"value"`
	Limit     string    `json:"limit"`
	Unit      string    `json:"unit,omitempty"`
	Message   string    `json:"message"`
	Note      string    `json:"note,omitempty"`
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DeviceJSON returns the output form of a.
func DeviceJSON(a *store.DeviceAlarm) DeviceOutput {
	return DeviceOutput{ID: a.ID, Device: a.Device, Division: a.Division, Origin: a.Origin, Point: a.Point,
		Rule: a.Rule, Severity: a.Severity, Status: a.Status, Active: a.Active, Raised: a.Raised, Cleared: a.Cleared,
		Value: fixed(a.Value, a.Scale), Limit: fixed(a.Limit, a.Scale), Unit: a.Unit, Message: a.Message,
		Note: a.Note, Version: a.Version, UpdatedAt: a.Updated}
}

// fixed formats v with scale decimals, such as "35.5".
func fixed(v int64, scale uint8) string {
	return sqlstore.DecimalText(decimalOf(v, scale))
}

// Event is the data of an "alarm" live event.
type Event struct {
	// Source is "water" for an alarm of package water's rules and "device"
	// for an alarm about a device.
	Source string `json:"source"`
	// Change is "raised", "updated", "escalated", "acknowledged" or
	// "cleared".
	Change string `json:"change"`
	// Water or Device is the alarm after the change.
	Water  *WaterOutput  `json:"water,omitempty"`
	Device *DeviceOutput `json:"device,omitempty"`
}
