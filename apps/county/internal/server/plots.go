package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/geojson"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/clean"
)

// plotInput is the body of a plot create or update.
type plotInput struct {
	Code                 string          `json:"code"`
	Name                 string          `json:"name"`
	Village              string          `json:"village"`
	Geometry             json.RawMessage `json:"geometry"`
	Class                string          `json:"class"`
	Category             string          `json:"category"`
	Use                  string          `json:"use"`
	DeclaredArea         json.RawMessage `json:"declared_area"`
	HighStandardFarmland bool            `json:"high_standard_farmland"`
	Salinity             string          `json:"salinity"`
	Irrigation           string          `json:"irrigation"`
	// Version is the version read, for an update; 0 for a create.
	Version int64 `json:"version"`
}

// plotOutput is a plot as the API returns it.
type plotOutput struct {
	Code                 string          `json:"code"`
	Name                 string          `json:"name"`
	Village              string          `json:"village"`
	Geometry             json.RawMessage `json:"geometry"`
	Class                string          `json:"class,omitempty"`
	Category             string          `json:"category,omitempty"`
	Use                  string          `json:"use,omitempty"`
	DeclaredArea         string          `json:"declared_area"`
	MeasuredAreaM2       int64           `json:"measured_area_m2"`
	HighStandardFarmland bool            `json:"high_standard_farmland"`
	Salinity             string          `json:"salinity,omitempty"`
	Irrigation           string          `json:"irrigation,omitempty"`
	Version              int64           `json:"version"`
	UpdatedAt            time.Time       `json:"updated_at"`
}

// maxTextLen bounds free-text fields, in bytes.
const maxTextLen = 200

func plotJSON(p *land.Plot) (plotOutput, error) {
	out := plotOutput{
		Code: string(p.Code), Name: p.Name, Village: string(p.Village), Geometry: json.RawMessage("null"),
		DeclaredArea: sqlstore.DecimalText(p.DeclaredArea), HighStandardFarmland: p.HighStandardFarmland,
		Version: p.Version, UpdatedAt: p.UpdatedAt,
	}
	if p.Class != 0 {
		out.Class = p.Class.String()
	}
	if p.Category != 0 {
		out.Category = p.Category.String()
	}
	out.Use = string(p.Use)
	if p.Salinity != 0 {
		out.Salinity = p.Salinity.String()
	}
	if p.Irrigation != 0 {
		out.Irrigation = p.Irrigation.String()
	}
	if p.Geometry != nil {
		g, err := geojson.Marshal(p.Geometry)
		if err != nil {
			return out, fmt.Errorf("encode geometry of plot %s: %w", p.Code, err)
		}
		out.Geometry = g
		out.MeasuredAreaM2 = int64(p.MeasuredArea() + 0.5)
	}
	return out, nil
}

// plot checks the input field by field and returns the plot it describes.
func (in *plotInput) plot() (*land.Plot, *fieldError) {
	p := &land.Plot{Name: in.Name, HighStandardFarmland: in.HighStandardFarmland, Version: in.Version}
	if fe := in.checkIdentity(p); fe != nil {
		return nil, fe
	}
	if fe := in.checkAttributes(p); fe != nil {
		return nil, fe
	}

	var err error
	if p.DeclaredArea, err = parseDecimal(in.DeclaredArea, "declared_area", "mu"); err != nil {
		var fe *fieldError
		errors.As(err, &fe)
		return nil, fe
	}
	if in.Version < 0 {
		return nil, invalid("version", "version %d is negative", in.Version)
	}
	if fe := setGeometry(p, in.Geometry); fe != nil {
		return nil, fe
	}

	// The checks above name the field; this one backs them up with the rules
	// of package land.
	if err := p.Validate(); err != nil {
		return nil, invalid("", "%v", err)
	}
	return p, nil
}

