package server

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func outsideDivision(w http.ResponseWriter, p auth.Principal, what string, d land.DivisionCode, field string) {
	writeError(w, http.StatusForbidden, "forbidden",
		fmt.Sprintf("%s %s is outside your division %s", what, d, p.Division), field)
}

func (s *Server) listProducers(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	pg, fe := pageQuery(r)
	if fe == nil {
		var div land.DivisionCode
		div, fe = divisionQuery(r, p)
		if fe == nil {
			f := trace.ProducerFilter{Division: div, Page: pg}
			if k := r.URL.Query().Get("kind"); k != "" {
				kind, err := trace.ParseProducerKind(k)
				if err != nil {
					fe = badQuery("kind", "%v", err)
				}
				f.Kind = kind
			}
			if fe == nil {
				items, next, err := s.trace.cfg.Store.Producers(r.Context(), f)
				if err != nil {
					s.internal(w, r, err)
					return
				}
				writeJSON(w, r, http.StatusOK, page[*trace.Producer]{Items: nonNil(items), Next: next})
				return
			}
		}
	}
	writeFieldError(w, fe)
}

func nonNil[T any](items []T) []T {
	if items == nil {
		return []T{}
	}
	return items
}

func (s *Server) createProducer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Producer
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "code")
		return
	}
	if !p.InScope(in.Division) {
		outsideDivision(w, p, "division", in.Division, "division")
		return
	}
	if err := s.trace.cfg.Store.PutProducer(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "code")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "create", "trace_producer", string(in.Code), string(in.Division), nil, &in)
	w.Header().Set("Location", "/api/v1/trace/producers/"+string(in.Code))
	writeJSON(w, r, http.StatusCreated, &in)
}

// scopedProducer returns the producer of the path's code when it lies in p's
// scope, and writes 404 otherwise.
func (s *Server) scopedProducer(w http.ResponseWriter, r *http.Request, p auth.Principal) (*trace.Producer, bool) {
	code, err := trace.ParseCreditCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return nil, false
	}
	pr, err := s.trace.cfg.Store.Producer(r.Context(), code)
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(pr.Division) {
		notFound(w, p, "producer", string(code), "code")
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return pr, true
}

func (s *Server) getProducer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	if pr, ok := s.scopedProducer(w, r, p); ok {
		writeJSON(w, r, http.StatusOK, pr)
	}
}

func (s *Server) updateProducer(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Producer
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	before, ok := s.scopedProducer(w, r, p)
	if !ok {
		return
	}
	if in.Code == "" {
		in.Code = before.Code
	}
	if in.Code != before.Code {
		writeFieldError(w, invalid("code", "code %s differs from the path's %s", in.Code, before.Code))
		return
	}
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "code")
		return
	}
	if !p.InScope(in.Division) {
		outsideDivision(w, p, "division", in.Division, "division")
		return
	}
	if in.Version == 0 {
		writeFieldError(w, invalid("version", "version is missing; send the version of the record read"))
		return
	}
	if err := s.trace.cfg.Store.PutProducer(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "version")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "update", "trace_producer", string(in.Code), string(in.Division), before, &in)
	writeJSON(w, r, http.StatusOK, &in)
}

func (s *Server) listProducts(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	f := trace.ProductFilter{}
	q := r.URL.Query()
	if v := q.Get("producer"); v != "" {
		code, err := trace.ParseCreditCode(v)
		if err != nil {
			writeFieldError(w, badQuery("producer", "%v", err))
			return
		}
		f.Producer = code
	}
	if v := q.Get("category"); v != "" {
		c, err := trace.ParseCategory(v)
		if err != nil {
			writeFieldError(w, badQuery("category", "%v", err))
			return
		}
		f.Category = c
	}
	// A product's division is its producer's, which the store cannot filter
	// on, so the listing reads producers as it goes.
	divisions := map[trace.CreditCode]land.DivisionCode{}
	keep := func(pr *trace.Product) (bool, error) {
		d, ok := divisions[pr.Producer]
		if !ok {
			var err error
			if d, err = s.productDivision(r.Context(), pr); err != nil {
				return false, err
			}
			divisions[pr.Producer] = d
		}
		return p.InScope(d), nil
	}
	fetch := func(after string, limit int) ([]*trace.Product, string, error) {
		f.Page = land.Page{Limit: limit, After: after}
		return s.trace.cfg.Store.Products(r.Context(), f)
	}
	items, next, err := collect(pg.Limit, pg.After, fetch, keep)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, page[*trace.Product]{Items: nonNil(items), Next: next})
}

// checkProductInput validates a product and checks that its producer lies in
// p's scope, writing the response when it does not.
func (s *Server) checkProductInput(w http.ResponseWriter, r *http.Request, p auth.Principal, in *trace.Product) (land.DivisionCode, bool) {
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "id")
		return "", false
	}
	prod, err := s.trace.cfg.Store.Producer(r.Context(), in.Producer)
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(prod.Division) {
		writeFieldError(w, invalid("producer", "producer %s is not found in division %s; create it first",
			in.Producer, p.Division))
		return "", false
	}
	if err != nil {
		s.internal(w, r, err)
		return "", false
	}
	return prod.Division, true
}

func (s *Server) createProduct(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Product
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	div, ok := s.checkProductInput(w, r, p, &in)
	if !ok {
		return
	}
	if err := s.trace.cfg.Store.PutProduct(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "id")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "create", "trace_product", string(in.ID), string(div), nil, &in)
	w.Header().Set("Location", "/api/v1/trace/products/"+escapePath(string(in.ID)))
	writeJSON(w, r, http.StatusCreated, &in)
}

// scopedProduct returns the product of the path's id when its producer lies
// in p's scope, and writes 404 otherwise.
func (s *Server) scopedProduct(w http.ResponseWriter, r *http.Request, p auth.Principal) (*trace.Product, land.DivisionCode, bool) {
	id := trace.ProductID(r.PathValue("id"))
	if err := id.Validate(); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "id")
		return nil, "", false
	}
	pr, err := s.trace.cfg.Store.Product(r.Context(), id)
	var div land.DivisionCode
	if err == nil {
		div, err = s.productDivision(r.Context(), pr)
	}
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(div) {
		notFound(w, p, "product", string(id), "id")
		return nil, "", false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, "", false
	}
	return pr, div, true
}

func (s *Server) getProduct(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	if pr, _, ok := s.scopedProduct(w, r, p); ok {
		writeJSON(w, r, http.StatusOK, pr)
	}
}

func (s *Server) updateProduct(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Product
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	before, _, ok := s.scopedProduct(w, r, p)
	if !ok {
		return
	}
	if in.ID == "" {
		in.ID = before.ID
	}
	if in.ID != before.ID {
		writeFieldError(w, invalid("id", "id %s differs from the path's %s", in.ID, before.ID))
		return
	}
	div, ok := s.checkProductInput(w, r, p, &in)
	if !ok {
		return
	}
	if in.Version == 0 {
		writeFieldError(w, invalid("version", "version is missing; send the version of the record read"))
		return
	}
	if err := s.trace.cfg.Store.PutProduct(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "version")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "update", "trace_product", string(in.ID), string(div), before, &in)
	writeJSON(w, r, http.StatusOK, &in)
}
