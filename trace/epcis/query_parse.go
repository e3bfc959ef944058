package epcis

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ParseQuery decodes a SimpleEventQuery request: the JSON object of query parameters that
// the EPCIS 2.0 REST binding posts (EPCIS 2.0), or an XML EPCISQueryDocument
// holding a Poll with queryName SimpleEventQuery and its params. It rejects an unknown
// parameter, a parameter without value and a malformed value with an [*Error].
func ParseQuery(data []byte) (*Query, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	var params []queryParam
	var err error
	if len(trimmed) > 0 && trimmed[0] == '<' {
		params, err = xmlQueryParams(data)
	} else {
		params, err = jsonQueryParams(data)
	}
	if err != nil {
		return nil, err
	}
	q := &Query{}
	for _, p := range params {
		if err := q.set(p); err != nil {
			return nil, err
		}
	}
	return q, nil
}

// queryParam is one query parameter with its values as text.
type queryParam struct {
	name   string
	values []string
}

func jsonQueryParams(data []byte) ([]queryParam, error) {
	root, err := parseJSONObject(data)
	if err != nil {
		return nil, err
	}
	var params []queryParam
	for _, name := range sortedKeys(root) {
		if name == "@context" || name == "queryType" {
			continue
		}
		p := queryParam{name: name}
		items, isList := root[name].([]any)
		if !isList {
			items = []any{root[name]}
		}
		for _, item := range items {
			switch v := item.(type) {
			case string:
				p.values = append(p.values, v)
			case json.Number:
				p.values = append(p.values, v.String())
			case bool:
				p.values = append(p.values, strconv.FormatBool(v))
			default:
				return nil, newError(name, ReasonInvalid, "want a string or number, got %s",
					jsonKind(item))
			}
		}
		params = append(params, p)
	}
	return params, nil
}

func xmlQueryParams(data []byte) ([]queryParam, error) {
	root, err := parseXMLTree(data)
	if err != nil {
		return nil, err
	}
	poll := root
	if body := root.child("EPCISBody"); body != nil {
		poll = body.child("Poll")
	}
	if poll == nil || poll.name.Local != "Poll" {
		return nil, newError("EPCISBody.Poll", ReasonMissing, "missing Poll element")
	}
	name := poll.child("queryName")
	if name == nil || name.trimmed() == "" {
		return nil, newError("Poll.queryName", ReasonMissing, "missing queryName")
	}
	if name.trimmed() != "SimpleEventQuery" {
		return nil, newError("Poll.queryName", ReasonInvalid,
			"unsupported query %q: want SimpleEventQuery", name.trimmed())
	}
	var params []queryParam
	if list := poll.child("params"); list != nil {
		for _, pn := range list.children {
			n, v := pn.child("name"), pn.child("value")
			if n == nil || n.trimmed() == "" {
				return nil, newError("Poll.params", ReasonMissing, "param without name")
			}
			if v == nil {
				return nil, newError("Poll.params."+n.trimmed(), ReasonMissing,
					"param %s without value", n.trimmed())
			}
			p := queryParam{name: n.trimmed()}
			if len(v.children) == 0 {
				p.values = []string{v.trimmed()}
			}
			for _, s := range v.children {
				p.values = append(p.values, s.trimmed())
			}
			params = append(params, p)
		}
	}
	return params, nil
}

