package trace_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

var testSteps = trace.Steps{Namespace: trace.Namespace{Domain: "trace.hotan.example.cn"}}

const caseEPC = "https://id.gs1.org/00/069012340000000018"

func ilmdValue(t *testing.T, e *epcis.Event, local string) string {
	t.Helper()
	for _, f := range e.ILMD {
		if f.Name.Local == local {
			return f.Value.Text
		}
	}
	t.Fatalf("ILMD has no %s", local)
	return ""
}

func TestStepEvents(t *testing.T) {
	p := fixtureProduct()
	b := fixtureBatch()
	item := testSteps.ItemEPC(p, "1SE61XHPSF46E73Q")
	lot := trace.Lot{Class: testSteps.LotClass(p, b.ID), Quantity: b.Quantity}
	obs := trace.Observation{At: at(10, 10, 8, 0), Site: "packhouse-1", Objects: trace.Objects{EPCs: []string{item}}}
	temp := dec("2.5")
	tests := []struct {
		name        string
		build       func() (*epcis.Event, error)
		typ         epcis.EventType
		action      epcis.Action
		step        epcis.BizStep
		disposition epcis.Disposition
	}{
		{"harvest lot", func() (*epcis.Event, error) {
			return testSteps.Harvest(trace.Harvest{At: at(10, 8, 18, 0), Product: p, Batch: b, Planting: fixturePlanting()})
		}, epcis.ObjectEvent, epcis.ActionAdd, epcis.BizStepCreatingClassInstance, epcis.DispositionActive},
		{"harvest items", func() (*epcis.Event, error) {
			return testSteps.Harvest(trace.Harvest{At: at(10, 8, 18, 0), Product: p, Batch: b, EPCs: []string{item}})
		}, epcis.ObjectEvent, epcis.ActionAdd, epcis.BizStepCommissioning, epcis.DispositionActive},
		{"grading", func() (*epcis.Event, error) {
			return testSteps.Grade(trace.Grading{At: at(10, 9, 8, 0), Site: "packhouse-1", Input: lot,
				Grades: []trace.Grade{{Name: "特级", Lot: trace.Lot{Class: testSteps.LotClass(p, "2024-HT-0001-A"),
					Quantity: trace.Kilograms("800")}}, {Name: "一级", Lot: trace.Lot{
					Class: testSteps.LotClass(p, "2024-HT-0001-B"), Quantity: trace.Kilograms("400.5")}}}})
		}, epcis.TransformationEvent, "", epcis.BizStepCreatingClassInstance, epcis.DispositionActive},
		{"packing", func() (*epcis.Event, error) {
			return testSteps.Pack(trace.Aggregation{At: at(10, 9, 10, 0), Site: "packhouse-1", Parent: caseEPC,
				Children: trace.Objects{EPCs: []string{item}}})
		}, epcis.AggregationEvent, epcis.ActionAdd, epcis.BizStepPacking, epcis.DispositionInProgress},
		{"palletising", func() (*epcis.Event, error) {
			return testSteps.Pack(trace.Aggregation{At: at(10, 9, 11, 0), Site: "packhouse-1",
				Parent: "https://id.gs1.org/00/069012340000000025", Children: trace.Objects{EPCs: []string{caseEPC}}})
		}, epcis.AggregationEvent, epcis.ActionAdd, epcis.BizStepPacking, epcis.DispositionInProgress},
		{"unpacking", func() (*epcis.Event, error) {
			return testSteps.Unpack(trace.Aggregation{At: at(10, 12, 9, 0), Site: "shop-7", Parent: caseEPC})
		}, epcis.AggregationEvent, epcis.ActionDelete, epcis.BizStepUnpacking, epcis.DispositionInProgress},
		{"inspection", func() (*epcis.Event, error) { return testSteps.Inspect(obs, fixtureReport()) },
			epcis.ObjectEvent, epcis.ActionObserve, epcis.BizStepInspecting, epcis.DispositionConformant},
		{"cold storage", func() (*epcis.Event, error) { return testSteps.Store(obs, &temp) },
			epcis.ObjectEvent, epcis.ActionObserve, epcis.BizStepStoring, epcis.DispositionSellableNotAccessible},
		{"shipping", func() (*epcis.Event, error) {
			return testSteps.Ship(obs, trace.Shipment{From: coopCode, To: companyCode, ToSite: "dc-urumqi",
				Destinations: []land.DivisionCode{"650100"}})
		}, epcis.ObjectEvent, epcis.ActionObserve, epcis.BizStepShipping, epcis.DispositionInTransit},
		{"receiving", func() (*epcis.Event, error) { return testSteps.Receive(obs, coopCode, companyCode) },
			epcis.ObjectEvent, epcis.ActionObserve, epcis.BizStepReceiving, epcis.DispositionSellableNotAccessible},
		{"retail sale", func() (*epcis.Event, error) { return testSteps.Sell(obs) },
			epcis.ObjectEvent, epcis.ActionObserve, epcis.BizStepRetailSelling, epcis.DispositionRetailSold},
		{"slaughter", func() (*epcis.Event, error) {
			return testSteps.Slaughter(trace.Slaughter{At: at(11, 2, 6, 0), Site: "abattoir-1",
				Slaughterhouse: companyCode, Animals: []trace.EarTag{"365322100000042"}, Batch: "2024-MEAT-01",
				Quarantine: "6500123456", Parts: []trace.CarcassPart{
					{EPC: testSteps.Namespace.Item("PART0001"), Name: "前腿", Weight: trace.Kilograms("4.20")},
					{EPC: testSteps.Namespace.Item("PART0002"), Name: "后腿", Weight: trace.Kilograms("5.10")}}})
		}, epcis.TransformationEvent, "", epcis.BizStepKilling, epcis.DispositionActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.build()
			require.NoError(t, err)
			require.NoError(t, epcis.Validate(e), "EPCIS capture validation")
			assert.Equal(t, tt.typ, e.Type)
			assert.Equal(t, tt.action, e.Action)
			assert.Equal(t, tt.step, e.BizStep)
			assert.Equal(t, tt.disposition, e.Disposition)
			assert.Equal(t, "+08:00", e.EventTimeZoneOffset)
		})
	}
}

