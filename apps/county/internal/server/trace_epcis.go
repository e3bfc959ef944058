package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// epcisAccess checks that p may use the EPCIS endpoints: county-wide callers
// only, because events name no division.
func (s *Server) epcisAccess(w http.ResponseWriter, p auth.Principal, write bool) bool {
	if !s.traceAccess(w, p, write) {
		return false
	}
	if !countyWide(p) {
		writeError(w, http.StatusForbidden, "forbidden",
			fmt.Sprintf("the EPCIS endpoints serve county-wide accounts only, and yours is scoped to %s; "+
				"use /api/v1/trace/batches/{id}/events and /steps/{step}", p.Division), "")
		return false
	}
	return true
}

// captureOutput is the response of a capture.
type captureOutput struct {
	EventIDs []string `json:"eventIds"`
}

// captureEvents takes an EPCISDocument in JSON-LD or XML, validates it and
// stores its events, all or none.
func (s *Server) captureEvents(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.epcisAccess(w, p, true) {
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		switch {
		case err != nil:
		case mt == "application/json", mt == "application/ld+json", mt == "application/xml", mt == "text/xml":
			err = nil
		default:
			err = errors.New("unsupported")
		}
		if err != nil {
			writeError(w, http.StatusUnsupportedMediaType, "unsupported_media_type",
				fmt.Sprintf("content type %q is not supported, send application/ld+json, application/json or application/xml", ct), "")
			return
		}
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		writeFieldError(w, jsonError(err))
		return
	}
	// An XML document cannot carry U+0000, and its text "\u0000" is no escape.
	if !bytes.HasPrefix(bytes.TrimSpace(data), []byte("<")) {
		if fe := checkNUL(data); fe != nil {
			writeFieldError(w, fe)
			return
		}
	}
	stored, err := epcis.Capture(r.Context(), s.trace.cfg.Store, data, s.now)
	if err != nil {
		s.epcisError(w, r, err)
		return
	}
	s.traceChanged(false)
	out := captureOutput{EventIDs: make([]string, 0, len(stored))}
	for _, e := range stored {
		out.EventIDs = append(out.EventIDs, e.EventID)
	}
	s.audit(r, p, "create", "epcis_capture", strings.Join(out.EventIDs, " "), "", nil, out)
	writeJSON(w, r, http.StatusCreated, out)
}

// epcisError maps a rejected capture or query to a response: 409 for a
// duplicate event, 400 for a document that does not parse, 422 otherwise,
// each with the path of the field at fault.
func (s *Server) epcisError(w http.ResponseWriter, r *http.Request, err error) {
	var e *epcis.Error
	if !errors.As(err, &e) {
		s.internal(w, r, err)
		return
	}
	status, code := http.StatusUnprocessableEntity, "invalid_event"
	switch e.Reason {
	case epcis.ReasonDuplicate:
		status, code = http.StatusConflict, "duplicate_event"
	case epcis.ReasonSyntax:
		status, code = http.StatusBadRequest, "invalid_document"
	case epcis.ReasonUnknown:
		code = "unknown_field"
	}
	field := e.Path
	if field == "" {
		field = "(body)"
	}
	writeError(w, status, code, e.Reason.String()+": "+e.Error(), field)
}

// queryEvents runs a SimpleEventQuery given as URL query parameters, with the
// EPCIS 2.0 parameter names (EQ_bizStep, MATCH_epc, GE_eventTime, ...). A
// parameter takes several values repeated or separated by |. The next page's
// URL is in the Link header and the response's nextPageToken.
func (s *Server) queryEvents(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.epcisAccess(w, p, false) {
		return
	}
	params := map[string][]string{}
	for name, values := range r.URL.Query() {
		for _, v := range values {
			params[name] = append(params[name], strings.Split(v, "|")...)
		}
	}
	body, err := json.Marshal(params)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	q, err := epcis.ParseQuery(body)
	if err != nil {
		var e *epcis.Error
		if errors.As(err, &e) {
			writeError(w, http.StatusBadRequest, "invalid_query", e.Reason.String()+": "+e.Error(), e.Path)
			return
		}
		s.internal(w, r, err)
		return
	}
	pg, err := s.trace.cfg.Store.Query(r.Context(), *q)
	if err != nil {
		var e *epcis.Error
		if errors.As(err, &e) {
			writeError(w, http.StatusBadRequest, "invalid_query", e.Error(), e.Path)
			return
		}
		s.internal(w, r, err)
		return
	}
	if pg.NextPageToken != "" {
		next := r.URL.Query()
		next.Set("nextPageToken", pg.NextPageToken)
		w.Header().Set("Link", "<"+r.URL.Path+"?"+next.Encode()+`>; rel="next"`)
	}
	s.writeEvents(w, r, pg)
}

// eventsOutput is an EPCISQueryDocument with the next page token beside it.
type eventsOutput struct {
	Document      json.RawMessage `json:"document"`
	NextPageToken string          `json:"nextPageToken,omitempty"`
}

// writeEvents writes a page of events as an EPCISQueryDocument in JSON-LD.
// Its creation date is the latest record time of its events, so that the same
// events give the same body and ETag.
func (s *Server) writeEvents(w http.ResponseWriter, r *http.Request, pg epcis.Page) {
	created := time.Unix(0, 0).UTC()
	for _, ev := range pg.Events {
		if ev.RecordTime.After(created) {
			created = ev.RecordTime
		}
	}
	doc := &epcis.Document{SchemaVersion: "2.0", CreationDate: created,
		Query: &epcis.QueryResults{QueryName: "SimpleEventQuery"}, Events: pg.Events}
	data, err := epcis.EncodeJSON(doc)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, eventsOutput{Document: data, NextPageToken: pg.NextPageToken})
}
