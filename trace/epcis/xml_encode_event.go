package epcis

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

func (w *xmlWriter) event(ev *Event) {
	name := string(ev.Type)
	w.open(name)
	w.time("eventTime", ev.EventTime)
	w.time("recordTime", ev.RecordTime)
	w.text("eventTimeZoneOffset", ev.EventTimeZoneOffset)
	w.text("eventID", ev.EventID)
	if d := ev.ErrorDeclaration; d != nil {
		w.open("errorDeclaration")
		w.time("declarationTime", d.DeclarationTime)
		w.text("reason", d.Reason.URN())
		w.list("correctiveEventIDs", "correctiveEventID", d.CorrectiveEventIDs)
		w.extensions(d.Extensions)
		w.close("errorDeclaration")
	}
	for _, c := range ev.CertificationInfo {
		w.text("certificationInfo", c)
	}

	switch ev.Type {
	case ObjectEvent:
		w.list("epcList", "epc", ev.EPCList)
		w.writeWhy(ev, true)
		w.quantities("quantityList", ev.QuantityList)
	case AggregationEvent, AssociationEvent:
		w.text("parentID", ev.ParentID)
		w.list("childEPCs", "epc", ev.ChildEPCs)
		w.writeWhy(ev, true)
		w.quantities("childQuantityList", ev.ChildQuantityList)
	case TransactionEvent:
		w.bizTransactions(ev.BizTransactionList)
		w.text("parentID", ev.ParentID)
		w.list("epcList", "epc", ev.EPCList)
		w.writeWhy(ev, false)
		w.quantities("quantityList", ev.QuantityList)
	case TransformationEvent:
		w.list("inputEPCList", "epc", ev.InputEPCList)
		w.quantities("inputQuantityList", ev.InputQuantityList)
		w.list("outputEPCList", "epc", ev.OutputEPCList)
		w.quantities("outputQuantityList", ev.OutputQuantityList)
		w.text("transformationID", ev.TransformationID)
		w.writeWhy(ev, true)
	}
	w.sourcesAndDestinations(ev)
	w.sensorElements(ev.SensorElementList)
	if pd := ev.PersistentDisposition; pd != nil {
		w.open("persistentDisposition")
		for _, d := range pd.Set {
			w.text("set", d.URN())
		}
		for _, d := range pd.Unset {
			w.text("unset", d.URN())
		}
		w.close("persistentDisposition")
	}
	if ev.ILMD != nil {
		w.open("ilmd")
		w.extensions(ev.ILMD)
		w.close("ilmd")
	}
	w.extensions(ev.Extensions)
	w.close(name)
}

// writeWhy writes action, bizStep, disposition, readPoint, bizLocation and, when
// transactions is set, bizTransactionList.
func (w *xmlWriter) writeWhy(ev *Event, transactions bool) {
	w.text("action", string(ev.Action))
	w.text("bizStep", ev.BizStep.URN())
	w.text("disposition", ev.Disposition.URN())
	w.location("readPoint", ev.ReadPoint)
	w.location("bizLocation", ev.BizLocation)
	if transactions {
		w.bizTransactions(ev.BizTransactionList)
	}
}

func (w *xmlWriter) location(name string, loc *Location) {
	if loc == nil {
		return
	}
	w.open(name)
	w.text("id", loc.ID)
	w.extensions(loc.Extensions)
	w.close(name)
}

func (w *xmlWriter) typed(name, typ, value string) {
	w.indent()
	w.buf.WriteString("<" + name)
	w.attr("type", typ)
	w.buf.WriteByte('>')
	escapeXML(&w.buf, value)
	w.buf.WriteString("</" + name + ">")
}

func (w *xmlWriter) bizTransactions(list []BizTransaction) {
	if len(list) == 0 {
		return
	}
	w.open("bizTransactionList")
	for _, t := range list {
		w.typed("bizTransaction", t.Type.URN(), t.Value)
	}
	w.close("bizTransactionList")
}

