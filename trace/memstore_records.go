package trace

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// PutProducer stores p as [Store] describes.
func (s *MemoryStore) PutProducer(ctx context.Context, p *Producer) error {
	return put(ctx, s, &s.producers, "producer", p, nil)
}

// Producer returns the producer with the credit code.
func (s *MemoryStore) Producer(ctx context.Context, code CreditCode) (*Producer, error) {
	return get(ctx, s, &s.producers, "producer", string(code))
}

// DeleteProducer removes the producer with the credit code.
func (s *MemoryStore) DeleteProducer(ctx context.Context, code CreditCode) error {
	return remove(ctx, s, &s.producers, "producer", string(code))
}

// Producers lists producers in credit code order.
func (s *MemoryStore) Producers(ctx context.Context, f ProducerFilter) ([]*Producer, string, error) {
	return list(ctx, s, &s.producers, f.Page, f.Match)
}

// PutProduct stores p as [Store] describes.
func (s *MemoryStore) PutProduct(ctx context.Context, p *Product) error {
	return put(ctx, s, &s.products, "product", p, nil)
}

// Product returns the product with the id.
func (s *MemoryStore) Product(ctx context.Context, id ProductID) (*Product, error) {
	return get(ctx, s, &s.products, "product", string(id))
}

// DeleteProduct removes the product with the id.
func (s *MemoryStore) DeleteProduct(ctx context.Context, id ProductID) error {
	return remove(ctx, s, &s.products, "product", string(id))
}

// Products lists products in id order.
func (s *MemoryStore) Products(ctx context.Context, f ProductFilter) ([]*Product, string, error) {
	return list(ctx, s, &s.products, f.Page, f.Match)
}

// PutBatch stores b as [Store] describes.
func (s *MemoryStore) PutBatch(ctx context.Context, b *Batch) error {
	return put(ctx, s, &s.batches, "batch", b, nil)
}

// Batch returns the batch with the id.
func (s *MemoryStore) Batch(ctx context.Context, id BatchID) (*Batch, error) {
	return get(ctx, s, &s.batches, "batch", string(id))
}

// DeleteBatch removes the batch with the id.
func (s *MemoryStore) DeleteBatch(ctx context.Context, id BatchID) error {
	return remove(ctx, s, &s.batches, "batch", string(id))
}

// Batches lists batches in id order.
func (s *MemoryStore) Batches(ctx context.Context, f BatchFilter) ([]*Batch, string, error) {
	return list(ctx, s, &s.batches, f.Page, f.Match)
}

// PutAnimal stores a as [Store] describes.
func (s *MemoryStore) PutAnimal(ctx context.Context, a *Animal) error {
	return put(ctx, s, &s.animals, "animal", a, nil)
}

// Animal returns the animal with the ear tag.
func (s *MemoryStore) Animal(ctx context.Context, tag EarTag) (*Animal, error) {
	return get(ctx, s, &s.animals, "animal", string(tag))
}

// DeleteAnimal removes the animal with the ear tag.
func (s *MemoryStore) DeleteAnimal(ctx context.Context, tag EarTag) error {
	return remove(ctx, s, &s.animals, "animal", string(tag))
}

// Animals lists animals in ear tag order.
func (s *MemoryStore) Animals(ctx context.Context, f AnimalFilter) ([]*Animal, string, error) {
	return list(ctx, s, &s.animals, f.Page, f.Match)
}

// PutCertificate stores c as [Store] describes.
func (s *MemoryStore) PutCertificate(ctx context.Context, c *Certificate) error {
	return put(ctx, s, &s.certificates, "certificate", c, nil)
}

// Certificate returns the certificate with the number.
func (s *MemoryStore) Certificate(ctx context.Context, number string) (*Certificate, error) {
	return get(ctx, s, &s.certificates, "certificate", number)
}

// DeleteCertificate removes the certificate with the number.
func (s *MemoryStore) DeleteCertificate(ctx context.Context, number string) error {
	return remove(ctx, s, &s.certificates, "certificate", number)
}

// Certificates lists certificates in number order.
func (s *MemoryStore) Certificates(ctx context.Context, f CertificateFilter) ([]*Certificate, string, error) {
	return list(ctx, s, &s.certificates, f.Page, f.Match)
}

// PutReport stores r as [Store] describes.
func (s *MemoryStore) PutReport(ctx context.Context, r *TestReport) error {
	return put(ctx, s, &s.reports, "test report", r, nil)
}

// Report returns the test report with the number.
func (s *MemoryStore) Report(ctx context.Context, number string) (*TestReport, error) {
	return get(ctx, s, &s.reports, "test report", number)
}

