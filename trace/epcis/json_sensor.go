package epcis

import (
	"slices"
	"strings"
)

var sensorMetadataFields = []string{"time", "startTime", "endTime", "deviceID",
	"deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"}

var sensorReportFields = []string{"type", "exception", "deviceID", "deviceMetadata",
	"rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value",
	"component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue",
	"maxValue", "meanValue", "sDev", "percRank", "percValue", "uom",
	"coordinateReferenceSystem"}

func (r *fieldReader) sensorElements(key string) []SensorElement {
	var out []SensorElement
	r.objects(key, func(c *fieldReader) {
		var el SensorElement
		if obj, ok := c.object("sensorMetadata"); ok {
			m := c.child("sensorMetadata", obj)
			el.Metadata = m.sensorMetadata()
			if c.err == nil {
				c.err = m.err
			}
		}
		c.objects("sensorReport", func(rc *fieldReader) {
			el.Reports = append(el.Reports, rc.sensorReport())
		})
		el.Extensions = c.extensions([]string{"sensorMetadata", "sensorReport"})
		out = append(out, el)
	})
	return out
}

func (r *fieldReader) sensorMetadata() *SensorMetadata {
	return &SensorMetadata{
		Time:                 r.time("time", false),
		StartTime:            r.time("startTime", false),
		EndTime:              r.time("endTime", false),
		DeviceID:             r.str("deviceID", false),
		DeviceMetadata:       r.str("deviceMetadata", false),
		RawData:              r.str("rawData", false),
		DataProcessingMethod: r.str("dataProcessingMethod", false),
		BizRules:             r.str("bizRules", false),
		Extensions:           r.lenientExtensions(sensorMetadataFields),
	}
}

func (r *fieldReader) sensorReport() SensorReport {
	rep := SensorReport{
		Type:                      standardScope.expandTerm(r.str("type", false), gs1VocBase),
		Exception:                 standardScope.expandTerm(r.str("exception", false), gs1VocBase),
		DeviceID:                  r.str("deviceID", false),
		DeviceMetadata:            r.str("deviceMetadata", false),
		RawData:                   r.str("rawData", false),
		DataProcessingMethod:      r.str("dataProcessingMethod", false),
		Time:                      r.time("time", false),
		Microorganism:             r.str("microorganism", false),
		ChemicalSubstance:         r.str("chemicalSubstance", false),
		Value:                     r.decimal("value"),
		Component:                 standardScope.expandTerm(r.str("component", false), ""),
		StringValue:               r.rawString("stringValue"),
		BooleanValue:              r.boolean("booleanValue"),
		HexBinaryValue:            r.str("hexBinaryValue", false),
		URIValue:                  r.str("uriValue", false),
		MinValue:                  r.decimal("minValue"),
		MaxValue:                  r.decimal("maxValue"),
		MeanValue:                 r.decimal("meanValue"),
		SDev:                      r.decimal("sDev"),
		PercRank:                  r.decimal("percRank"),
		PercValue:                 r.decimal("percValue"),
		UOM:                       r.str("uom", false),
		CoordinateReferenceSystem: r.str("coordinateReferenceSystem", false),
	}
	rep.Extensions = r.lenientExtensions(sensorReportFields)
	return rep
}

// rawString reads a string value without trimming it, for free text such as stringValue.
func (r *fieldReader) rawString(key string) string {
	raw, ok := r.take(key, false)
	if !ok {
		return ""
	}
	s, isString := raw.(string)
	if !isString {
		r.fail(key, ReasonInvalid, "want a string, got %s", jsonKind(raw))
	}
	return s
}

func (r *fieldReader) boolean(key string) *bool {
	raw, ok := r.take(key, false)
	if !ok {
		return nil
	}
	b, isBool := raw.(bool)
	if !isBool {
		r.fail(key, ReasonInvalid, "want true or false, got %s", describe(raw))
		return nil
	}
	return &b
}

// expandTerm expands a vocabulary term: a CURIE with a known prefix to its IRI, and a bare
// term (no colon) to base+term when base is set. Others come back unchanged.
func (s *scope) expandTerm(v, base string) string {
	if v == "" {
		return ""
	}
	if !strings.Contains(v, ":") {
		if base == "" {
			return v
		}
		return base + v
	}
	return s.expandValue(v)
}

// lenientExtensions reads the extensions of a sensor structure. A key without prefix that
// EPCIS does not define is kept with an empty namespace instead of being rejected, because
// common producers write such keys (bizRules on a sensorReport, for one).
func (r *fieldReader) lenientExtensions(known []string) []Extension {
	if r.err != nil {
		return nil
	}
	var exts []Extension
	for _, key := range sortedKeys(r.obj) {
		if slices.Contains(known, key) {
			continue
		}
		name, ok := r.scope.expandKey(key)
		if !ok && strings.Contains(key, ":") {
			r.err = unknownKeyError(key, r.path)
			return nil
		}
		if !ok {
			name = Name{Local: key}
		}
		v, err := decodeValue(r.obj[key], r.scope, join(r.path, key))
		if err != nil {
			r.err = asError(err)
			return nil
		}
		exts = append(exts, Extension{Name: name, Value: v})
	}
	return exts
}
