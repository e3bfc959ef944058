package epcis

import (
	"encoding/xml"
	"strings"
)

// standardScope resolves only the prefixes of the EPCIS 2.0 context (gs1, cbv and the
// others). Vocabulary values such as a sensor report type expand with it alone, in both
// bindings, because the reference hashes leave other CURIEs as written.
var standardScope = &scope{}

func (r *xmlReader) sensorElement(n *xmlNode) SensorElement {
	var el SensorElement
	for _, c := range flatChildren(n) {
		switch {
		case c.name.Local == "sensorMetadata" && isEPCISSpace(c.name.Space):
			el.Metadata = r.sensorMetadata(c)
		case c.name.Local == "sensorReport" && isEPCISSpace(c.name.Space):
			el.Reports = append(el.Reports, r.sensorReport(c))
		default:
			ext, err := xmlExtension(c, join(r.path, "sensorElement."+c.name.Local))
			if err != nil {
				r.err = asError(err)
				return el
			}
			el.Extensions = appendExtension(el.Extensions, ext)
		}
	}
	return el
}

func (r *xmlReader) sensorMetadata(n *xmlNode) *SensorMetadata {
	m := &SensorMetadata{}
	for _, a := range n.attrs {
		if a.Name.Space != "" {
			m.Extensions = append(m.Extensions, attrExtension(a))
			continue
		}
		key := "sensorMetadata." + a.Name.Local
		switch a.Name.Local {
		case "time":
			m.Time = r.time(key, a.Value)
		case "startTime":
			m.StartTime = r.time(key, a.Value)
		case "endTime":
			m.EndTime = r.time(key, a.Value)
		case "deviceID":
			m.DeviceID = strings.TrimSpace(a.Value)
		case "deviceMetadata":
			m.DeviceMetadata = strings.TrimSpace(a.Value)
		case "rawData":
			m.RawData = strings.TrimSpace(a.Value)
		case "dataProcessingMethod":
			m.DataProcessingMethod = strings.TrimSpace(a.Value)
		case "bizRules":
			m.BizRules = strings.TrimSpace(a.Value)
		default:
			m.Extensions = append(m.Extensions, attrExtension(a))
		}
	}
	m.Extensions = append(m.Extensions, r.extensions(n, "sensorMetadata")...)
	return m
}

func (r *xmlReader) sensorReport(n *xmlNode) SensorReport {
	var rep SensorReport
	for _, a := range n.attrs {
		if a.Name.Space != "" || !r.sensorReportAttr(&rep, a) {
			rep.Extensions = append(rep.Extensions, attrExtension(a))
		}
	}
	rep.Extensions = append(rep.Extensions, r.extensions(n, "sensorReport")...)
	return rep
}

// sensorReportAttr decodes one standard attribute and reports whether EPCIS defines it.
func (r *xmlReader) sensorReportAttr(rep *SensorReport, a xml.Attr) bool {
	key := "sensorReport." + a.Name.Local
	v := strings.TrimSpace(a.Value)
	switch a.Name.Local {
	case "type":
		rep.Type = standardScope.expandTerm(v, gs1VocBase)
	case "exception":
		rep.Exception = standardScope.expandTerm(v, gs1VocBase)
	case "deviceID":
		rep.DeviceID = v
	case "deviceMetadata":
		rep.DeviceMetadata = v
	case "rawData":
		rep.RawData = v
	case "dataProcessingMethod":
		rep.DataProcessingMethod = v
	case "time":
		rep.Time = r.time(key, v)
	case "microorganism":
		rep.Microorganism = v
	case "chemicalSubstance":
		rep.ChemicalSubstance = v
	case "value":
		rep.Value = r.decimal(key, v)
	case "component":
		rep.Component = standardScope.expandTerm(v, "")
	case "stringValue":
		rep.StringValue = a.Value
	case "booleanValue":
		b, ok := map[string]bool{"true": true, "1": true, "false": false, "0": false}[v]
		if !ok {
			r.fail(key, ReasonInvalid, "invalid boolean %q: want true or false", v)
		}
		rep.BooleanValue = &b
	case "hexBinaryValue":
		rep.HexBinaryValue = v
	case "uriValue":
		rep.URIValue = v
	case "minValue":
		rep.MinValue = r.decimal(key, v)
	case "maxValue":
		rep.MaxValue = r.decimal(key, v)
	case "meanValue":
		rep.MeanValue = r.decimal(key, v)
	case "sDev":
		rep.SDev = r.decimal(key, v)
	case "percRank":
		rep.PercRank = r.decimal(key, v)
	case "percValue":
		rep.PercValue = r.decimal(key, v)
	case "uom":
		rep.UOM = v
	case "coordinateReferenceSystem":
		rep.CoordinateReferenceSystem = v
	default:
		return false
	}
	return true
}

func attrExtension(a xml.Attr) Extension {
	return Extension{Name: Name{Space: a.Name.Space, Local: a.Name.Local},
		Value: StringValue(strings.TrimSpace(a.Value))}
}

// xmlExtension decodes an element as an extension field: text becomes a string, and
// attributes and children become the members of an object, where repeated child names
// become one array. An element whose prefix no xmlns declares is rejected.
func xmlExtension(n *xmlNode, path string) (Extension, error) {
	name := Name{Space: n.name.Space, Local: n.name.Local}
	if name.Space != "" && !strings.Contains(name.Space, ":") {
		return Extension{}, newError(path, ReasonNamespace,
			"prefix %q of element %s is not declared by any xmlns", name.Space, name.Local)
	}
	if len(n.children) == 0 && len(n.attrs) == 0 {
		return Extension{Name: name, Value: StringValue(n.trimmed())}, nil
	}
	v := Value{Kind: KindObject, Text: n.trimmed()}
	for _, a := range n.attrs {
		// xsi:type and the like describe the XML, not the data.
		if a.Name.Space != xsiSpace {
			v.Fields = append(v.Fields, attrExtension(a))
		}
	}
	if len(v.Fields) == 0 && len(n.children) == 0 {
		return Extension{Name: name, Value: StringValue(v.Text)}, nil
	}
	for _, c := range n.children {
		member, err := xmlExtension(c, join(path, c.name.Local))
		if err != nil {
			return Extension{}, err
		}
		v.Fields = appendExtension(v.Fields, member)
	}
	return Extension{Name: name, Value: v}, nil
}

// xsiSpace is the XML Schema instance namespace of xsi:type and xsi:nil.
const xsiSpace = "http://www.w3.org/2001/XMLSchema-instance"

// appendExtension adds e to exts, turning a repeated name into an array, as JSON-LD writes
// a repeated XML element. XML decoding makes arrays only this way, so an existing array
// under the same name is the one being built.
func appendExtension(exts []Extension, e Extension) []Extension {
	for i := range exts {
		if exts[i].Name != e.Name {
			continue
		}
		if exts[i].Value.Kind != KindArray {
			exts[i].Value = Value{Kind: KindArray, Items: []Value{exts[i].Value}}
		}
		exts[i].Value.Items = append(exts[i].Value.Items, e.Value)
		return exts
	}
	return append(exts, e)
}
