package epcis

import "strconv"

func (w *jsonWriter) event(ev *Event, bare bool) {
	var own map[string]string
	if len(ev.Namespaces) > 0 {
		own = make(map[string]string, len(ev.Namespaces))
		for _, ns := range ev.Namespaces {
			own[ns.IRI] = ns.Prefix
		}
	}
	w.open('{')
	switch {
	case bare:
		ns := append(append([]Namespace(nil), w.declared...), ev.Namespaces...)
		w.key("@context")
		w.context(EPCISContext, dedupe(ns))
	case len(ev.Namespaces) > 0:
		w.key("@context")
		w.context("", ev.Namespaces)
	}
	w.field("type", string(ev.Type))
	w.time("eventTime", ev.EventTime)
	w.field("eventTimeZoneOffset", ev.EventTimeZoneOffset)
	w.time("recordTime", ev.RecordTime)
	w.field("eventID", ev.EventID)
	if d := ev.ErrorDeclaration; d != nil {
		w.key("errorDeclaration")
		w.open('{')
		w.time("declarationTime", d.DeclarationTime)
		w.field("reason", string(d.Reason))
		w.list("correctiveEventIDs", d.CorrectiveEventIDs)
		w.extensionsIn(d.Extensions, own)
		w.close('}')
	}
	switch len(ev.CertificationInfo) {
	case 0:
	case 1:
		w.field("certificationInfo", ev.CertificationInfo[0])
	default:
		w.list("certificationInfo", ev.CertificationInfo)
	}
	w.field("parentID", ev.ParentID)
	w.list("epcList", ev.EPCList)
	w.list("childEPCs", ev.ChildEPCs)
	w.list("inputEPCList", ev.InputEPCList)
	w.list("outputEPCList", ev.OutputEPCList)
	w.quantities("quantityList", ev.QuantityList)
	w.quantities("childQuantityList", ev.ChildQuantityList)
	w.quantities("inputQuantityList", ev.InputQuantityList)
	w.quantities("outputQuantityList", ev.OutputQuantityList)
	w.field("action", string(ev.Action))
	w.field("transformationID", ev.TransformationID)
	w.field("bizStep", string(ev.BizStep))
	w.field("disposition", string(ev.Disposition))
	if pd := ev.PersistentDisposition; pd != nil {
		w.key("persistentDisposition")
		w.open('{')
		w.list("set", dispositionStrings(pd.Set))
		w.list("unset", dispositionStrings(pd.Unset))
		w.close('}')
	}
	w.location("readPoint", ev.ReadPoint, own)
	w.location("bizLocation", ev.BizLocation, own)
	w.typedList("bizTransactionList", "bizTransaction", len(ev.BizTransactionList),
		func(i int) (string, string) {
			return string(ev.BizTransactionList[i].Type), ev.BizTransactionList[i].Value
		})
	w.typedList("sourceList", "source", len(ev.SourceList), func(i int) (string, string) {
		return string(ev.SourceList[i].Type), ev.SourceList[i].Value
	})
	w.typedList("destinationList", "destination", len(ev.DestinationList),
		func(i int) (string, string) {
			return string(ev.DestinationList[i].Type), ev.DestinationList[i].Value
		})
	w.sensorElements(ev.SensorElementList, own)
	if ev.ILMD != nil {
		w.key("ilmd")
		w.open('{')
		w.extensionsIn(ev.ILMD, own)
		w.close('}')
	}
	w.extensionsIn(ev.Extensions, own)
	w.close('}')
}

func dedupe(ns []Namespace) []Namespace {
	seen := map[string]bool{}
	var out []Namespace
	for _, n := range ns {
		if !seen[n.Prefix] {
			seen[n.Prefix] = true
			out = append(out, n)
		}
	}
	return out
}

func dispositionStrings(ds []Disposition) []string {
	if ds == nil {
		return nil
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

func (w *jsonWriter) quantities(k string, qs []QuantityElement) {
	if qs == nil {
		return
	}
	w.key(k)
	w.open('[')
	for _, q := range qs {
		w.open('{')
		w.field("epcClass", q.EPCClass)
		w.decimal("quantity", q.Quantity)
		w.field("uom", q.UOM)
		w.close('}')
	}
	w.close(']')
}

func (w *jsonWriter) location(k string, loc *Location, own map[string]string) {
	if loc == nil {
		return
	}
	w.key(k)
	w.open('{')
	w.field("id", loc.ID)
	w.extensionsIn(loc.Extensions, own)
	w.close('}')
}

func (w *jsonWriter) typedList(k, valueKey string, n int, item func(int) (string, string)) {
	if n == 0 {
		return
	}
	w.key(k)
	w.open('[')
	for i := 0; i < n; i++ {
		typ, value := item(i)
		w.open('{')
		w.field("type", typ)
		w.field(valueKey, value)
		w.close('}')
	}
	w.close(']')
}

func (w *jsonWriter) sensorElements(els []SensorElement, own map[string]string) {
	if len(els) == 0 {
		return
	}
	w.key("sensorElementList")
	w.open('[')
	for _, el := range els {
		w.open('{')
		if m := el.Metadata; m != nil {
			w.key("sensorMetadata")
			w.open('{')
			w.time("time", m.Time)
			w.time("startTime", m.StartTime)
			w.time("endTime", m.EndTime)
			w.field("deviceID", m.DeviceID)
			w.field("deviceMetadata", m.DeviceMetadata)
			w.field("rawData", m.RawData)
			w.field("dataProcessingMethod", m.DataProcessingMethod)
			w.field("bizRules", m.BizRules)
			w.extensionsIn(m.Extensions, own)
			w.close('}')
		}
		if el.Reports != nil {
			w.key("sensorReport")
			w.open('[')
			for i := range el.Reports {
				w.sensorReport(&el.Reports[i], own)
			}
			w.close(']')
		}
		w.extensionsIn(el.Extensions, own)
		w.close('}')
	}
	w.close(']')
}

func (w *jsonWriter) sensorReport(r *SensorReport, own map[string]string) {
	w.open('{')
	w.field("type", compactTerm(r.Type))
	w.field("exception", compactTerm(r.Exception))
	w.field("deviceID", r.DeviceID)
	w.field("deviceMetadata", r.DeviceMetadata)
	w.field("rawData", r.RawData)
	w.field("dataProcessingMethod", r.DataProcessingMethod)
	w.time("time", r.Time)
	w.field("microorganism", r.Microorganism)
	w.field("chemicalSubstance", r.ChemicalSubstance)
	w.decimal("value", r.Value)
	w.field("component", compactTerm(r.Component))
	w.field("stringValue", r.StringValue)
	if r.BooleanValue != nil {
		w.key("booleanValue")
		w.raw(strconv.FormatBool(*r.BooleanValue))
	}
	w.field("hexBinaryValue", r.HexBinaryValue)
	w.field("uriValue", r.URIValue)
	w.decimal("minValue", r.MinValue)
	w.decimal("maxValue", r.MaxValue)
	w.decimal("meanValue", r.MeanValue)
	w.decimal("sDev", r.SDev)
	w.decimal("percRank", r.PercRank)
	w.decimal("percValue", r.PercValue)
	w.field("uom", r.UOM)
	w.field("coordinateReferenceSystem", r.CoordinateReferenceSystem)
	w.extensionsIn(r.Extensions, own)
	w.close('}')
}
