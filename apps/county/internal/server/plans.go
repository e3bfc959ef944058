package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/water"
)

// planInput is the body of a plan write. Either annual or monthly is given:
// annual alone is split evenly over the twelve months, and monthly alone
// sums to the annual volume.
type planInput struct {
	Annual   json.RawMessage   `json:"annual_m3"`
	Monthly  []json.RawMessage `json:"monthly_m3"`
	Warnings []json.RawMessage `json:"warnings_percent"`
	AtLimit  string            `json:"at_limit"`
	// Version is the version read, for an update; 0 creates the plan.
	Version int64 `json:"version"`
}

// planOutput is a plan as the API returns it.
type planOutput struct {
	Well      string    `json:"well"`
	Year      int       `json:"year"`
	Annual    string    `json:"annual_m3"`
	Monthly   []string  `json:"monthly_m3"`
	Warnings  []string  `json:"warnings_percent"`
	AtLimit   string    `json:"at_limit"`
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

func planJSON(p *water.PlanRecord) planOutput {
	out := planOutput{Well: string(p.Well), Year: p.Year, Annual: sqlstore.DecimalText(p.Annual),
		Monthly: make([]string, 12), Warnings: make([]string, 0, len(p.Warnings)), AtLimit: p.AtLimit.String(),
		Version: p.Version, UpdatedAt: p.UpdatedAt}
	for i, m := range p.Monthly {
		out.Monthly[i] = sqlstore.DecimalText(m)
	}
	for _, w := range p.Warnings {
		out.Warnings = append(out.Warnings, sqlstore.DecimalText(w))
	}
	return out
}

// plan checks the input and returns the plan of the well and year.
func (in *planInput) plan(well water.WellCode, year int) (*water.PlanRecord, *fieldError) {
	rec := &water.PlanRecord{Plan: water.Plan{Well: well, Year: year}, Revision: water.Revision{Version: in.Version}}
	if in.Version < 0 {
		return nil, invalid("version", "version %d is negative", in.Version)
	}
	if err := in.volumes(&rec.Plan); err != nil {
		return nil, err
	}
	for i, raw := range in.Warnings {
		d, err := parseDecimal(raw, fmt.Sprintf("warnings_percent[%d]", i), "%")
		if err != nil {
			return nil, asFieldError(err)
		}
		rec.Warnings = append(rec.Warnings, d)
	}
	if in.AtLimit != "" {
		a, err := water.ParseLimitAction(in.AtLimit)
		if err != nil {
			return nil, invalid("at_limit", "%v", err)
		}
		rec.AtLimit = a
	}
	if err := rec.Validate(); err != nil {
		return nil, planFieldError(err)
	}
	return rec, nil
}

// volumes sets the annual and monthly volumes from the input.
func (in *planInput) volumes(p *water.Plan) *fieldError {
	annual, err := parseDecimal(in.Annual, "annual_m3", "m³")
	if err != nil {
		return asFieldError(err)
	}
	hasAnnual := len(in.Annual) > 0 && string(in.Annual) != "null"
	switch {
	case len(in.Monthly) == 0 && !hasAnnual:
		return invalid("annual_m3", "annual_m3 and monthly_m3 are missing, want one of them")
	case len(in.Monthly) == 0:
		monthly, err := water.SplitAnnual(annual, [12]int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, water.VolumePlaces)
		if err != nil {
			return invalid("annual_m3", "%v", err)
		}
		p.Annual, p.Monthly = annual, monthly
		return nil
	case len(in.Monthly) != 12:
		return invalid("monthly_m3", "monthly_m3 has %d values, want 12, January first", len(in.Monthly))
	}
	var sum decimal.Decimal
	for i, raw := range in.Monthly {
		d, err := parseDecimal(raw, fmt.Sprintf("monthly_m3[%d]", i), "m³")
		if err != nil {
			return asFieldError(err)
		}
		p.Monthly[i] = d
		sum = sum.Add(d)
	}
	if hasAnnual && !annual.Equal(sum) {
		return invalid("annual_m3", "annual_m3 %s differs from the sum of monthly_m3 %s", annual, sum)
	}
	p.Annual = sum
	return nil
}

func asFieldError(err error) *fieldError {
	var fe *fieldError
	if errors.As(err, &fe) {
		return fe
	}
	return invalid("", "%v", err)
}

// planFieldError maps the first water.FieldError of a plan to its JSON field.
func planFieldError(err error) *fieldError {
	var fe *water.FieldError
	if !errors.As(err, &fe) {
		return invalid("", "%v", err)
	}
	names := map[string]string{"Annual": "annual_m3", "Monthly": "monthly_m3", "Warnings": "warnings_percent",
		"AtLimit": "at_limit", "Year": "year", "Well": "code"}
	field := fe.Field
	base, rest, _ := strings.Cut(field, "[")
	if name, ok := names[base]; ok {
		field = name
		if rest != "" {
			field += "[" + rest
		}
	} else if field != "" {
		field = strings.ToLower(field[:1]) + field[1:]
	}
	return invalid(field, "%s", fe.Reason)
}

// planPath reads the well and year of the path and returns the well when it
// lies in p's scope.
func (s *Server) planPath(w http.ResponseWriter, r *http.Request, p auth.Principal) (*water.WellRecord, int, bool) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1949 || year > 9999 {
		writeError(w, http.StatusBadRequest, "invalid_path",
			fmt.Sprintf("year %q is invalid, want a calendar year such as 2026", r.PathValue("year")), "year")
		return nil, 0, false
	}
	wl, ok := s.scopedWell(w, r, p)
	return wl, year, ok
}

func (s *Server) getPlan(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read plans")
		return
	}
	wl, year, ok := s.planPath(w, r, p)
	if !ok {
		return
	}
	plan, err := s.cfg.Water.Plan(r.Context(), wl.Code, year)
	if errors.Is(err, water.ErrNotFound) {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("well %s has no plan for %d", wl.Code, year), "year")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, planJSON(plan))
}

func (s *Server) putPlan(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaWater) {
		forbidden(w, p, "change plans")
		return
	}
	var in planInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	wl, year, ok := s.planPath(w, r, p)
	if !ok {
		return
	}
	rec, fe := in.plan(wl.Code, year)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}

	var before any
	action := "create"
	if rec.Version != 0 {
		old, err := s.cfg.Water.Plan(r.Context(), wl.Code, year)
		if err != nil && !errors.Is(err, water.ErrNotFound) {
			s.internal(w, r, err)
			return
		}
		if err == nil {
			before, action = planJSON(old), "update"
		}
	}
	if err := s.cfg.Water.PutPlan(r.Context(), rec); err != nil {
		s.storeError(w, r, err, "version")
		return
	}
	out := planJSON(rec)
	s.audit(r, p, action, "plan", fmt.Sprintf("%s/%d", wl.Code, year), string(wl.Division), before, out)
	status := http.StatusOK
	if action == "create" {
		status = http.StatusCreated
	}
	writeJSON(w, r, status, out)
}