// set applies one parameter to q.
func (q *Query) set(p queryParam) error {
	if len(p.values) == 0 {
		return newError(p.name, ReasonMissing, "parameter %s without value", p.name)
	}
	var err error
	idList := map[string]*[]string{
		"EQ_readPoint": &q.ReadPoints, "EQ_bizLocation": &q.BizLocations,
		"EQ_eventID": &q.EventIDs, "MATCH_epc": &q.EPCs, "MATCH_parentID": &q.ParentIDs,
		"MATCH_inputEPC": &q.InputEPCs, "MATCH_outputEPC": &q.OutputEPCs,
		"MATCH_anyEPC": &q.AnyEPCs, "MATCH_epcClass": &q.EPCClasses,
		"MATCH_inputEPCClass": &q.InputEPCClasses, "MATCH_outputEPCClass": &q.OutputEPCClasses,
		"MATCH_anyEPCClass": &q.AnyEPCClasses, "EQ_ILMD_lotNumber": &q.LotNumbers,
		"EQ_ILMD_cbvmda:lotNumber":                &q.LotNumbers,
		"EQ_ILMD_urn:epcglobal:cbv:mda:lotNumber": &q.LotNumbers,
	}
	if dst, ok := idList[p.name]; ok {
		*dst = append(*dst, p.values...)
		return nil
	}
	times := map[string]*time.Time{"GE_eventTime": &q.EventTimeFrom,
		"LT_eventTime": &q.EventTimeTo, "GE_recordTime": &q.RecordTimeFrom,
		"LT_recordTime": &q.RecordTimeTo}
	if dst, ok := times[p.name]; ok {
		*dst, err = parseTime(p.values[0])
		return paramError(p.name, err)
	}
	quantities := map[string]**decimal.Decimal{"GE_quantity": &q.QuantityMin,
		"LE_quantity": &q.QuantityMax, "GT_quantity": &q.QuantityAbove,
		"LT_quantity": &q.QuantityBelow}
	if dst, ok := quantities[p.name]; ok {
		d, err := parseDecimal(p.values[0])
		*dst = &d
		return paramError(p.name, err)
	}
	return q.setOther(p)
}

func (q *Query) setOther(p queryParam) error {
	switch p.name {
	case "eventType":
		for _, v := range p.values {
			if !EventType(v).Valid() {
				return newError(p.name, ReasonInvalid, "invalid event type %q", v)
			}
			q.EventTypes = append(q.EventTypes, EventType(v))
		}
	case "EQ_action":
		for _, v := range p.values {
			a, err := ParseAction(v)
			if err != nil {
				return newError(p.name, ReasonInvalid, "invalid action %q: want ADD, OBSERVE "+
					"or DELETE", v)
			}
			q.Actions = append(q.Actions, a)
		}
	case "EQ_bizStep":
		for _, v := range p.values {
			b, err := bizStepVocabulary.parse(v)
			if err != nil {
				return &Error{Path: p.name, Reason: ReasonVocabulary, Err: err}
			}
			q.BizSteps = append(q.BizSteps, BizStep(b))
		}
	case "EQ_disposition":
		for _, v := range p.values {
			d, err := dispositionVocabulary.parse(v)
			if err != nil {
				return &Error{Path: p.name, Reason: ReasonVocabulary, Err: err}
			}
			q.Dispositions = append(q.Dispositions, Disposition(d))
		}
	case "orderBy":
		if v := p.values[0]; v != "eventTime" && v != "recordTime" {
			return newError(p.name, ReasonInvalid, "invalid orderBy %q: want eventTime or "+
				"recordTime", v)
		}
		q.OrderBy = p.values[0]
	case "orderDirection":
		switch strings.ToUpper(p.values[0]) {
		case "ASC":
			q.OrderAscending = true
		case "DESC":
		default:
			return newError(p.name, ReasonInvalid, "invalid orderDirection %q: want ASC or "+
				"DESC", p.values[0])
		}
	case "eventCountLimit", "perPage", "maxEventCount":
		n, err := strconv.Atoi(p.values[0])
		if err != nil || n <= 0 {
			return newError(p.name, ReasonInvalid, "invalid %s %q: want a positive integer",
				p.name, p.values[0])
		}
		q.PageSize = n
	case "nextPageToken":
		q.PageToken = p.values[0]
	default:
		return newError(p.name, ReasonUnknown, "unknown query parameter %s", p.name)
	}
	return nil
}

func paramError(name string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Path: name, Reason: ReasonInvalid, Err: err}
}
