package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/label"
)

func (s *Server) createCertificate(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.Certificate
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "number")
		return
	}
	if !p.InScope(in.Origin) {
		outsideDivision(w, p, "origin", in.Origin, "origin")
		return
	}
	if in.Batch != "" {
		b, err := s.trace.cfg.Store.Batch(r.Context(), in.Batch)
		if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(b.Origin) {
			writeFieldError(w, invalid("batch", "batch %s is not found in division %s", in.Batch, p.Division))
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
	}
	if err := s.trace.cfg.Store.PutCertificate(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "number")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "create", "trace_certificate", in.Number, string(in.Origin), nil, &in)
	w.Header().Set("Location", "/api/v1/trace/certificates/"+escapePath(in.Number))
	writeJSON(w, r, http.StatusCreated, &in)
}

// scopedCertificate returns the certificate of the path's number when its
// origin lies in p's scope, and writes 404 otherwise.
func (s *Server) scopedCertificate(w http.ResponseWriter, r *http.Request, p auth.Principal) (*trace.Certificate, bool) {
	number := r.PathValue("number")
	if number == "" || len(number) > 64 {
		writeError(w, http.StatusBadRequest, "invalid_path", "number must have 1 to 64 bytes", "number")
		return nil, false
	}
	c, err := s.trace.cfg.Store.Certificate(r.Context(), number)
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(c.Origin) {
		notFound(w, p, "certificate", number, "number")
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) getCertificate(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	if c, ok := s.scopedCertificate(w, r, p); ok {
		writeJSON(w, r, http.StatusOK, c)
	}
}

// certificatePDF writes the printable certificate of conformity as a PDF. Its
// QR code carries the lookup URL of the first code issued to its batch.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	c, ok := s.scopedCertificate(w, r, p)
	if !ok {
		return
	}
	lookup, err := s.firstCodeURL(r.Context(), c.Batch)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	printable, err := label.CertificateOf(c, lookup)
	if err != nil {
		s.traceError(w, r, err, "number")
		return
	}
	var buf bytes.Buffer
	err = label.WriteCertificates(&buf, []label.Certificate{printable},
		label.CertificateOptions{Font: s.trace.cfg.Font, Modified: c.UpdatedAt})
	if errors.Is(err, label.ErrFontRequired) {
		writeError(w, http.StatusServiceUnavailable, "font_missing",
			"the certificate has Chinese text and the server has no CJK font; start it with -label-font FILE.ttf", "")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="certificate.pdf"`)
	w.Header().Set("Cache-Control", "private, no-cache")
	http.ServeContent(w, r, "", c.UpdatedAt, bytes.NewReader(buf.Bytes()))
}

// firstCodeURL returns the lookup URL of the first code issued to the batch,
// or "" when it has none.
func (s *Server) firstCodeURL(ctx context.Context, batch trace.BatchID) (string, error) {
	if batch == "" {
		return "", nil
	}
	list, _, err := s.trace.cfg.Store.Issuances(ctx, trace.IssuanceFilter{Batch: batch, Page: land.Page{Limit: 1}})
	if err != nil || len(list) == 0 {
		return "", err
	}
	return s.codeURL(list[0], list[0].First)
}

func (s *Server) createReport(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in trace.TestReport
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Version != 0 {
		writeFieldError(w, invalid("version", "version is %d, want 0 or none on create", in.Version))
		return
	}
	if err := in.Validate(); err != nil {
		s.traceError(w, r, err, "number")
		return
	}
	div, fe, err := s.reportDivision(r.Context(), p, &in)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	if err := s.trace.cfg.Store.PutReport(r.Context(), &in); err != nil {
		s.traceError(w, r, err, "number")
		return
	}
	s.traceChanged(false)
	s.audit(r, p, "create", "trace_report", in.Number, string(div), nil, &in)
	w.Header().Set("Location", "/api/v1/trace/reports/"+escapePath(in.Number))
	writeJSON(w, r, http.StatusCreated, &in)
}

// reportDivision returns the division of a test report: its batch's origin,
// or else its product's producer's division, or "" (county-wide) for a report
// of neither. A batch or product outside p's scope is a field error.
func (s *Server) reportDivision(ctx context.Context, p auth.Principal, rep *trace.TestReport) (land.DivisionCode, *fieldError, error) {
	if rep.Batch != "" {
		b, err := s.trace.cfg.Store.Batch(ctx, rep.Batch)
		if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(b.Origin) {
			return "", invalid("batch", "batch %s is not found in division %s", rep.Batch, p.Division), nil
		}
		if err != nil {
			return "", nil, err
		}
		return b.Origin, nil, nil
	}
	if rep.Product != "" {
		_, fe, err := s.batchProduct(ctx, p, rep.Product)
		if fe != nil || err != nil {
			return "", fe, err
		}
		pr, err := s.trace.cfg.Store.Product(ctx, rep.Product)
		if err != nil {
			return "", nil, err
		}
		div, err := s.productDivision(ctx, pr)
		return div, nil, err
	}
	if !countyWide(p) {
		return "", invalid("batch", "batch is missing; a report without batch or product is county-wide"), nil
	}
	return "", nil, nil
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	number := r.PathValue("number")
	if number == "" || len(number) > 64 {
		writeError(w, http.StatusBadRequest, "invalid_path", "number must have 1 to 64 bytes", "number")
		return
	}
	rep, err := s.trace.cfg.Store.Report(r.Context(), number)
	if errors.Is(err, trace.ErrNotFound) {
		notFound(w, p, "test report", number, "number")
		return
	}
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if _, fe, err := s.reportDivision(r.Context(), p, rep); err != nil || fe != nil {
		if err != nil {
			s.internal(w, r, err)
			return
		}
		notFound(w, p, "test report", number, "number")
		return
	}
	writeJSON(w, r, http.StatusOK, rep)
}