func TestHarvestILMD(t *testing.T) {
	e, err := testSteps.Harvest(trace.Harvest{At: at(10, 8, 18, 0), Product: fixtureProduct(),
		Batch: fixtureBatch(), Planting: fixturePlanting()})
	require.NoError(t, err)
	assert.Equal(t, "https://trace.hotan.example.cn/plot/"+string(plotCode), e.BizLocation.ID)
	assert.Equal(t, "2024-HT-0001", ilmdValue(t, e, "lotNumber"))
	assert.Equal(t, string(plotCode), ilmdValue(t, e, "plot"))
	assert.Equal(t, "2024-10-08", ilmdValue(t, e, "harvestDate"))
	assert.Equal(t, "whole_year", ilmdValue(t, e, "plantingSeason"))
	assert.Equal(t, "红枣", ilmdValue(t, e, "crop"))
	assert.Equal(t, "骏枣", ilmdValue(t, e, "variety"))
	require.Len(t, e.QuantityList, 1)
	assert.Equal(t, "https://trace.hotan.example.cn/lot/2024-HT-0001", e.QuantityList[0].EPCClass)
	assert.Equal(t, "KGM", e.QuantityList[0].UOM)
	assert.Equal(t, "1200.50", trace.DecimalText(*e.QuantityList[0].Quantity))
}

func TestStepErrors(t *testing.T) {
	p, b := fixtureProduct(), fixtureBatch()
	other := fixturePlanting()
	other.Crop = "核桃"
	_, err := testSteps.Harvest(trace.Harvest{At: at(10, 8, 18, 0), Product: p, Batch: b, Planting: other})
	assert.ErrorContains(t, err, "is not the batch's planting")
	_, err = testSteps.Harvest(trace.Harvest{Product: p, Batch: b})
	assert.ErrorContains(t, err, "time is required")
	_, err = testSteps.Sell(trace.Observation{At: at(10, 12, 9, 0), Site: "shop"})
	assert.ErrorContains(t, err, "no EPCs and no lots")
	_, err = testSteps.Sell(trace.Observation{At: at(10, 12, 9, 0), Site: "shop", Objects: trace.Objects{EPCs: []string{"1SE6"}}})
	assert.ErrorContains(t, err, "not an absolute URI")
	_, err = trace.Steps{}.Sell(trace.Observation{At: at(10, 12, 9, 0), Site: "shop", Objects: trace.Objects{EPCs: []string{caseEPC}}})
	assert.ErrorContains(t, err, "namespace domain")
	_, err = testSteps.Pack(trace.Aggregation{At: at(10, 9, 10, 0), Site: "packhouse-1", Parent: caseEPC})
	assert.ErrorContains(t, err, "no children")
	_, err = testSteps.Slaughter(trace.Slaughter{At: at(11, 2, 6, 0), Site: "abattoir-1", Slaughterhouse: companyCode,
		Parts: []trace.CarcassPart{{EPC: caseEPC, Name: "胴体", Weight: trace.Kilograms("20")}}})
	assert.ErrorContains(t, err, "no animals")
	_, err = testSteps.Ship(trace.Observation{At: at(10, 10, 8, 0), Site: "p", Objects: trace.Objects{EPCs: []string{caseEPC}}},
		trace.Shipment{From: coopCode, To: "bad"})
	assert.ErrorContains(t, err, "parties")
}

func TestItemEPC(t *testing.T) {
	p := fixtureProduct()
	assert.Equal(t, "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q", testSteps.ItemEPC(p, "1SE61XHPSF46E73Q"))
	p.GTIN = gtin
	assert.Equal(t, "https://id.gs1.org/01/"+gtin+"/21/1001", testSteps.ItemEPC(p, "1001"))
	assert.Equal(t, "https://id.gs1.org/01/"+gtin+"/10/2024-HT-0001", testSteps.LotClass(p, "2024-HT-0001"))
}
