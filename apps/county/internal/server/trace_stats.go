package server

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracesql"
)

// traceStatsTTL is how long a trace statistics response is served from
// memory. Scans arrive all the time, so only the age bounds it.
const traceStatsTTL = 10 * time.Second

// scanCounter is the optional capability of a trace store that counts scans
// by issuance, division and status in the database, such as tracesql.Store.
type scanCounter interface {
	ScanCounts(ctx context.Context) ([]tracesql.ScanCount, error)
}

// traceStatsOutput is the response of GET /api/v1/trace/stats.
type traceStatsOutput struct {
	Division string `json:"division,omitempty"`
	// Batches and Issuances count the records, and CodesIssued the codes of
	// the issuances.
	Batches     int    `json:"batches"`
	Issuances   int    `json:"issuances"`
	CodesIssued uint64 `json:"codes_issued"`
	// Scans counts the lookups of those codes; Failed the lookups of unknown
	// or malformed codes, for county-wide callers only.
	Scans  int64         `json:"scans"`
	Failed int64         `json:"failed_scans"`
	Region []regionCount `json:"scans_by_region"`
	// Flags counts the fraud flags on those codes, by rule.
	Flags  int            `json:"flags"`
	ByRule map[string]int `json:"flags_by_rule"`
}

// regionCount is the number of scans from one division; an empty division
// is scans that gave none.
type regionCount struct {
	Division string `json:"division"`
	Name     string `json:"name,omitempty"`
	Scans    int64  `json:"scans"`
}

// traceStats returns the codes issued, the scans by region and the flags of
// the batches in the caller's division, or in the division query parameter.
func (s *Server) traceStats(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, false) {
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	key := statsKey{route: "trace", division: div}
	now := time.Now()
	if e, ok := s.trace.statsCache.get(key, now); ok {
		e.write(w, r)
		return
	}
	generation := s.trace.statsCache.current()
	out, err := s.loadTraceStats(r.Context(), div)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	body, etag, err := encodeBody(out)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	e := newCachedBody(div, body, etag, generation)
	s.trace.statsCache.put(key, e, now)
	e.write(w, r)
}

func (s *Server) loadTraceStats(ctx context.Context, div land.DivisionCode) (*traceStatsOutput, error) {
	st := s.trace.cfg.Store
	out := &traceStatsOutput{Division: string(div), ByRule: map[string]int{}, Region: []regionCount{}}
	batches := map[trace.BatchID]bool{}
	err := eachPage(func(pg land.Page) (string, error) {
		list, next, err := st.Batches(ctx, trace.BatchFilter{Origin: div, Page: pg})
		for _, b := range list {
			batches[b.ID] = true
		}
		return next, err
	})
	if err != nil {
		return nil, err
	}
	out.Batches = len(batches)
	issuances := map[string]bool{}
	err = eachPage(func(pg land.Page) (string, error) {
		list, next, err := st.Issuances(ctx, trace.IssuanceFilter{Page: pg})
		for _, is := range list {
			if batches[is.Batch] {
				issuances[is.ID] = true
				out.CodesIssued += is.Count
			}
		}
		return next, err
	})
	if err != nil {
		return nil, err
	}
	out.Issuances = len(issuances)
	counts, err := s.scanCounts(ctx)
	if err != nil {
		return nil, err
	}
	regions := map[land.DivisionCode]int64{}
	for _, c := range counts {
		switch {
		case issuances[c.Issuance]:
			out.Scans += c.Count
			regions[c.Division] += c.Count
		case c.Issuance == "" && div == "":
			out.Failed += c.Count
		}
	}
	names := s.divisionNamer(ctx)
	for d, n := range regions {
		rc := regionCount{Division: string(d), Scans: n}
		if names != nil && d != "" {
			rc.Name = names(string(d))
		}
		out.Region = append(out.Region, rc)
	}
	sort.Slice(out.Region, func(i, j int) bool {
		if out.Region[i].Scans != out.Region[j].Scans {
			return out.Region[i].Scans > out.Region[j].Scans
		}
		return out.Region[i].Division < out.Region[j].Division
	})
	err = eachPage(func(pg land.Page) (string, error) {
		list, next, err := st.Flags(ctx, trace.FlagFilter{Page: pg})
		for _, f := range list {
			if issuances[f.Issuance] || f.Issuance == "" && div == "" {
				out.Flags++
				out.ByRule[f.Rule.String()]++
			}
		}
		return next, err
	})
	return out, err
}

// scanCounts counts the scans by issuance, division and status, in the
// database when the store can, else by reading every scan.
func (s *Server) scanCounts(ctx context.Context) ([]tracesql.ScanCount, error) {
	if c, ok := s.trace.cfg.Store.(scanCounter); ok {
		return c.ScanCounts(ctx)
	}
	type key struct {
		issuance string
		division land.DivisionCode
		status   trace.ScanStatus
	}
	tally := map[key]int64{}
	err := eachPage(func(pg land.Page) (string, error) {
		list, next, err := s.trace.cfg.Store.Scans(ctx, trace.ScanFilter{Page: pg})
		for _, sc := range list {
			tally[key{sc.Issuance, sc.Division, sc.Status}]++
		}
		return next, err
	})
	out := make([]tracesql.ScanCount, 0, len(tally))
	for k, n := range tally {
		out = append(out, tracesql.ScanCount{Issuance: k.issuance, Division: k.division, Status: k.status, Count: n})
	}
	return out, err
}

// eachPage calls read with successive pages of 1000 until it returns no next
// page or an error.
func eachPage(read func(land.Page) (string, error)) error {
	pg := land.Page{Limit: 1000}
	for {
		next, err := read(pg)
		if err != nil || next == "" {
			return err
		}
		pg.After = next
	}
}
