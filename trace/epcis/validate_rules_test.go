package epcis

import (
	"testing"
	"time"
)

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(ev *Event)
		reason Reason
	}{
		{"valid", func(ev *Event) {}, 0},
		{"unknown type", func(ev *Event) { ev.Type = "SensorEvent" }, ReasonInvalid},
		{"no event time", func(ev *Event) { ev.EventTime = time.Time{} }, ReasonMissing},
		{"no offset", func(ev *Event) { ev.EventTimeZoneOffset = "" }, ReasonMissing},
		{"bad offset", func(ev *Event) { ev.EventTimeZoneOffset = "+8:00" }, ReasonInvalid},
		{"no action", func(ev *Event) { ev.Action = "" }, ReasonMissing},
		{"lower-case action", func(ev *Event) { ev.Action = "add" }, ReasonInvalid},
		{"child EPCs on object event", func(ev *Event) {
			ev.ChildEPCs = []string{"urn:epc:id:sgtin:0614141.107346.2018"}
		}, ReasonUnknown},
		{"no what", func(ev *Event) { ev.QuantityList = nil }, ReasonMissing},
		{"ilmd with observe", func(ev *Event) { ev.Action = ActionObserve }, ReasonInvalid},
		{"relative EPC", func(ev *Event) { ev.EPCList = []string{"box-1"} }, ReasonInvalid},
		{"bare custom step", func(ev *Event) { ev.BizStep = "drying" }, ReasonVocabulary},
		{"URN step not canonical", func(ev *Event) {
			ev.BizStep = "urn:epcglobal:cbv:bizstep:shipping"
		}, ReasonVocabulary},
		{"custom step URI", func(ev *Event) {
			ev.BizStep = "https://example.com/steps/drying"
		}, 0},
		{"source without type", func(ev *Event) {
			ev.SourceList = []Source{{Value: "https://id.gs1.org/417/6901234000016"}}
		}, ReasonMissing},
		{"extension without namespace", func(ev *Event) {
			ev.Extensions = []Extension{{Name: Name{Local: "plot"}, Value: StringValue("A")}}
		}, ReasonUnknown},
		{"declaration without time", func(ev *Event) {
			ev.ErrorDeclaration = &ErrorDeclaration{Reason: ErrorReasonDidNotOccur}
		}, ReasonMissing},
		{"transformation with action", func(ev *Event) {
			ev.Type = TransformationEvent
			ev.QuantityList = nil
			ev.OutputQuantityList = sampleEvent().QuantityList
		}, ReasonUnknown},
		{"transformation", func(ev *Event) {
			ev.Type = TransformationEvent
			ev.Action = ""
			ev.QuantityList = nil
			ev.OutputQuantityList = sampleEvent().QuantityList
		}, 0},
		{"aggregation without parent", func(ev *Event) {
			ev.Type = AggregationEvent
			ev.ILMD = nil
			ev.ChildQuantityList, ev.QuantityList = ev.QuantityList, nil
		}, ReasonMissing},
		{"aggregation observe without parent", func(ev *Event) {
			ev.Type = AggregationEvent
			ev.Action = ActionObserve
			ev.ILMD = nil
			ev.ChildQuantityList, ev.QuantityList = ev.QuantityList, nil
		}, 0},
		{"transaction without transactions", func(ev *Event) {
			ev.Type = TransactionEvent
			ev.ILMD = nil
		}, ReasonMissing},
		{"transaction", func(ev *Event) {
			ev.Type = TransactionEvent
			ev.ILMD = nil
			ev.BizTransactionList = []BizTransaction{{Type: BizTransactionTypePO,
				Value: "urn:epcglobal:cbv:bt:6901234000016:PO-88"}}
		}, 0},
		{"association without parent", func(ev *Event) {
			ev.Type = AssociationEvent
			ev.ILMD = nil
			ev.ChildQuantityList, ev.QuantityList = ev.QuantityList, nil
		}, ReasonMissing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := sampleEvent()
			tc.change(&ev)
			err := Validate(&ev)
			if got := ReasonOf(err); got != tc.reason {
				t.Errorf("Validate: %v (reason %v), want reason %v", err, got, tc.reason)
			}
		})
	}
}
