package server

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/label"
	"github.com/shuxiang/shuxiang/trace/mint"
)

// maxImageExport bounds the codes of one PNG or PDF export, which take far
// more time and memory per code than CSV.
const maxImageExport = 10_000

// issueInput is the body of POST /api/v1/trace/batches/{id}/codes.
type issueInput struct {
	// Count is the number of codes, 1 to MaxIssue.
	Count int `json:"count"`
	// State is "issued" (the default) or "active".
	State string `json:"state"`
	// Destinations are division codes the batch is bound for.
	Destinations []land.DivisionCode `json:"destinations"`
}

// issueCodes issues codes to a batch: county-minted codes for a product
// without GTIN, GS1 serial numbers after the last issued ones otherwise. The
// response is the issuance; the codes are exported from
// /api/v1/trace/issuances/{id}/export.
func (s *Server) issueCodes(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in issueInput
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	if in.Count < 1 || in.Count > MaxIssue {
		writeFieldError(w, invalid("count", "count is %d, want 1 to %d", in.Count, MaxIssue))
		return
	}
	state := trace.Issued
	if in.State != "" {
		st, err := trace.ParseIssuanceState(in.State)
		if err != nil || st != trace.Issued && st != trace.Active {
			writeFieldError(w, invalid("state", "state %q is invalid, want issued or active", in.State))
			return
		}
		state = st
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
	now := s.now()
	is := &trace.Issuance{Batch: b.ID, Count: uint64(in.Count), State: state, IssuedAt: now,
		Destinations: in.Destinations}
	if state == trace.Active {
		is.ActivatedAt = now
	}
	if product.Scheme() == trace.SchemeGS1 {
		err = s.issueGS1(ctx, product, is)
	} else {
		err = s.issueMinted(ctx, is)
	}
	if err != nil {
		s.traceError(w, r, err, "count")
		return
	}
	s.traceChanged(true)
	s.audit(r, p, "create", "trace_issuance", is.ID, string(b.Origin), nil, is)
	w.Header().Set("Location", "/api/v1/trace/issuances/"+escapePath(is.ID))
	writeJSON(w, r, http.StatusCreated, is)
}

// issueMinted allocates a new mint batch under the current key version. A
// conflict with a batch number that another server took reads the numbers
// again and tries once more.
func (s *Server) issueMinted(ctx context.Context, is *trace.Issuance) error {
	t := s.trace
	t.issue.Lock()
	defer t.issue.Unlock()
	for attempt := 0; ; attempt++ {
		if err := s.syncMinter(ctx, attempt > 0); err != nil {
			return err
		}
		mb, err := t.minter.NewBatch(uint32(is.Count))
		if err != nil {
			return err
		}
		is.ID = fmt.Sprintf("v%d.b%d", mb.Version, mb.Number)
		is.Scheme, is.Space, is.KeyVersion = trace.SchemeMinted, trace.MintSpace(mb.Version, mb.Number), int(mb.Version)
		is.First = uint64(mb.First)
		err = t.cfg.Store.PutIssuance(ctx, is)
		if !errors.Is(err, trace.ErrConflict) || attempt > 0 {
			return err
		}
	}
}

// syncMinter makes the minter of the current key version hand out the batch
// number after the highest one stored, on first use and when again is set.
// t.issue is held.
func (s *Server) syncMinter(ctx context.Context, again bool) error {
	t := s.trace
	if t.minter != nil && !again {
		return nil
	}
	keys := t.cfg.Keys
	m, err := mint.NewMinter(keys.Mint, keys.Current)
	if err != nil {
		return err
	}
	next := uint32(0)
	pg := land.Page{Limit: 1000}
	for {
		list, after, err := t.cfg.Store.Issuances(ctx, trace.IssuanceFilter{Scheme: trace.SchemeMinted, Page: pg})
		if err != nil {
			return err
		}
		for _, is := range list {
			if v, n, ok := parseMintSpace(is.Space); ok && v == keys.Current {
				next = max(next, n+1)
			}
		}
		if after == "" {
			break
		}
		pg.After = after
	}
	if err := m.SetNextBatch(next); err != nil {
		return err
	}
	t.minter = m
	return nil
}

// parseMintSpace returns the key version and batch number of a minted code
// space, "v{version}.b{batch}".
func parseMintSpace(space string) (uint8, uint32, bool) {
	v, b, ok := strings.Cut(strings.TrimPrefix(space, "v"), ".b")
	if !ok || !strings.HasPrefix(space, "v") {
		return 0, 0, false
	}
	version, err1 := strconv.ParseUint(v, 10, 8)
	batch, err2 := strconv.ParseUint(b, 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uint8(version), uint32(batch), true
}

// issueGS1 allocates serial numbers of the product's GTIN after the last
// issued one.
func (s *Server) issueGS1(ctx context.Context, product *trace.Product, is *trace.Issuance) error {
	t := s.trace
	t.issue.Lock()
	defer t.issue.Unlock()
	next := uint64(1)
	pg := land.Page{Limit: 1000}
	for {
		list, after, err := t.cfg.Store.Issuances(ctx, trace.IssuanceFilter{Scheme: trace.SchemeGS1,
			Space: product.GTIN, Page: pg})
		if err != nil {
			return err
		}
		for _, other := range list {
			next = max(next, other.Last()+1)
		}
		if after == "" {
			break
		}
		pg.After = after
	}
	is.ID = "g" + strconv.FormatInt(s.now().UnixMicro(), 36)
	is.Scheme, is.Space, is.First = trace.SchemeGS1, product.GTIN, next
	return t.cfg.Store.PutIssuance(ctx, is)
}

func (s *Server) listIssuances(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	b, ok := s.scopedBatch(w, r, p, r.PathValue("id"))
	if !ok {
		return
	}
	items, next, err := s.trace.cfg.Store.Issuances(r.Context(), trace.IssuanceFilter{Batch: b.ID, Page: pg})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, page[*trace.Issuance]{Items: nonNil(items), Next: next})
}

// scopedIssuance returns the issuance of the path's id when its batch lies in
// p's scope, and writes 404 otherwise.
func (s *Server) scopedIssuance(w http.ResponseWriter, r *http.Request, p auth.Principal) (*trace.Issuance, *trace.Batch, bool) {
	id := r.PathValue("id")
	if err := trace.BatchID(id).Validate(); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "id")
		return nil, nil, false
	}
	is, err := s.trace.cfg.Store.Issuance(r.Context(), id)
	var b *trace.Batch
	if err == nil {
		b, err = s.trace.cfg.Store.Batch(r.Context(), is.Batch)
	}
	if errors.Is(err, trace.ErrNotFound) || err == nil && !p.InScope(b.Origin) {
		notFound(w, p, "issuance", id, "id")
		return nil, nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, nil, false
	}
	return is, b, true
}

