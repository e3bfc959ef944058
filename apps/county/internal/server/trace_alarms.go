package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// TraceAlarmOrigin is the origin of the device alarms that trace flags raise.
const TraceAlarmOrigin = "trace"

// RaiseTraceAlarm turns a stored fraud flag into an alarm: a device alarm of
// origin "trace" in the county store, so that GET /api/v1/device-alarms and
// the dashboard's alarm list show it and people acknowledge and close it as
// any other. Its device is "trace:" and the code's EPC (or "trace:client:"
// and the hashed client of a burst of unknown codes), its rule "trace_" and
// the flag's rule, and its division the origin of the code's batch. A subject
// with an alarm that is not closed gets no second one. It publishes an
// "alarm" live event and logs failures, because the flag is stored already.
func (s *Server) RaiseTraceAlarm(ctx context.Context, f *trace.Flag) {
	if s.cfg.County == nil || s.trace == nil {
		return
	}
	device := "trace:" + f.EPC
	if f.EPC == "" {
		device = "trace:client:" + f.Client
	}
	rule := "trace_" + f.Rule.String()
	open, err := s.cfg.County.DeviceAlarms(ctx, store.DeviceAlarmFilter{Device: device, NotClosed: true, Limit: 100})
	if err != nil {
		s.log.Error("trace: read alarms of flag", "flag", f.ID, "device", device, "err", err)
		return
	}
	for _, a := range open {
		if a.Rule == rule {
			return
		}
	}
	division := s.flagDivision(ctx, f)
	a := &store.DeviceAlarm{Device: device, Division: string(division), Origin: TraceAlarmOrigin, Rule: rule,
		Severity: f.Severity.String(), Status: store.AlarmOpen, Active: true, Raised: f.At,
		Value: int64(f.Evidence.Count), Limit: int64(f.Evidence.Threshold), Message: f.Message}
	if err := s.cfg.County.PutDeviceAlarm(ctx, a); err != nil {
		s.log.Error("trace: store alarm of flag", "flag", f.ID, "device", device, "err", err)
		return
	}
	s.log.Warn("trace flag raised", "flag", f.ID, "rule", f.Rule.String(), "epc", f.EPC, "alarm", a.ID)
	if s.cfg.AlarmChanged != nil {
		out := alarms.DeviceJSON(a)
		data, err := json.Marshal(alarms.Event{Source: "device", Change: "raised", Device: &out})
		if err == nil {
			s.cfg.AlarmChanged(string(division), data)
		}
	}
}

// flagDivision returns the origin of the batch of the flag's issuance, or ""
// when the flag has none.
func (s *Server) flagDivision(ctx context.Context, f *trace.Flag) land.DivisionCode {
	if f.Issuance == "" {
		return ""
	}
	is, err := s.trace.cfg.Store.Issuance(ctx, f.Issuance)
	if err != nil {
		return ""
	}
	b, err := s.trace.cfg.Store.Batch(ctx, is.Batch)
	if err != nil {
		return ""
	}
	return b.Origin
}

// listFlags lists the fraud flags on codes of batches in the caller's scope,
// newest last; county-wide callers also see flags without a code.
func (s *Server) listFlags(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	f := trace.FlagFilter{}
	q := r.URL.Query()
	if v := q.Get("rule"); v != "" {
		rule, err := trace.ParseRuleKind(v)
		if err != nil {
			writeFieldError(w, badQuery("rule", "%v", err))
			return
		}
		f.Rule = rule
	}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			writeFieldError(w, badQuery("since", "since %q is not an RFC 3339 time such as 2026-05-01T00:00:00+08:00", v))
			return
		}
		f.Since = t
	}
	divisions := map[string]land.DivisionCode{}
	keep := func(fl *trace.Flag) (bool, error) {
		d, ok := divisions[fl.Issuance]
		if !ok {
			d = s.flagDivision(r.Context(), fl)
			divisions[fl.Issuance] = d
		}
		return p.InScope(d), nil
	}
	fetch := func(after string, limit int) ([]*trace.Flag, string, error) {
		f.Page = land.Page{Limit: limit, After: after}
		return s.trace.cfg.Store.Flags(r.Context(), f)
	}
	items, next, err := collect(pg.Limit, pg.After, fetch, keep)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, page[*trace.Flag]{Items: nonNil(items), Next: next})
}