// DeleteReport removes the test report with the number.
func (s *MemoryStore) DeleteReport(ctx context.Context, number string) error {
	return remove(ctx, s, &s.reports, "test report", number)
}

// Reports lists test reports in number order.
func (s *MemoryStore) Reports(ctx context.Context, f ReportFilter) ([]*TestReport, string, error) {
	return list(ctx, s, &s.reports, f.Page, f.Match)
}

// PutIssuance stores i as [CodeStore] describes.
func (s *MemoryStore) PutIssuance(ctx context.Context, i *Issuance) error {
	return put(ctx, s, &s.issuances, "issuance", i, func(i *Issuance) error {
		for other := range s.issuances.All() {
			if other.ID != i.ID && other.Scheme == i.Scheme && other.Space == i.Space &&
				i.First <= other.Last() && other.First <= i.Last() {
				return overlapError(i, other.ID)
			}
		}
		return nil
	})
}

func overlapError(i *Issuance, other string) error {
	return fmt.Errorf("trace: issuance %s: serials %d to %d of space %s overlap issuance %s: %w",
		i.ID, i.First, i.Last(), i.Space, other, ErrConflict)
}

// Issuance returns the issuance with the id.
func (s *MemoryStore) Issuance(ctx context.Context, id string) (*Issuance, error) {
	return get(ctx, s, &s.issuances, "issuance", id)
}

// DeleteIssuance removes the issuance with the id.
func (s *MemoryStore) DeleteIssuance(ctx context.Context, id string) error {
	return remove(ctx, s, &s.issuances, "issuance", id)
}

// Issuances lists issuances in id order.
func (s *MemoryStore) Issuances(ctx context.Context, f IssuanceFilter) ([]*Issuance, string, error) {
	return list(ctx, s, &s.issuances, f.Page, f.Match)
}

// IssuanceFor returns the issuance that holds ref.
func (s *MemoryStore) IssuanceFor(ctx context.Context, ref CodeRef) (*Issuance, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.issuances.All() {
		if i.Holds(ref) {
			return i.clone(), nil
		}
	}
	return nil, fmt.Errorf("trace: no issuance holds serial %d of %s space %s: %w",
		ref.Serial, ref.Scheme, ref.Space, ErrNotFound)
}

// PutCodeState stores cs as [Store] describes.
func (s *MemoryStore) PutCodeState(ctx context.Context, cs *CodeState) error {
	return put(ctx, s, &s.codeStates, "code state", cs, nil)
}

// CodeState returns the state of the code.
func (s *MemoryStore) CodeState(ctx context.Context, epc string) (*CodeState, error) {
	return get(ctx, s, &s.codeStates, "code state", epc)
}

// DeleteCodeState removes the state of the code.
func (s *MemoryStore) DeleteCodeState(ctx context.Context, epc string) error {
	return remove(ctx, s, &s.codeStates, "code state", epc)
}

// CodeStates lists code states in EPC order.
func (s *MemoryStore) CodeStates(ctx context.Context, f CodeStateFilter) ([]*CodeState, string, error) {
	return list(ctx, s, &s.codeStates, f.Page, f.Match)
}

// RecordSale counts a sale in the code's state as [CodeStore] describes.
func (s *MemoryStore) RecordSale(ctx context.Context, sale Sale) (*CodeState, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	if err := sale.Validate(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	state, ok := s.codeStates.Get(sale.EPC)
	if !ok {
		state = &CodeState{EPC: sale.EPC, Issuance: sale.Issuance, Serial: sale.Serial}
	} else {
		state = state.clone()
	}
	state.CountSale(sale)
	state.Revision = Revision{Version: state.Version + 1, UpdatedAt: s.now()}
	s.codeStates.Set(sale.EPC, state)
	return state.clone(), nil
}

// Validate reports an error unless the sale has its code, issuance and time, and a
// valid place when it has one.
func (sale Sale) Validate() error {
	probe := CodeState{EPC: sale.EPC, Issuance: sale.Issuance, LastSalePlace: sale.Place}
	if err := probe.Validate(); err != nil {
		return err
	}
	if sale.At.IsZero() {
		return fmt.Errorf("trace: sale of %s: time is required", sale.EPC)
	}
	return nil
}

// CountSale adds a sale to the state: one more sale, the first and last sale times moved
// to include it, and the place of the latest sale. It does not stamp a revision.
func (s *CodeState) CountSale(sale Sale) {
	at := StoreTime(sale.At)
	s.Sales++
	if s.FirstSale.IsZero() || at.Before(s.FirstSale) {
		s.FirstSale = at
	}
	if s.LastSale.IsZero() || !at.Before(s.LastSale) {
		s.LastSale, s.LastSalePlace = at, sale.Place
	}
}

// AddScan stores sc and sets its ID.
func (s *MemoryStore) AddScan(ctx context.Context, sc *Scan) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	if sc.ID != 0 {
		return fmt.Errorf("trace: add scan: ID %d is set, want 0", sc.ID)
	}
	if err := sc.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := cloneScan(sc)
	stored.ID = int64(len(s.scans)) + 1
	if s.byEPC == nil {
		s.byEPC, s.byClient = make(map[string][]int), make(map[string][]int)
	}
	s.byEPC[stored.EPC] = append(s.byEPC[stored.EPC], len(s.scans))
	s.byClient[stored.Client] = append(s.byClient[stored.Client], len(s.scans))
	s.scans = append(s.scans, stored)
	sc.ID, sc.At = stored.ID, stored.At
	return nil
}