// checkIdentity sets the code, name and village of p.
func (in *plotInput) checkIdentity(p *land.Plot) *fieldError {
	var err error
	if p.Code, err = land.ParsePlotCode(in.Code); err != nil {
		return invalid("code", "%v", err)
	}
	if len(in.Name) > maxTextLen {
		return invalid("name", "name is %d bytes long, want at most %d", len(in.Name), maxTextLen)
	}
	if in.Village == "" {
		return invalid("village", "village is missing, want the 12-digit division code of the village")
	}
	if p.Village, err = land.ParseDivisionCode(in.Village); err != nil {
		return invalid("village", "%v", err)
	}
	if p.Village.Level() != land.DivisionVillage {
		return invalid("village", "division %s is a %v, want a 12-digit village code", p.Village, p.Village.Level())
	}
	return nil
}

// checkAttributes sets the classes of p that the input names.
func (in *plotInput) checkAttributes(p *land.Plot) *fieldError {
	var err error
	if in.Class != "" {
		if p.Class, err = land.ParseClass(in.Class); err != nil {
			return invalid("class", "%v", err)
		}
	}
	if in.Category != "" {
		if p.Category, err = land.ParseCategory(in.Category); err != nil {
			return invalid("category", "%v", err)
		}
	}
	if in.Use != "" {
		if p.Use, err = land.ParseUse(in.Use); err != nil {
			return invalid("use", "%v", err)
		}
	}
	if in.Salinity != "" {
		if p.Salinity, err = land.ParseSalinityGrade(in.Salinity); err != nil {
			return invalid("salinity", "%v", err)
		}
	}
	if in.Irrigation != "" {
		if p.Irrigation, err = land.ParseIrrigationMethod(in.Irrigation); err != nil {
			return invalid("irrigation", "%v", err)
		}
	}
	return nil
}

// parseDecimal reads a non-negative decimal given as a JSON string or number.
func parseDecimal(raw json.RawMessage, field, unit string) (decimal.Decimal, error) {
	text, ok := rawText(raw)
	if !ok {
		return decimal.Decimal{}, &fieldError{status: http.StatusBadRequest, code: "invalid_type", field: field,
			msg: fmt.Sprintf("want a decimal number of %s as a JSON string or number, got %s", unit, raw)}
	}
	if text == "" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(text)
	if err != nil || len(text) > 40 {
		return d, invalid(field, "%q is not a decimal number of %s", text, unit)
	}
	if d.IsNegative() {
		return d, invalid(field, "%s %s is negative, want 0 or more", text, unit)
	}
	return d, nil
}

// setGeometry decodes a GeoJSON Polygon or MultiPolygon in lon, lat degrees,
// applies the safe repairs of land/clean and rejects invalid boundaries.
func setGeometry(p *land.Plot, raw json.RawMessage) *fieldError {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var g geom.T
	if err := geojson.Unmarshal(raw, &g); err != nil {
		return invalid("geometry", "invalid GeoJSON geometry: %v", err)
	}
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
	default:
		return invalid("geometry", "geometry is a %T, want a GeoJSON Polygon or MultiPolygon", g)
	}
	if g.Layout() != geom.XY {
		return invalid("geometry", "geometry has %d coordinates per position, want 2 (lon, lat)", g.Stride())
	}
	repaired, problems := clean.Clean(g, clean.Options{})
	for _, pr := range problems {
		if pr.Severity == clean.SeverityInvalid {
			return invalid("geometry", "%s: %s", pr.Code, pr.Message)
		}
	}
	p.Geometry = repaired
	return nil
}

func (s *Server) listPlots(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read plots")
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

	plots, next, err := s.cfg.Land.Plots(r.Context(), land.PlotFilter{Division: div, Page: pg})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[plotOutput]{Items: make([]plotOutput, 0, len(plots)), Next: next}
	for _, pl := range plots {
		o, err := plotJSON(pl)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		out.Items = append(out.Items, o)
	}
	writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) getPlot(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read plots")
		return
	}
	code, err := land.ParsePlotCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return
	}
	now := time.Now()
	e, ok := s.plots.get(code, now)
	if !ok {
		generation := s.plots.current()
		pl, err := s.cfg.Land.Plot(r.Context(), code)
		if errors.Is(err, land.ErrNotFound) {
			plotNotFound(w, code, p)
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		e, err = encodePlot(pl, generation)
		if err != nil {
			s.internal(w, r, err)
			return
		}
		s.plots.put(code, e, now)
	}
	if !p.InScope(e.division) {
		plotNotFound(w, code, p)
		return
	}
	e.write(w, r)
}