func (s *Server) getIssuance(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	if is, _, ok := s.scopedIssuance(w, r, p); ok {
		writeJSON(w, r, http.StatusOK, is)
	}
}

// stateInput is the body of POST /api/v1/trace/issuances/{id}/state.
type stateInput struct {
	State   string `json:"state"`
	Version int64  `json:"version"`
}

// setIssuanceState activates, suspends or revokes the codes of an issuance.
func (s *Server) setIssuanceState(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	var in stateInput
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	st, err := trace.ParseIssuanceState(in.State)
	if err != nil {
		writeFieldError(w, invalid("state", "%v", err))
		return
	}
	is, b, ok := s.scopedIssuance(w, r, p)
	if !ok {
		return
	}
	if in.Version != 0 && in.Version != is.Version {
		writeError(w, http.StatusConflict, "conflict", fmt.Sprintf("issuance %s is at version %d, not %d; read it again",
			is.ID, is.Version, in.Version), "version")
		return
	}
	before := *is
	is.State = st
	if st == trace.Active && is.ActivatedAt.IsZero() {
		is.ActivatedAt = s.now()
	}
	if err := s.trace.cfg.Store.PutIssuance(r.Context(), is); err != nil {
		s.traceError(w, r, err, "version")
		return
	}
	s.traceChanged(true)
	s.audit(r, p, "update", "trace_issuance", is.ID, string(b.Origin), &before, is)
	writeJSON(w, r, http.StatusOK, is)
}

// codeURL returns the lookup URL of the code of an issuance with the serial:
// PublicURL/t/CODE for a minted code, the GS1 Digital Link on PublicURL for
// a GS1 code.
func (s *Server) codeURL(is *trace.Issuance, serial uint64) (string, error) {
	if is.Scheme == trace.SchemeGS1 {
		return s.lookupURL(fmt.Sprintf("/01/%s/21/%d", is.Space, serial)), nil
	}
	v, batch, ok := parseMintSpace(is.Space)
	if !ok {
		return "", fmt.Errorf("issuance %s: space %q is not a mint space", is.ID, is.Space)
	}
	m, err := mint.NewMinter(s.trace.cfg.Keys.Mint, v)
	if err != nil {
		return "", err
	}
	c, err := m.Code(batch, uint32(serial))
	if err != nil {
		return "", err
	}
	return s.lookupURL(label.LookupPath + c.String()), nil
}

