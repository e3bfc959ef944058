package trace

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// TrackerStore is the part of a [Store] that a [Tracker] uses.
type TrackerStore interface {
	CodeStore
	ScanStore
}

// Tracker records scans and retail sales, runs the fraud rules on each and stores the
// flags they raise. It is safe for concurrent use when its store is.
//
// NOTE: two scans of one code recorded at the same moment may both see the same
// previous scan, so the scan count rule may fire on neither or both of them.
type Tracker struct {
	Store    TrackerStore
	Resolver Resolver
	Rules    Rules
}

// ScanRequest is one scan as a client reports it.
type ScanRequest struct {
	// Text is the scanned or typed text.
	Text string
	// At is the time of the scan; zero means now.
	At time.Time
	// Division is the county or township the scan came from, as an IP location service
	// or the client reports it; it may be empty.
	Division land.DivisionCode
	// Location is the client's point; nil means none. The tracker keeps it rounded
	// ([GeoPoint.Coarse]).
	Location *GeoPoint
	// Client is the hashed client id ([HashClient]); never the raw IP address.
	Client string
}

// ScanResult holds the scan that [Tracker.Scan] recorded, with its issuance and flags.
type ScanResult struct {
	Scan *Scan
	// Issuance holds the code; nil unless the scan is Known.
	Issuance *Issuance
	// Stats are the code's scan statistics including this scan.
	Stats ScanStats
	Flags []Flag
}

// Scan resolves the request's text, records the scan and any flags the rules raise, and
// returns them.
func (t *Tracker) Scan(ctx context.Context, req ScanRequest) (*ScanResult, error) {
	s, issuance, err := t.resolve(ctx, req)
	if err != nil {
		return nil, err
	}
	var sc ScanContext
	sc.Issuance = issuance
	if s.EPC != "" {
		before, err := t.Store.ScanStats(ctx, s.EPC)
		if err != nil {
			return nil, err
		}
		sc.Previous, sc.Count = before.Last, before.Count+1
	}
	if err := t.Store.AddScan(ctx, s); err != nil {
		return nil, err
	}
	if s.Client != "" && s.Status != Known {
		since := s.At.Add(-t.Rules.WithDefaults().UnknownBurst.Window)
		if sc.ClientFailures, err = t.Store.ClientFailures(ctx, s.Client, since); err != nil {
			return nil, err
		}
	}

	res := &ScanResult{Scan: s, Issuance: issuance, Flags: t.Rules.CheckScan(s, sc)}
	if err := t.addFlags(ctx, res.Flags); err != nil {
		return nil, err
	}
	if s.EPC != "" {
		if res.Stats, err = t.Store.ScanStats(ctx, s.EPC); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// resolve returns the scan of the request, not yet stored, and the issuance of its code.
func (t *Tracker) resolve(ctx context.Context, req ScanRequest) (*Scan, *Issuance, error) {
	s := &Scan{Text: truncate(req.Text, MaxScanText), At: req.At, Division: req.Division, Client: req.Client}
	if s.At.IsZero() {
		s.At = time.Now()
	}
	if req.Location != nil {
		p := req.Location.Coarse()
		s.Location = &p
	}
	ref, err := t.Resolver.Resolve(req.Text)
	switch {
	case errors.Is(err, ErrMalformed):
		s.Status = Malformed
		return s, nil, nil
	case err != nil:
		s.Status, s.EPC = Unissued, ref.EPC
		return s, nil, nil
	}
	s.EPC = ref.EPC
	issuance, err := t.Store.IssuanceFor(ctx, ref)
	if errors.Is(err, ErrNotFound) {
		s.Status = Unissued
		return s, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	s.Status, s.Issuance = Known, issuance.ID
	return s, issuance, nil
}

func (t *Tracker) addFlags(ctx context.Context, flags []Flag) error {
	for i := range flags {
		if err := t.Store.AddFlag(ctx, &flags[i]); err != nil {
			return fmt.Errorf("trace: store %s flag: %w", flags[i].Rule, err)
		}
	}
	return nil
}

// Sell records a retail sale of the code in the text at the time and place, and returns
// the code's state with the flags the sale rule raised. It fails with an error wrapping
// [ErrNotFound] when no issuance holds the code, and with the resolver's error for text
// that is not an issued code.
func (t *Tracker) Sell(ctx context.Context, text string, at time.Time, place land.DivisionCode) (*CodeState, []Flag, error) {
	ref, err := t.Resolver.Resolve(text)
	if err != nil {
		return nil, nil, fmt.Errorf("trace: sell %q: %w", text, err)
	}
	issuance, err := t.Store.IssuanceFor(ctx, ref)
	if err != nil {
		return nil, nil, fmt.Errorf("trace: sell %s: %w", ref.EPC, err)
	}
	state, err := t.Store.RecordSale(ctx, Sale{EPC: ref.EPC, Issuance: issuance.ID, Serial: ref.Serial,
		At: at, Place: place})
	if err != nil {
		return nil, nil, err
	}
	flags := t.Rules.CheckSale(state, StoreTime(at), nil)
	if err := t.addFlags(ctx, flags); err != nil {
		return nil, nil, err
	}
	return state, flags, nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// ShipBatch adds destinations to every issuance of the batch, so that [DestinationRule]
// judges later scans of its codes by them, and returns the issuances it updated. A
// destination an issuance has, or one within a destination it has, is not added again.
// It fails with an error wrapping [ErrConflict] when another writer changes an issuance
// at the same time; calling it again is safe.
func (t *Tracker) ShipBatch(ctx context.Context, batch BatchID, destinations []land.DivisionCode) ([]*Issuance, error) {
	for _, d := range destinations {
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("trace: ship batch %s: %w", batch, err)
		}
	}
	var updated []*Issuance
	page := land.Page{Limit: 100}
	for {
		issuances, next, err := t.Store.Issuances(ctx, IssuanceFilter{Batch: batch, Page: page})
		if err != nil {
			return nil, err
		}
		for _, is := range issuances {
			if !addDestinations(is, destinations) {
				continue
			}
			if err := t.Store.PutIssuance(ctx, is); err != nil {
				return nil, fmt.Errorf("trace: ship batch %s: %w", batch, err)
			}
			updated = append(updated, is)
		}
		if next == "" {
			return updated, nil
		}
		page.After = next
	}
}

// addDestinations adds to is the destinations it does not cover yet and reports whether
// it added any.
func addDestinations(is *Issuance, destinations []land.DivisionCode) bool {
	added := false
	for _, d := range destinations {
		covered := false
		for _, have := range is.Destinations {
			covered = covered || have.Contains(d)
		}
		if !covered {
			is.Destinations = append(is.Destinations, d)
			added = true
		}
	}
	return added
}
