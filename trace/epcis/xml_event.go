package epcis

import (
	"strings"
)

func decodeXMLEvent(n *xmlNode, path string) (Event, error) {
	ev := Event{Type: EventType(n.name.Local), Namespaces: prefixed(n.ns)}
	if !ev.Type.Valid() {
		return ev, newError(path, ReasonInvalid, "invalid event type %s: want one of %v",
			n.name.Local, EventTypes)
	}
	r := xmlReader{path: path}
	timeAt, actionAt := -1, -1
	for i, c := range flatChildren(n) {
		if !isEPCISSpace(c.name.Space) {
			ext, err := xmlExtension(c, join(path, c.name.Local))
			if err != nil {
				return ev, err
			}
			ev.Extensions = appendExtension(ev.Extensions, ext)
			continue
		}
		switch c.name.Local {
		case "eventTime":
			timeAt = i
		case "action":
			actionAt = i
		}
		if !r.eventField(&ev, c) {
			// An element EPCIS does not define, kept for the hash; Validate rejects it.
			ext, err := xmlExtension(c, join(path, c.name.Local))
			if err != nil {
				return ev, err
			}
			ext.Name.Space = ""
			ev.Extensions = appendExtension(ev.Extensions, ext)
		}
		if r.err != nil {
			return ev, r.err
		}
	}
	if actionAt >= 0 && timeAt > actionAt {
		return ev, newError(join(path, "action"), ReasonOrder,
			"action comes before eventTime: the EPCIS 2.0 XML schema puts eventTime first")
	}
	if timeAt < 0 {
		return ev, newError(join(path, "eventTime"), ReasonMissing, "missing eventTime")
	}
	return ev, nil
}

// eventField decodes one standard event element into ev and reports whether the name is
// one EPCIS defines.
func (r *xmlReader) eventField(ev *Event, c *xmlNode) bool {
	text := c.trimmed()
	switch c.name.Local {
	case "eventTime":
		ev.EventTime = r.time("eventTime", text)
	case "recordTime":
		ev.RecordTime = r.time("recordTime", text)
	case "eventTimeZoneOffset":
		off, err := parseOffset(text)
		if err != nil {
			r.fail("eventTimeZoneOffset", ReasonInvalid, "%v", err)
		}
		ev.EventTimeZoneOffset = off
	case "eventID":
		ev.EventID = text
	case "errorDeclaration":
		ev.ErrorDeclaration = r.errorDeclaration(c)
	case "certificationInfo":
		ev.CertificationInfo = append(ev.CertificationInfo, text)
	case "epcList":
		ev.EPCList = r.ids(c, "epc")
	case "childEPCs":
		ev.ChildEPCs = r.ids(c, "epc")
	case "inputEPCList":
		ev.InputEPCList = r.ids(c, "epc")
	case "outputEPCList":
		ev.OutputEPCList = r.ids(c, "epc")
	case "parentID":
		ev.ParentID = text
	case "quantityList":
		ev.QuantityList = r.quantities(c)
	case "childQuantityList":
		ev.ChildQuantityList = r.quantities(c)
	case "inputQuantityList":
		ev.InputQuantityList = r.quantities(c)
	case "outputQuantityList":
		ev.OutputQuantityList = r.quantities(c)
	case "action":
		a, err := ParseAction(text)
		if err != nil {
			r.fail("action", ReasonInvalid, "invalid action %q: want ADD, OBSERVE or DELETE",
				text)
		}
		ev.Action = a
	case "transformationID":
		ev.TransformationID = text
	case "bizStep":
		ev.BizStep = BizStep(r.vocab("bizStep", text, bizStepVocabulary))
	case "disposition":
		ev.Disposition = Disposition(r.vocab("disposition", text, dispositionVocabulary))
	case "persistentDisposition":
		ev.PersistentDisposition = r.persistentDisposition(c)
	case "readPoint":
		ev.ReadPoint = r.location(c)
	case "bizLocation":
		ev.BizLocation = r.location(c)
	case "bizTransactionList":
		for _, t := range c.children {
			typ, _ := t.attr("type")
			ev.BizTransactionList = append(ev.BizTransactionList, BizTransaction{
				Type:  BizTransactionType(r.optionalVocab("bizTransaction.type", typ, bttVocabulary)),
				Value: t.trimmed(),
			})
		}
	case "sourceList":
		for _, s := range c.children {
			typ, _ := s.attr("type")
			ev.SourceList = append(ev.SourceList, Source{
				Type:  SourceDestType(r.optionalVocab("source.type", typ, sdtVocabulary)),
				Value: s.trimmed(),
			})
		}
	case "destinationList":
		for _, d := range c.children {
			typ, _ := d.attr("type")
			ev.DestinationList = append(ev.DestinationList, Destination{
				Type:  SourceDestType(r.optionalVocab("destination.type", typ, sdtVocabulary)),
				Value: d.trimmed(),
			})
		}
	case "sensorElementList":
		for _, el := range c.children {
			ev.SensorElementList = append(ev.SensorElementList, r.sensorElement(el))
		}
	case "ilmd":
		ev.ILMD = r.extensions(c, "ilmd")
		if ev.ILMD == nil {
			ev.ILMD = []Extension{}
		}
	default:
		return false
	}
	return true
}