// exportCodes writes the codes of an issuance for printing: format csv (the
// default), png (a ZIP of QR code images) or pdf (label sheets, minted codes
// only). from and count select a part of the issuance, counting from 0.
func (s *Server) exportCodes(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	q := r.URL.Query()
	format := q.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "png" && format != "pdf" {
		writeFieldError(w, badQuery("format", "format %q is invalid, want csv, png or pdf", format))
		return
	}
	is, b, ok := s.scopedIssuance(w, r, p)
	if !ok {
		return
	}
	from, count, fe := exportRange(q.Get("from"), q.Get("count"), is.Count)
	if fe == nil && format != "csv" && count > maxImageExport {
		fe = badQuery("count", "a %s export holds at most %d codes, this one %d; export parts with from and count",
			format, maxImageExport, count)
	}
	if fe == nil && format == "pdf" && is.Scheme != trace.SchemeMinted {
		fe = badQuery("format", "PDF label sheets are printed for county-minted codes; export GS1 codes as csv or png")
	}
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	product, err := s.trace.cfg.Store.Product(r.Context(), b.Product)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, p, "export", "trace_issuance", is.ID, string(b.Origin), nil,
		map[string]any{"format": format, "from": from, "count": count})
	name := fmt.Sprintf("%s-%d-%d", is.ID, from, count)
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "png":
		w.Header().Set("Content-Type", "application/zip")
	case "pdf":
		w.Header().Set("Content-Type", "application/pdf")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+map[string]string{"csv": "csv", "png": "zip", "pdf": "pdf"}[format]+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if is.Scheme == trace.SchemeGS1 {
		err = s.exportGS1(w, is, product, b, from, count, format)
	} else {
		err = s.exportMinted(r.Context(), w, is, product, from, count, format)
	}
	if err != nil {
		// The status line is sent; the client sees a cut file.
		s.log.Error("trace: export codes", "issuance", is.ID, "format", format, "err", err)
	}
}

// exportRange reads from and count against an issuance of total codes.
func exportRange(fromText, countText string, total uint64) (uint64, uint64, *fieldError) {
	from, count := uint64(0), total
	var err error
	if fromText != "" {
		if from, err = strconv.ParseUint(fromText, 10, 64); err != nil || from >= total {
			return 0, 0, badQuery("from", "from %q is invalid, want 0 to %d", fromText, total-1)
		}
		count = total - from
	}
	if countText != "" {
		n, err := strconv.ParseUint(countText, 10, 64)
		if err != nil || n == 0 || n > total-from {
			return 0, 0, badQuery("count", "count %q is invalid, want 1 to %d", countText, total-from)
		}
		count = n
	}
	return from, count, nil
}

func (s *Server) exportMinted(ctx context.Context, w io.Writer, is *trace.Issuance, product *trace.Product,
	from, count uint64, format string) error {
	v, number, ok := parseMintSpace(is.Space)
	if !ok {
		return fmt.Errorf("space %q is not a mint space", is.Space)
	}
	m, err := mint.NewMinter(s.trace.cfg.Keys.Mint, v)
	if err != nil {
		return err
	}
	mb, err := m.Batch(number, uint32(is.First+from), uint32(count))
	if err != nil {
		return err
	}
	links := s.trace.links
	switch format {
	case "csv":
		cw, err := label.NewCSVWriter(w, links, label.CSVOptions{BOM: true})
		if err != nil {
			return err
		}
		if _, err := label.Stream(ctx, m, mb, product.Name, label.StreamOptions{}, cw); err != nil {
			return err
		}
		return cw.Flush()
	case "png":
		zw, err := label.NewPNGArchive(w, links, label.QROptions{})
		if err != nil {
			return err
		}
		if _, err := label.Stream(ctx, m, mb, product.Name, label.StreamOptions{}, zw); err != nil {
			return err
		}
		return zw.Close()
	}
	sw, err := label.NewSheetWriter(links, label.SheetOptions{Font: s.trace.cfg.Font, LabelsPerFile: maxImageExport},
		func(int) (io.Writer, error) { return w, nil })
	if err != nil {
		return err
	}
	if _, err := label.Stream(ctx, m, mb, product.Name, label.StreamOptions{}, sw); err != nil {
		return err
	}
	return sw.Close()
}

// exportGS1 writes GS1 codes: CSV rows of element string, Digital Link,
// batch, serial and product, or a ZIP of QR code images of the Digital Links.
func (s *Server) exportGS1(w io.Writer, is *trace.Issuance, product *trace.Product, b *trace.Batch,
	from, count uint64, format string) error {
	if format == "csv" {
		bw := bufio.NewWriter(w)
		bw.WriteString("\ufeff" + label.CSVHeader)
		for i := uint64(0); i < count; i++ {
			serial := is.First + from + i
			link := s.lookupURL(fmt.Sprintf("/01/%s/10/%s/21/%d", is.Space, escapePath(string(b.ID)), serial))
			fmt.Fprintf(bw, "(01)%s(10)%s(21)%d,%s,%s,%d,%s\r\n", is.Space, b.ID, serial, link, b.ID, serial,
				csvField(product.Name))
		}
		return bw.Flush()
	}
	zw := zip.NewWriter(w)
	for i := uint64(0); i < count; i++ {
		serial := is.First + from + i
		f, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%s-%d.png", is.Space, serial),
			Method: zip.Store, Modified: time.Unix(0, 0)})
		if err != nil {
			return err
		}
		link := s.lookupURL(fmt.Sprintf("/01/%s/10/%s/21/%d", is.Space, escapePath(string(b.ID)), serial))
		if err := label.WriteQRPNG(f, link, label.QROptions{}); err != nil {
			return err
		}
	}
	return zw.Close()
}

// csvField quotes a CSV field when it needs quotes, as RFC 4180 does.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
