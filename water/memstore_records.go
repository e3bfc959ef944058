package water

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// PutWell stores w as [Store] describes. It fails with [ErrConflict] when another stored
// well has one of w's meters.
func (s *MemoryStore) PutWell(ctx context.Context, w *WellRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.wells, "well", w, putHooks[WellRecord]{check: s.checkMeters, written: s.indexMeters})
}

// checkMeters rejects a well with a meter that another stored well has.
func (s *MemoryStore) checkMeters(w, _ *WellRecord, _ time.Time) error {
	for _, m := range w.Meters {
		if other, ok := s.meterWells[m.ID]; ok && other != w.Code {
			return fmt.Errorf("water: well %s: meter %s is attached to well %s: %w", w.Code, m.ID, other, ErrConflict)
		}
	}
	return nil
}

// indexMeters replaces the meters of old by those of w in the index of meters.
func (s *MemoryStore) indexMeters(_, w, old *WellRecord) {
	if old != nil {
		for _, m := range old.Meters {
			delete(s.meterWells, m.ID)
		}
	}
	if s.meterWells == nil {
		s.meterWells = make(map[MeterID]WellCode)
	}
	for _, m := range w.Meters {
		s.meterWells[m.ID] = w.Code
	}
}

// Well returns a copy of the well with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Well(ctx context.Context, code WellCode) (*WellRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.wells, "well", string(code))
}

// WellByMeter returns a copy of the well that has the meter attached, or an error
// wrapping [ErrNotFound].
func (s *MemoryStore) WellByMeter(ctx context.Context, meter MeterID) (*WellRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	code, ok := s.meterWells[meter]
	if !ok {
		return nil, fmt.Errorf("water: well with meter %s: %w", meter, ErrNotFound)
	}
	w, _ := s.wells.Get(string(code))
	return w.clone(), nil
}

// DeleteWell removes the well with the code, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteWell(ctx context.Context, code WellCode) error {
	return remove(ctx, s, &s.wells, "well", string(code), func(old *WellRecord) {
		for _, m := range old.Meters {
			delete(s.meterWells, m.ID)
		}
	})
}

// Wells lists the wells that pass f in code order.
func (s *MemoryStore) Wells(ctx context.Context, f WellFilter) ([]*WellRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.wells, f.Page, f.Match)
}

// PutReservoir stores r as [Store] describes.
func (s *MemoryStore) PutReservoir(ctx context.Context, r *ReservoirRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.reservoirs, "reservoir", r, putHooks[ReservoirRecord]{})
}

// Reservoir returns a copy of the reservoir with the code, or an error wrapping
// [ErrNotFound].
func (s *MemoryStore) Reservoir(ctx context.Context, code FacilityCode) (*ReservoirRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.reservoirs, "reservoir", string(code))
}

// DeleteReservoir removes the reservoir with the code, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeleteReservoir(ctx context.Context, code FacilityCode) error {
	return remove(ctx, s, &s.reservoirs, "reservoir", string(code), nil)
}

// Reservoirs lists the reservoirs that pass f in code order.
func (s *MemoryStore) Reservoirs(ctx context.Context, f ReservoirFilter) ([]*ReservoirRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.reservoirs, f.Page, f.Match)
}

// PutCanal stores c as [Store] describes.
func (s *MemoryStore) PutCanal(ctx context.Context, c *CanalRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.canals, "canal", c, putHooks[CanalRecord]{})
}

// Canal returns a copy of the canal with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Canal(ctx context.Context, code FacilityCode) (*CanalRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.canals, "canal", string(code))
}

// DeleteCanal removes the canal with the code, or returns an error wrapping
// [ErrNotFound].
func (s *MemoryStore) DeleteCanal(ctx context.Context, code FacilityCode) error {
	return remove(ctx, s, &s.canals, "canal", string(code), nil)
}

// Canals lists the canals that pass f in code order.
func (s *MemoryStore) Canals(ctx context.Context, f CanalFilter) ([]*CanalRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.canals, f.Page, f.Match)
}

