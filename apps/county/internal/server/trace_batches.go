package server

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

func (s *Server) listBatches(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
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
	f := trace.BatchFilter{Origin: div, Page: pg}
	q := r.URL.Query()
	if v := q.Get("product"); v != "" {
		f.Product = trace.ProductID(v)
		if err := f.Product.Validate(); err != nil {
			writeFieldError(w, badQuery("product", "%v", err))
			return
		}
	}
	if v := q.Get("plot"); v != "" {
		code, err := land.ParsePlotCode(v)
		if err != nil {
			writeFieldError(w, badQuery("plot", "%v", err))
			return
		}
		f.Plot = code
	}
	items, next, err := s.trace.cfg.Store.Batches(r.Context(), f)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, page[*trace.Batch]{Items: nonNil(items), Next: next})
}

// createBatch stores a batch harvested on a plot of the land register, and
// records its harvest event. The batch's origin is the plot's village.
func (s *Server) createBatch(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Batch
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	ctx := r.Context()
	product, fe, err := s.batchProduct(ctx, p, in.Product)
	if err == nil && fe == nil {
		fe, err = s.batchOrigin(ctx, p, &in)
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "id")
		return
	}
	var planting *land.Planting
	if in.Planting != (land.PlantingKey{}) {
		planting, err = s.cfg.Land.Planting(ctx, in.Planting)
		if errors.Is(err, land.ErrNotFound) {
			writeFieldError(w, invalid("planting", "plot %s has no planting record %v in the land register",
				in.Plot, in.Planting))
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
	}
	if err := s.trace.cfg.Store.PutBatch(ctx, &in); err != nil {
		s.traceError(w, r, err, "id")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "create", "trace_batch", string(in.ID), string(in.Origin), nil, &in)
	ev, err := s.trace.steps.Harvest(trace.Harvest{At: harvestTime(in.HarvestedOn, s.now(), s.loc), Product: product,
		Batch: &in, Planting: planting})
	if err == nil {
		_, err = s.storeEvents(ctx, ev)
	}
	if err != nil {
		// The batch is stored; its story lacks the harvest step until an
		// event is captured for it.
		s.log.Error("trace: record harvest event", "batch", in.ID, "err", err)
	}
	w.Header().Set("Location", "/api/v1/trace/batches/"+escapePath(string(in.ID)))
	writeJSON(w, r, http.StatusCreated, &in)
}

// batchProduct returns the product of a batch when it lies in p's scope.
func (s *Server) batchProduct(ctx context.Context, p auth.Principal, id trace.ProductID) (*trace.Product, *fieldError, error) {
	if err := id.Validate(); err != nil {
		return nil, invalid("product", "%v", err), nil
	}
	pr, err := s.trace.cfg.Store.Product(ctx, id)
	if errors.Is(err, trace.ErrNotFound) {
		return nil, invalid("product", "product %s is not found in division %s; create it first", id, p.Division), nil
	}
	if err != nil {
		return nil, nil, err
	}
	div, err := s.productDivision(ctx, pr)
	if err != nil {
		return nil, nil, err
	}
	if !p.InScope(div) {
		return nil, invalid("product", "product %s is not found in division %s; create it first", id, p.Division), nil
	}
	return pr, nil, nil
}

// batchOrigin checks the batch's plot against the land register and p's
// scope and sets the origin to the plot's village. A batch without a plot
// needs an origin in p's scope.
func (s *Server) batchOrigin(ctx context.Context, p auth.Principal, b *trace.Batch) (*fieldError, error) {
	if b.Plot == "" {
		if b.Origin == "" {
			return invalid("origin", "origin is missing; give the plot the batch grew on, or the division code of a farm"), nil
		}
		if !p.InScope(b.Origin) {
			return &fieldError{status: http.StatusForbidden, code: "forbidden", field: "origin",
				msg: "origin " + string(b.Origin) + " is outside your division " + string(p.Division)}, nil
		}
		return nil, nil
	}
	if err := b.Plot.Validate(); err != nil {
		return invalid("plot", "%v", err), nil
	}
	pl, err := s.cfg.Land.Plot(ctx, b.Plot)
	if errors.Is(err, land.ErrNotFound) || err == nil && !p.InScope(pl.Village) {
		return invalid("plot", "plot %s is not in the land register of division %s; import or create it first",
			b.Plot, p.Division), nil
	}
	if err != nil {
		return nil, err
	}
	if b.Origin != "" && b.Origin != pl.Village {
		return invalid("origin", "origin %s differs from the village %s of plot %s; leave it out", b.Origin, pl.Village, b.Plot), nil
	}
	b.Origin = pl.Village
	return nil, nil
}

func (s *Server) getBatch(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	if b, ok := s.scopedBatch(w, r, p, r.PathValue("id")); ok {
		writeJSON(w, r, http.StatusOK, b)
	}
}

// storeEvents captures events built by the server, as one capture.
func (s *Server) storeEvents(ctx context.Context, events ...*epcis.Event) ([]epcis.Event, error) {
	doc := &epcis.Document{SchemaVersion: "2.0", CreationDate: s.now()}
	for _, ev := range events {
		doc.Events = append(doc.Events, *ev)
	}
	stored, err := epcis.CaptureDocument(ctx, s.trace.cfg.Store, doc, s.now)
	if err == nil {
		s.traceChanged(false)
	}
	return stored, err
}

// batchEvents lists the events that name the batch's lot, in its ILMD or as
// the lot's EPC class, oldest first, as an EPCIS query document.
func (s *Server) batchEvents(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	b, ok := s.scopedBatch(w, r, p, r.PathValue("id"))
	if !ok {
		return
	}
	ctx := r.Context()
	product, err := s.trace.cfg.Store.Product(ctx, b.Product)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	class := s.trace.steps.LotClass(product, b.ID)
	events, err := trace.RepositoryEvents{Repository: s.trace.cfg.Store}.EventsNaming(ctx, nil, []string{class})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	byLot, err := s.trace.cfg.Store.Query(ctx, epcis.Query{LotNumbers: []string{string(b.ID)}, PageSize: 1000})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	seen := map[string]bool{}
	var out []epcis.Event
	for _, ev := range events {
		seen[ev.EventID] = true
		out = append(out, *ev)
	}
	for _, ev := range byLot.Events {
		if !seen[ev.EventID] {
			out = append(out, ev)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].EventTime.Before(out[j].EventTime) })
	s.writeEvents(w, r, epcis.Page{Events: out})
}

// harvestTime is the time of a harvest event: the end of the harvest day,
// 18:00 in the county's zone loc, or now when that is still to come.
func harvestTime(day land.Date, now time.Time, loc *time.Location) time.Time {
	t := time.Date(day.Year, day.Month, day.Day, 18, 0, 0, 0, loc)
	if t.After(now) {
		return now
	}
	return t
}