// Scans lists scans in ID order.
func (s *MemoryStore) Scans(ctx context.Context, f ScanFilter) ([]*Scan, string, error) {
	return listLog(ctx, s, s.scans, f.Page, f.Match, func(sc *Scan) int64 { return sc.ID }, cloneScan)
}

// ScanStats returns the count, first time and latest scan of the code.
func (s *MemoryStore) ScanStats(ctx context.Context, epc string) (ScanStats, error) {
	if err := checkContext(ctx); err != nil {
		return ScanStats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var st ScanStats
	for _, i := range s.byEPC[epc] {
		sc := s.scans[i]
		st.Count++
		if st.First.IsZero() || sc.At.Before(st.First) {
			st.First = sc.At
		}
		if st.Last == nil || !sc.At.Before(st.Last.At) {
			st.Last = sc
		}
	}
	if st.Last != nil {
		st.Last = cloneScan(st.Last)
	}
	return st, nil
}

// ClientFailures returns the IDs of the client's failed scans at or after since.
func (s *MemoryStore) ClientFailures(ctx context.Context, client string, since time.Time) ([]int64, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var ids []int64
	for _, i := range s.byClient[client] {
		sc := s.scans[i]
		if (sc.Status == Unissued || sc.Status == Malformed) && !sc.At.Before(since) {
			ids = append(ids, sc.ID)
		}
	}
	return ids, nil
}

// AddFlag stores f and sets its ID.
func (s *MemoryStore) AddFlag(ctx context.Context, f *Flag) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	if f.ID != 0 {
		return fmt.Errorf("trace: add flag: ID %d is set, want 0", f.ID)
	}
	if err := f.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := cloneFlag(f)
	stored.ID = int64(len(s.flags)) + 1
	s.flags = append(s.flags, stored)
	f.ID = stored.ID
	return nil
}

// Flag returns the flag with the id.
func (s *MemoryStore) Flag(ctx context.Context, id int64) (*Flag, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id < 1 || id > int64(len(s.flags)) {
		return nil, fmt.Errorf("trace: flag %d: %w", id, ErrNotFound)
	}
	return cloneFlag(s.flags[id-1]), nil
}

// Flags lists flags in ID order.
func (s *MemoryStore) Flags(ctx context.Context, f FlagFilter) ([]*Flag, string, error) {
	return listLog(ctx, s, s.flags, f.Page, f.Match, func(fl *Flag) int64 { return fl.ID }, cloneFlag)
}

// listLog pages through an append-only log in ID order. Tokens are decimal IDs.
func listLog[T any](ctx context.Context, s *MemoryStore, rows []*T, page land.Page,
	match func(*T) bool, id func(*T) int64, clone func(*T) *T) ([]*T, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	after, err := parseIDToken(page)
	if err != nil {
		return nil, "", err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*T
	for _, r := range rows {
		if id(r) <= after || !match(r) {
			continue
		}
		if page.Limit > 0 && len(out) == page.Limit {
			return out, strconv.FormatInt(id(out[len(out)-1]), 10), nil
		}
		out = append(out, clone(r))
	}
	return out, "", nil
}

// parseIDToken validates page and returns the ID its After token names, 0 for none.
func parseIDToken(page land.Page) (int64, error) {
	if err := page.Validate(); err != nil {
		return 0, fmt.Errorf("trace: %w", err)
	}
	if page.After == "" {
		return 0, nil
	}
	after, err := strconv.ParseInt(page.After, 10, 64)
	if err != nil || after < 0 {
		return 0, fmt.Errorf("trace: invalid page token %q, want the next token of a previous call", page.After)
	}
	return after, nil
}
