package epcis_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/trace/epcis"
)

// A harvest recorded as an ObjectEvent that commissions a lot of rice, with its event hash.
func ExampleHashID() {
	kg := decimal.RequireFromString("1250")
	ev := epcis.Event{
		Type:                epcis.ObjectEvent,
		EventTime:           time.Date(2025, 9, 20, 7, 30, 0, 0, time.FixedZone("", 8*3600)),
		EventTimeZoneOffset: "+08:00",
		Action:              epcis.ActionAdd,
		BizStep:             epcis.BizStepCommissioning,
		Disposition:         epcis.DispositionActive,
		QuantityList: []epcis.QuantityElement{{
			EPCClass: "urn:epc:class:lgtin:6901234.056789.2025-09-A",
			Quantity: &kg,
			UOM:      "KGM",
		}},
		ReadPoint: &epcis.Location{ID: "urn:epc:id:sgln:6901234.00001.0"},
	}
	fmt.Println(epcis.PreHash(&ev))
	fmt.Println(epcis.HashID(&ev))
	// Output:
	// eventType=ObjectEventeventTime=2025-09-19T23:30:00.000ZeventTimeZoneOffset=+08:00quantityListquantityElementepcClass=https://id.gs1.org/01/06901234567892/10/2025-09-Aquantity=1250uom=KGMaction=ADDbizStep=https://ref.gs1.org/cbv/BizStep-commissioningdisposition=https://ref.gs1.org/cbv/Disp-activereadPointid=https://id.gs1.org/414/6901234000016
	// ni:///sha-256;d0702c16b0e0758ba4be095d9c5d41562287b055bdf12d08e2a27b71e0bce806?ver=CBV2.0
}

func ExampleParseBizStep() {
	for _, s := range []string{"shipping", "urn:epcglobal:cbv:bizstep:shipping",
		"https://ref.gs1.org/cbv/BizStep-shipping", "https://example.com/steps/drying",
		"drying"} {
		step, err := epcis.ParseBizStep(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(step, step.IsStandard(), step.URI())
	}
	// Output:
	// shipping true https://ref.gs1.org/cbv/BizStep-shipping
	// shipping true https://ref.gs1.org/cbv/BizStep-shipping
	// shipping true https://ref.gs1.org/cbv/BizStep-shipping
	// https://example.com/steps/drying false https://example.com/steps/drying
	// epcis: invalid business step "drying": want a CBV 2.0 standard value or an absolute URI
}

// Capture a JSON-LD document into a repository, see a repeat rejected, and query by EPC.
func ExampleCapture() {
	doc := []byte(`{
	  "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
	    {"farm": "https://farm.example.cn/epcis/"}],
	  "type": "EPCISDocument",
	  "schemaVersion": "2.0",
	  "creationDate": "2025-09-21T08:00:00+08:00",
	  "epcisBody": {"eventList": [{
	    "type": "ObjectEvent",
	    "eventTime": "2025-09-21T07:45:00+08:00",
	    "eventTimeZoneOffset": "+08:00",
	    "epcList": ["https://id.gs1.org/01/06901234567892/21/BOX-0001"],
	    "action": "OBSERVE",
	    "bizStep": "shipping",
	    "disposition": "in_transit",
	    "readPoint": {"id": "https://id.gs1.org/414/6901234000016"},
	    "farm:truckPlate": "陕A·12345"
	  }]}
	}`)
	ctx := context.Background()
	repo := &epcis.MemoryRepository{}
	now := func() time.Time { return time.Date(2025, 9, 21, 0, 1, 0, 0, time.UTC) }

	events, err := epcis.Capture(ctx, repo, doc, now)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("captured", len(events), "event, recorded", events[0].RecordTime)

	_, err = epcis.Capture(ctx, repo, doc, now)
	fmt.Println("again:", epcis.ReasonOf(err))

	page, err := repo.Query(ctx, epcis.Query{
		EPCs: []string{"urn:epc:id:sgtin:6901234.056789.BOX-0001"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("found", len(page.Events), page.Events[0].BizStep, page.Events[0].Extensions[0].Value.Text)
	// Output:
	// captured 1 event, recorded 2025-09-21 00:01:00 +0000 UTC
	// again: duplicate event
	// found 1 shipping 陕A·12345
}
