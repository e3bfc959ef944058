package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// RuleSet is the central rule set of iot/alarm rules that the alarm engine
// evaluates on every reading; *alarms.Engine implements it.
type RuleSet interface {
	// Rules returns the rule set as JSON and its version, 0 when none is
	// stored.
	Rules() ([]byte, int64)
	// PutRules replaces the rule set when version is the stored version and
	// returns the new one. It returns an *alarms.RuleError for a rule set
	// that does not parse and an error wrapping store.ErrConflict for
	// another version.
	PutRules(ctx context.Context, data []byte, version int64) (int64, error)
}

// maxNoteBytes is the longest note on an alarm, the limit of water.AlarmRecord.
const maxNoteBytes = 2000

// alarmAction is the body of an acknowledge or clear request; it may be
// empty.
type alarmAction struct {
	// Note replaces the alarm's note when not empty.
	Note string `json:"note"`
}

// readAction reads the optional body of an alarm action.
func readAction(r *http.Request) (alarmAction, *fieldError) {
	var in alarmAction
	if r.ContentLength == 0 && r.Header.Get("Transfer-Encoding") == "" {
		return in, nil
	}
	if fe := decodeBody(r, &in); fe != nil {
		return in, fe
	}
	if len(in.Note) > maxNoteBytes {
		return in, invalid("note", "note is %d bytes long, want at most %d", len(in.Note), maxNoteBytes)
	}
	for _, c := range in.Note {
		if c == utf8.RuneError || unicode.IsControl(c) {
			return in, invalid("note", "note has a control character or invalid UTF-8; send one line of text")
		}
	}
	return in, nil
}

// alarmID reads the id of the path.
func alarmID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, "invalid_path",
			fmt.Sprintf("alarm id %q is invalid, want a positive integer", r.PathValue("id")), "id")
		return 0, false
	}
	return id, true
}

func (s *Server) ackAlarm(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.waterAlarmAction(w, r, p, water.AlarmAcknowledged)
}

func (s *Server) clearAlarm(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.waterAlarmAction(w, r, p, water.AlarmClosed)
}

// waterAlarmAction moves a water alarm to the status to: acknowledged from
// open, or closed from open or acknowledged. An alarm already in that status
// is returned unchanged; acknowledging a closed alarm is a conflict.
func (s *Server) waterAlarmAction(w http.ResponseWriter, r *http.Request, p auth.Principal, to water.AlarmStatus) {
	if !p.CanWrite(auth.AreaWater) {
		forbidden(w, p, "handle alarms")
		return
	}
	id, ok := alarmID(w, r)
	if !ok {
		return
	}
	in, fe := readAction(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}

	a, err := s.cfg.Water.Alarm(r.Context(), id)
	var division land.DivisionCode
	if err == nil {
		division, err = s.wellDivision(r, a.Well)
	}
	if errors.Is(err, water.ErrNotFound) || err == nil && !p.InScope(division) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("alarm %d is not found in division %s", id, p.Division), "id")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}

	before := alarms.WaterJSON(a, string(division))
	switch {
	case a.Status == to && in.Note == "":
		writeJSON(w, r, http.StatusOK, before)
		return
	case a.Status == water.AlarmClosed && to == water.AlarmAcknowledged:
		writeError(w, http.StatusConflict, "conflict", fmt.Sprintf("alarm %d is closed, so it cannot be acknowledged", id), "id")
		return
	}

	a.Status = to
	if in.Note != "" {
		a.Note = in.Note
	}
	if err := s.cfg.Water.PutAlarm(r.Context(), a); err != nil {
		var fe *water.FieldError
		if errors.As(err, &fe) {
			writeFieldError(w, invalid("note", "%s", fe.Reason))
			return
		}
		s.storeError(w, r, err, "id")
		return
	}

	out := alarms.WaterJSON(a, string(division))
	change := map[water.AlarmStatus]string{water.AlarmAcknowledged: "acknowledged", water.AlarmClosed: "cleared"}[to]
	s.audit(r, p, actionWord(to), "alarm", strconv.FormatInt(id, 10), string(division), before, out)
	s.alarmChanged(string(division), alarms.Event{Source: "water", Change: change, Water: &out})
	writeJSON(w, r, http.StatusOK, out)
}

// actionWord is the audit action of a move to status to.
func actionWord(to water.AlarmStatus) string {
	if to == water.AlarmAcknowledged {
		return "acknowledge"
	}
	return "clear"
}