func (r *xmlReader) optionalVocab(key, s string, v *vocabulary) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return r.vocab(key, s, v)
}

// extensions decodes every child of n as an extension field; a child without namespace
// keeps an empty one.
func (r *xmlReader) extensions(n *xmlNode, key string) []Extension {
	var out []Extension
	for _, c := range flatChildren(n) {
		ext, err := xmlExtension(c, join(r.path, key+"."+c.name.Local))
		if err != nil {
			if r.err == nil {
				r.err = asError(err)
			}
			return nil
		}
		if isEPCISSpace(ext.Name.Space) {
			ext.Name.Space = ""
		}
		out = appendExtension(out, ext)
	}
	return out
}

func (r *xmlReader) errorDeclaration(n *xmlNode) *ErrorDeclaration {
	decl := &ErrorDeclaration{}
	for _, c := range flatChildren(n) {
		switch {
		case c.name.Local == "declarationTime" && isEPCISSpace(c.name.Space):
			decl.DeclarationTime = r.time("errorDeclaration.declarationTime", c.text)
		case c.name.Local == "reason" && isEPCISSpace(c.name.Space):
			decl.Reason = ErrorReason(r.vocab("errorDeclaration.reason", c.trimmed(),
				errorReasonVocabulary))
		case c.name.Local == "correctiveEventIDs" && isEPCISSpace(c.name.Space):
			decl.CorrectiveEventIDs = r.ids(c, "correctiveEventID")
		default:
			ext, err := xmlExtension(c, join(r.path, "errorDeclaration."+c.name.Local))
			if err != nil {
				r.err = asError(err)
				return decl
			}
			decl.Extensions = appendExtension(decl.Extensions, ext)
		}
	}
	if decl.DeclarationTime.IsZero() {
		r.fail("errorDeclaration.declarationTime", ReasonMissing, "missing declarationTime")
	}
	return decl
}

func (r *xmlReader) persistentDisposition(n *xmlNode) *PersistentDisposition {
	pd := &PersistentDisposition{}
	for _, c := range n.children {
		d := Disposition(r.vocab("persistentDisposition."+c.name.Local, c.trimmed(),
			dispositionVocabulary))
		switch c.name.Local {
		case "set":
			pd.Set = append(pd.Set, d)
		case "unset":
			pd.Unset = append(pd.Unset, d)
		default:
			r.fail("persistentDisposition", ReasonUnknown, "unexpected element %s: want set "+
				"or unset", c.name.Local)
		}
	}
	return pd
}

func (r *xmlReader) location(n *xmlNode) *Location {
	loc := &Location{}
	for _, c := range flatChildren(n) {
		if c.name.Local == "id" && isEPCISSpace(c.name.Space) {
			loc.ID = c.trimmed()
			continue
		}
		ext, err := xmlExtension(c, join(r.path, n.name.Local+"."+c.name.Local))
		if err != nil {
			r.err = asError(err)
			return loc
		}
		loc.Extensions = appendExtension(loc.Extensions, ext)
	}
	if loc.ID == "" {
		r.fail(n.name.Local+".id", ReasonMissing, "missing id")
	}
	return loc
}