// PutGate stores g as [Store] describes.
func (s *MemoryStore) PutGate(ctx context.Context, g *GateRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.gates, "gate", g, putHooks[GateRecord]{})
}

// Gate returns a copy of the gate with the code, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Gate(ctx context.Context, code FacilityCode) (*GateRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.gates, "gate", string(code))
}

// DeleteGate removes the gate with the code, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteGate(ctx context.Context, code FacilityCode) error {
	return remove(ctx, s, &s.gates, "gate", string(code), nil)
}

// Gates lists the gates that pass f in code order.
func (s *MemoryStore) Gates(ctx context.Context, f GateFilter) ([]*GateRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.gates, f.Page, f.Match)
}

// PutVillageMeter stores v as [Store] describes.
func (s *MemoryStore) PutVillageMeter(ctx context.Context, v *VillageMeterRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.villageMeters, "village meter", v, putHooks[VillageMeterRecord]{})
}

// VillageMeter returns a copy of the village supply meter with the code, or an error
// wrapping [ErrNotFound].
func (s *MemoryStore) VillageMeter(ctx context.Context, code FacilityCode) (*VillageMeterRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	return get(s, &s.villageMeters, "village meter", string(code))
}

// DeleteVillageMeter removes the village supply meter with the code, or returns an
// error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteVillageMeter(ctx context.Context, code FacilityCode) error {
	return remove(ctx, s, &s.villageMeters, "village meter", string(code), nil)
}

// VillageMeters lists the village supply meters that pass f in code order.
func (s *MemoryStore) VillageMeters(ctx context.Context, f VillageMeterFilter) ([]*VillageMeterRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.villageMeters, f.Page, f.Match)
}

// alarmHooks assign ids on create and stamp status changes.
func (s *MemoryStore) alarmHooks() putHooks[AlarmRecord] {
	return putHooks[AlarmRecord]{
		create: func(a *AlarmRecord) error {
			if a.ID != 0 {
				return fmt.Errorf("water: create alarm with id %d: want id 0, which the store replaces", a.ID)
			}
			s.lastAlarm++
			a.ID = s.lastAlarm
			return nil
		},
		check: func(a, old *AlarmRecord, now time.Time) error {
			a.StatusChangedAt = now
			if old != nil && old.Status == a.Status {
				a.StatusChangedAt = old.StatusChangedAt
			}
			return nil
		},
		written: func(arg, a, _ *AlarmRecord) { arg.ID, arg.StatusChangedAt = a.ID, a.StatusChangedAt },
		name:    func(a *AlarmRecord) string { return strconv.FormatInt(a.ID, 10) },
	}
}

// PutAlarm stores a as [Store] and [AlarmStore] describe.
func (s *MemoryStore) PutAlarm(ctx context.Context, a *AlarmRecord) error {
	if err := checkContext(ctx); err != nil {
		return err
	}
	return put(s, &s.alarms, "alarm", a, s.alarmHooks())
}

// Alarm returns a copy of the alarm with the id, or an error wrapping [ErrNotFound].
func (s *MemoryStore) Alarm(ctx context.Context, id int64) (*AlarmRecord, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	r, err := get(s, &s.alarms, "alarm", alarmKey(id))
	if errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("water: alarm %d: %w", id, ErrNotFound)
	}
	return r, err
}

// DeleteAlarm removes the alarm with the id, or returns an error wrapping [ErrNotFound].
func (s *MemoryStore) DeleteAlarm(ctx context.Context, id int64) error {
	err := remove(ctx, s, &s.alarms, "alarm", alarmKey(id), nil)
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("water: alarm %d: %w", id, ErrNotFound)
	}
	return err
}

// Alarms lists the alarms that pass f in id order.
func (s *MemoryStore) Alarms(ctx context.Context, f AlarmFilter) ([]*AlarmRecord, string, error) {
	if err := checkContext(ctx); err != nil {
		return nil, "", err
	}
	return list(s, &s.alarms, f.Page, f.Match)
}