// encodePlot returns the GET response of pl, tagged with the cache generation
// read before pl was loaded.
func encodePlot(pl *land.Plot, generation uint64) (*cachedBody, error) {
	o, err := plotJSON(pl)
	if err != nil {
		return nil, err
	}
	body, etag, err := encodeBody(o)
	if err != nil {
		return nil, err
	}
	return newCachedBody(pl.Village, body, etag, generation), nil
}

func plotNotFound(w http.ResponseWriter, code land.PlotCode, p auth.Principal) {
	writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("plot %s is not found in division %s", code, p.Division), "code")
}

// scopedPlot returns the plot of the path's code when it lies in p's scope,
// and writes 404 otherwise.
func (s *Server) scopedPlot(w http.ResponseWriter, r *http.Request, p auth.Principal) (*land.Plot, bool) {
	code, err := land.ParsePlotCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return nil, false
	}
	pl, err := s.cfg.Land.Plot(r.Context(), code)
	if errors.Is(err, land.ErrNotFound) || err == nil && !p.InScope(pl.Village) {
		plotNotFound(w, code, p)
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return pl, true
}

func (s *Server) createPlot(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaLand) {
		forbidden(w, p, "change plots")
		return
	}
	var in plotInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	pl, fe := in.plot()
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if !p.InScope(pl.Village) {
		writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("village %s is outside your division %s", pl.Village, p.Division), "village")
		return
	}
	// A code of another village's issuer would take a number that village's
	// cadres could neither see nor use.
	if !p.InScopePrefix(string(pl.Code)) {
		writeError(w, http.StatusForbidden, "forbidden",
			fmt.Sprintf("plot code %s belongs to village %s, outside your division %s; use a code of your own villages",
				pl.Code, string(pl.Code)[:12], p.Division), "code")
		return
	}
	err := s.cfg.Land.PutPlot(r.Context(), pl)
	s.plots.invalidate()
	if err != nil {
		s.storeError(w, r, err, "code")
		return
	}
	o, err := plotJSON(pl)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, p, "create", "plot", string(pl.Code), string(pl.Village), nil, o)
	w.Header().Set("Location", "/api/v1/plots/"+string(pl.Code))
	writeJSON(w, r, http.StatusCreated, o)
}

func (s *Server) updatePlot(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanWrite(auth.AreaLand) {
		forbidden(w, p, "change plots")
		return
	}
	var in plotInput
	if fe := decodeBody(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Code == "" {
		in.Code = r.PathValue("code")
	}
	if in.Code != r.PathValue("code") {
		writeFieldError(w, invalid("code", "code %q differs from the path's %q; a plot keeps its code", in.Code, r.PathValue("code")))
		return
	}
	if in.Version == 0 {
		writeFieldError(w, invalid("version", "version is missing, want the version of the plot as read"))
		return
	}
	pl, fe := in.plot()
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	old, ok := s.scopedPlot(w, r, p)
	if !ok {
		return
	}
	if !p.InScope(pl.Village) {
		writeError(w, http.StatusForbidden, "forbidden", fmt.Sprintf("village %s is outside your division %s", pl.Village, p.Division), "village")
		return
	}
	before, err := plotJSON(old)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	err = s.cfg.Land.PutPlot(r.Context(), pl)
	s.plots.invalidate()
	if err != nil {
		s.storeError(w, r, err, "version")
		return
	}
	after, err := plotJSON(pl)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, p, "update", "plot", string(pl.Code), string(pl.Village), before, after)
	writeJSON(w, r, http.StatusOK, after)
}
