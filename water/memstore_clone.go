package water

import "slices"

// The methods below adapt each record kind to the MemoryStore's generic table. Each
// clone copies every slice, so a stored record shares no memory with its caller.
// Decimals need no copy: no method of decimal.Decimal changes its value.

func (r *WellRecord) storeKey() string    { return string(r.Code) }
func (r *WellRecord) revision() *Revision { return &r.Revision }
func (r *WellRecord) clone() *WellRecord {
	c := *r
	c.Plots = slices.Clone(r.Plots)
	c.Meters = slices.Clone(r.Meters)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *ReservoirRecord) storeKey() string    { return string(r.Code) }
func (r *ReservoirRecord) revision() *Revision { return &r.Revision }
func (r *ReservoirRecord) clone() *ReservoirRecord {
	c := *r
	c.Points = slices.Clone(r.Points)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *CanalRecord) storeKey() string    { return string(r.Code) }
func (r *CanalRecord) revision() *Revision { return &r.Revision }
func (r *CanalRecord) clone() *CanalRecord {
	c := *r
	c.Path = slices.Clone(r.Path)
	c.Points = slices.Clone(r.Points)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *GateRecord) storeKey() string    { return string(r.Code) }
func (r *GateRecord) revision() *Revision { return &r.Revision }
func (r *GateRecord) clone() *GateRecord {
	c := *r
	c.Points = slices.Clone(r.Points)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *VillageMeterRecord) storeKey() string    { return string(r.Code) }
func (r *VillageMeterRecord) revision() *Revision { return &r.Revision }
func (r *VillageMeterRecord) clone() *VillageMeterRecord {
	c := *r
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *PlanRecord) storeKey() string    { return planKey(r.Well, r.Year) }
func (r *PlanRecord) revision() *Revision { return &r.Revision }
func (r *PlanRecord) clone() *PlanRecord {
	c := *r
	c.Shares = slices.Clone(r.Shares)
	c.Warnings = slices.Clone(r.Warnings)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *BillRecord) storeKey() string    { return r.ID }
func (r *BillRecord) revision() *Revision { return &r.Revision }
func (r *BillRecord) clone() *BillRecord {
	c := *r
	c.Charge.Lines = slices.Clone(r.Charge.Lines)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *PaymentRecord) storeKey() string    { return r.ID }
func (r *PaymentRecord) revision() *Revision { return &r.Revision }
func (r *PaymentRecord) clone() *PaymentRecord {
	c := *r
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *CoefficientHistoryRecord) storeKey() string    { return string(r.Well) }
func (r *CoefficientHistoryRecord) revision() *Revision { return &r.Revision }
func (r *CoefficientHistoryRecord) clone() *CoefficientHistoryRecord {
	c := *r
	c.Coefficients = make([]Coefficient, len(r.Coefficients))
	for i, coef := range r.Coefficients {
		coef.From, coef.To = StoreTime(coef.From), StoreTime(coef.To)
		c.Coefficients[i] = coef
	}
	if r.Coefficients == nil {
		c.Coefficients = nil
	}
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}

func (r *AlarmRecord) storeKey() string    { return alarmKey(r.ID) }
func (r *AlarmRecord) revision() *Revision { return &r.Revision }
func (r *AlarmRecord) clone() *AlarmRecord {
	c := *r
	c.Observed = slices.Clone(r.Observed)
	c.Raised, c.From, c.To = StoreTime(r.Raised), StoreTime(r.From), StoreTime(r.To)
	c.StatusChangedAt = StoreTime(r.StatusChangedAt)
	c.UpdatedAt = StoreTime(r.UpdatedAt)
	return &c
}