func (w *xmlWriter) sourcesAndDestinations(ev *Event) {
	if len(ev.SourceList) > 0 {
		w.open("sourceList")
		for _, s := range ev.SourceList {
			w.typed("source", s.Type.URN(), s.Value)
		}
		w.close("sourceList")
	}
	if len(ev.DestinationList) > 0 {
		w.open("destinationList")
		for _, d := range ev.DestinationList {
			w.typed("destination", d.Type.URN(), d.Value)
		}
		w.close("destinationList")
	}
}

func (w *xmlWriter) sensorElements(els []SensorElement) {
	if len(els) == 0 {
		return
	}
	w.open("sensorElementList")
	for _, el := range els {
		w.open("sensorElement")
		if m := el.Metadata; m != nil {
			w.withAttrs("sensorMetadata", m.Extensions, func() {
				w.attr("time", formatOptionalTime(m.Time))
				w.attr("startTime", formatOptionalTime(m.StartTime))
				w.attr("endTime", formatOptionalTime(m.EndTime))
				w.attr("deviceID", m.DeviceID)
				w.attr("deviceMetadata", m.DeviceMetadata)
				w.attr("rawData", m.RawData)
				w.attr("dataProcessingMethod", m.DataProcessingMethod)
				w.attr("bizRules", m.BizRules)
			})
		}
		for i := range el.Reports {
			w.sensorReport(&el.Reports[i])
		}
		w.extensions(el.Extensions)
		w.close("sensorElement")
	}
	w.close("sensorElementList")
}

func (w *xmlWriter) sensorReport(r *SensorReport) {
	w.withAttrs("sensorReport", r.Extensions, func() {
		w.attr("type", compactTerm(r.Type))
		w.attr("exception", compactTerm(r.Exception))
		w.attr("deviceID", r.DeviceID)
		w.attr("deviceMetadata", r.DeviceMetadata)
		w.attr("rawData", r.RawData)
		w.attr("dataProcessingMethod", r.DataProcessingMethod)
		w.attr("time", formatOptionalTime(r.Time))
		w.attr("microorganism", r.Microorganism)
		w.attr("chemicalSubstance", r.ChemicalSubstance)
		w.decimalAttr("value", r.Value)
		w.attr("component", compactTerm(r.Component))
		w.attr("stringValue", r.StringValue)
		if r.BooleanValue != nil {
			w.attr("booleanValue", strconv.FormatBool(*r.BooleanValue))
		}
		w.attr("hexBinaryValue", r.HexBinaryValue)
		w.attr("uriValue", r.URIValue)
		w.decimalAttr("minValue", r.MinValue)
		w.decimalAttr("maxValue", r.MaxValue)
		w.decimalAttr("meanValue", r.MeanValue)
		w.decimalAttr("sDev", r.SDev)
		w.decimalAttr("percRank", r.PercRank)
		w.decimalAttr("percValue", r.PercValue)
		w.attr("uom", r.UOM)
		w.attr("coordinateReferenceSystem", r.CoordinateReferenceSystem)
	})
}

// withAttrs writes an element whose standard fields are attributes: attrs writes them, the
// extensions with a plain value follow as attributes and the others as child elements.
func (w *xmlWriter) withAttrs(name string, exts []Extension, attrs func()) {
	w.indent()
	w.buf.WriteString("<" + name)
	attrs()
	var children []Extension
	for _, e := range exts {
		if e.Value.Kind == KindObject || e.Value.Kind == KindArray {
			children = append(children, e)
			continue
		}
		w.attr(w.qname(e.Name), e.Value.Text)
	}
	if len(children) == 0 {
		w.buf.WriteString("/>")
		return
	}
	w.buf.WriteByte('>')
	w.depth++
	w.extensions(children)
	w.close(name)
}

func (w *xmlWriter) decimalAttr(name string, d *decimal.Decimal) {
	if d != nil {
		w.attr(name, d.String())
	}
}

// formatOptionalTime formats t as [formatTime] does; zero time is empty.
func formatOptionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}