// wellDivision returns the division of a well; a well that is not in the
// register has none.
func (s *Server) wellDivision(r *http.Request, code water.WellCode) (land.DivisionCode, error) {
	wl, err := s.cfg.Water.Well(r.Context(), code)
	if errors.Is(err, water.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return wl.Division, nil
}

// alarmChanged hands an alarm change to Config.AlarmChanged.
func (s *Server) alarmChanged(division string, e alarms.Event) {
	if s.cfg.AlarmChanged == nil {
		return
	}
	if data, err := json.Marshal(e); err == nil {
		s.cfg.AlarmChanged(division, data)
	}
}

func (s *Server) listDeviceAlarms(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read device alarms")
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}

	f := store.DeviceAlarmFilter{Division: string(div), Limit: pg.Limit}
	if pg.After != "" {
		n, err := strconv.ParseInt(pg.After, 10, 64)
		if err != nil || n < 0 {
			writeFieldError(w, badQuery("after", "after %q is invalid; pass the next value of the previous page", pg.After))
			return
		}
		f.AfterID = n
	}
	q := r.URL.Query()
	if v := q.Get("status"); v != "" {
		if v != store.AlarmOpen && v != store.AlarmAcknowledged && v != store.AlarmClosed {
			writeFieldError(w, badQuery("status", "status %q is invalid, want open, acknowledged or closed", v))
			return
		}
		f.Status = v
	}
	if v := q.Get("device"); v != "" {
		if len(v) > 300 {
			writeFieldError(w, badQuery("device", "device is %d bytes long; pass a device id of GET /api/v1/devices", len(v)))
			return
		}
		f.Device = v
	}

	found, err := s.cfg.County.DeviceAlarms(r.Context(), f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[alarms.DeviceOutput]{Items: make([]alarms.DeviceOutput, 0, len(found))}
	for _, a := range found {
		out.Items = append(out.Items, alarms.DeviceJSON(a))
	}
	if len(found) == pg.Limit {
		out.Next = strconv.FormatInt(found[len(found)-1].ID, 10)
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) ackDeviceAlarm(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.deviceAlarmAction(w, r, p, store.AlarmAcknowledged)
}

func (s *Server) clearDeviceAlarm(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	s.deviceAlarmAction(w, r, p, store.AlarmClosed)
}

// deviceAlarmAction moves a device alarm to the status to, as
// waterAlarmAction does for water alarms.
func (s *Server) deviceAlarmAction(w http.ResponseWriter, r *http.Request, p auth.Principal, to string) {
	if !p.CanWrite(auth.AreaWater) {
		forbidden(w, p, "handle alarms")
		return
	}
	id, ok := alarmID(w, r)
	if !ok {
		return
	}
	in, fe := readAction(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}

	a, err := s.cfg.County.DeviceAlarm(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !p.InScope(land.DivisionCode(a.Division)) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("device alarm %d is not found in division %s", id, p.Division), "id")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}

	before := alarms.DeviceJSON(a)
	switch {
	case a.Status == to && in.Note == "":
		writeJSON(w, r, http.StatusOK, before)
		return
	case a.Status == store.AlarmClosed && to == store.AlarmAcknowledged:
		writeError(w, http.StatusConflict, "conflict", fmt.Sprintf("device alarm %d is closed, so it cannot be acknowledged", id), "id")
		return
	}

	a.Status = to
	if in.Note != "" {
		a.Note = in.Note
	}
	if err := s.cfg.County.PutDeviceAlarm(r.Context(), a); err != nil {
		s.storeError(w, r, err, "id")
		return
	}

	out := alarms.DeviceJSON(a)
	action, change := "acknowledge", "acknowledged"
	if to == store.AlarmClosed {
		action, change = "clear", "cleared"
	}
	s.audit(r, p, action, "device_alarm", strconv.FormatInt(id, 10), a.Division, before, out)
	s.alarmChanged(a.Division, alarms.Event{Source: "device", Change: change, Device: &out})
	writeJSON(w, r, http.StatusOK, out)
}

// rulesOutput is the central rule set as the API returns it.
type rulesOutput struct {
	Version int64           `json:"version"`
	Rules   json.RawMessage `json:"rules"`
}

// rulesInput is the body of a rule set write.
type rulesInput struct {
	// Version is the version read, 0 when none is stored.
	Version int64           `json:"version"`
	Rules   json.RawMessage `json:"rules"`
}

func (s *Server) getAlarmRules(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) || !countyWide(p) {
		forbidden(w, p, "read the county's alarm rules")
		return
	}
	if s.cfg.Rules == nil {
		writeError(w, http.StatusServiceUnavailable, "not_ready", "the alarm engine is not running", "")
		return
	}
	data, version := s.cfg.Rules.Rules()
	writeJSON(w, r, http.StatusOK, rulesOutput{Version: version, Rules: data})
}

func (s *Server) putAlarmRules(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaWater) || !countyWide(p) {
		forbidden(w, p, "change the county's alarm rules")
		return
	}
	var in rulesInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version < 0 {
		writeFieldError(w, invalid("version", "version %d is negative", in.Version))
		return
	}
	if len(in.Rules) == 0 || string(in.Rules) == "null" {
		writeFieldError(w, invalid("rules", "rules are missing, want an array of rule groups"))
		return
	}
	if s.cfg.Rules == nil {
		writeError(w, http.StatusServiceUnavailable, "not_ready", "the alarm engine is not running", "")
		return
	}

	before, _ := s.cfg.Rules.Rules()
	version, err := s.cfg.Rules.PutRules(r.Context(), in.Rules, in.Version)
	var re *alarms.RuleError
	switch {
	case errors.As(err, &re):
		writeFieldError(w, invalid("rules", "%v", re.Err))
		return
	case err != nil:
		s.storeError(w, r, err, "version")
		return
	}

	data, _ := s.cfg.Rules.Rules()
	out := rulesOutput{Version: version, Rules: data}
	s.audit(r, p, "update", "alarm_rules", alarms.RulesSetting, string(p.Division),
		rulesOutput{Version: in.Version, Rules: before}, out)
	writeJSON(w, r, http.StatusOK, out)
}
