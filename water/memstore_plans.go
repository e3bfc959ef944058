package water

import (
	"context"
	"fmt"
)

// PutPlan stores p as [Store] describes.
func (s *MemoryStore) PutPlan(ctx context.Context, p *PlanRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.plans, "plan", p, putHooks[PlanRecord]{})
}

// Plan returns a copy of the plan of the well for the year, or an error wrapping
// [ErrNotFound].
func (s *MemoryStore) Plan(ctx context.Context, well WellCode, year int) (*PlanRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.plans, "plan", planKey(well, year))
}

// DeletePlan removes the plan of the well for the year, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeletePlan(ctx context.Context, well WellCode, year int) error {
	return remove(ctx, s, &s.plans, "plan", planKey(well, year), nil)
}

// Plans lists the plans that pass f by well, then year.
func (s *MemoryStore) Plans(ctx context.Context, f PlanFilter) ([]*PlanRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.plans, f.Page, f.Match)
}

// PutCoefficientHistory stores h as [Store] describes.
func (s *MemoryStore) PutCoefficientHistory(ctx context.Context, h *CoefficientHistoryRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.histories, "coefficient history", h, putHooks[CoefficientHistoryRecord]{})
}

// CoefficientHistory returns a copy of the coefficient history of the well, or an error
// wrapping [ErrNotFound].
func (s *MemoryStore) CoefficientHistory(ctx context.Context, well WellCode) (*CoefficientHistoryRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.histories, "coefficient history", string(well))
}

// DeleteCoefficientHistory removes the coefficient history of the well, or returns an
// error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteCoefficientHistory(ctx context.Context, well WellCode) error {
	return remove(ctx, s, &s.histories, "coefficient history", string(well), nil)
}

// CoefficientHistories lists the coefficient histories in well order.
func (s *MemoryStore) CoefficientHistories(ctx context.Context, f CoefficientFilter) ([]*CoefficientHistoryRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.histories, f.Page, matchAll)
}

// StartCoefficient adds c to its well's history as [CoefficientStore] describes.
func (s *MemoryStore) StartCoefficient(ctx context.Context, c Coefficient) (*CoefficientHistoryRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	c.From, c.To = StoreTime(c.From), StoreTime(c.To)
	if err := c.Validate(); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	rec := &CoefficientHistoryRecord{Well: c.Well}
	if old, ok := s.histories.Get(string(c.Well)); ok {
		rec = old.clone()
	}
	h, err := rec.History()
	if err != nil {
		return nil, err
	}
	if err := h.Start(c); err != nil {
		return nil, fmt.Errorf("water: start coefficient of well %s: %w", c.Well, err)
	}
	rec.Coefficients = h.Coefficients()
	rec.Revision = Revision{Version: rec.Version + 1, UpdatedAt: s.now()}
	s.histories.Set(string(c.Well), rec)
	return rec.clone(), nil
}

// PutBill stores b as [Store] describes.
func (s *MemoryStore) PutBill(ctx context.Context, b *BillRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.bills, "bill", b, putHooks[BillRecord]{})
}

// Bill returns a copy of the bill with the id, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Bill(ctx context.Context, id string) (*BillRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.bills, "bill", id)
}

// DeleteBill removes the bill with the id, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteBill(ctx context.Context, id string) error {
	return remove(ctx, s, &s.bills, "bill", id, nil)
}

// Bills lists the bills that pass f in id order.
func (s *MemoryStore) Bills(ctx context.Context, f BillFilter) ([]*BillRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.bills, f.Page, f.Match)
}

// PutPayment stores p as [Store] describes.
func (s *MemoryStore) PutPayment(ctx context.Context, p *PaymentRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.payments, "payment", p, putHooks[PaymentRecord]{})
}

// Payment returns a copy of the payment with the id, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Payment(ctx context.Context, id string) (*PaymentRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.payments, "payment", id)
}

// DeletePayment removes the payment with the id, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeletePayment(ctx context.Context, id string) error {
	return remove(ctx, s, &s.payments, "payment", id, nil)
}

// Payments lists the payments that pass f in id order.
func (s *MemoryStore) Payments(ctx context.Context, f PaymentFilter) ([]*PaymentRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.payments, f.Page, f.Match)
}
