package watersql

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

var reservoirs = &sqlstore.Kind[water.ReservoirRecord]{
	Name:  "reservoir",
	Table: "water_reservoirs",
	Keys:  []string{"code"},
	Cols:  []string{"name", "lon", "lat", "division", "district", "capacity", "points"},
	Key:   func(r *water.ReservoirRecord) []any { return []any{string(r.Code)} },
	Label: func(r *water.ReservoirRecord) string { return string(r.Code) },
	Values: func(_ sqlstore.Dialect, r *water.ReservoirRecord) ([]any, error) {
		points, err := encodePoints(r.Points)
		return []any{r.Name, r.Location.Lon, r.Location.Lat, string(r.Division), string(r.District),
			sqlstore.DecimalText(r.Capacity), points}, err
	},
	Scan: func(row sqlstore.Scanner) (*water.ReservoirRecord, error) {
		var r water.ReservoirRecord
		var points string
		err := row.Scan(textValue[water.FacilityCode]{&r.Code}, &r.Name, &r.Location.Lon, &r.Location.Lat,
			textValue[land.DivisionCode]{&r.Division}, textValue[water.DistrictCode]{&r.District},
			sqlstore.DecimalScanner{D: &r.Capacity}, &points, &r.Version, sqlstore.TimeScanner{T: &r.UpdatedAt})
		if err != nil {
			return nil, err
		}
		r.Points, err = decodePoints(points)
		return &r, err
	},
	Revision: func(r *water.ReservoirRecord) (*int64, *time.Time) { return &r.Version, &r.UpdatedAt },
}

var canals = &sqlstore.Kind[water.CanalRecord]{
	Name:  "canal",
	Table: "water_canals",
	Keys:  []string{"code"},
	Cols:  []string{"name", "level", "feeder", "district", "length", "design_flow", "path", "points"},
	Key:   func(c *water.CanalRecord) []any { return []any{string(c.Code)} },
	Label: func(c *water.CanalRecord) string { return string(c.Code) },
	Values: func(_ sqlstore.Dialect, c *water.CanalRecord) ([]any, error) {
		path, err := encodePath(c.Path)
		if err != nil {
			return nil, err
		}
		points, err := encodePoints(c.Points)
		return []any{c.Name, int64(c.Level), string(c.Feeder), string(c.District), sqlstore.DecimalText(c.Length),
			sqlstore.DecimalText(c.DesignFlow), path, points}, err
	},
	Scan: func(row sqlstore.Scanner) (*water.CanalRecord, error) {
		var c water.CanalRecord
		var path, points string
		err := row.Scan(textValue[water.FacilityCode]{&c.Code}, &c.Name, enumValue[water.CanalLevel]{&c.Level},
			textValue[water.FacilityCode]{&c.Feeder}, textValue[water.DistrictCode]{&c.District},
			sqlstore.DecimalScanner{D: &c.Length}, sqlstore.DecimalScanner{D: &c.DesignFlow}, &path, &points, &c.Version, sqlstore.TimeScanner{T: &c.UpdatedAt})
		if err != nil {
			return nil, err
		}
		if c.Path, err = decodePath(path); err != nil {
			return nil, err
		}
		c.Points, err = decodePoints(points)
		return &c, err
	},
	Revision: func(c *water.CanalRecord) (*int64, *time.Time) { return &c.Version, &c.UpdatedAt },
}

var gates = &sqlstore.Kind[water.GateRecord]{
	Name:  "gate",
	Table: "water_gates",
	Keys:  []string{"code"},
	Cols:  []string{"name", "kind", "canal", "lon", "lat", "points"},
	Key:   func(g *water.GateRecord) []any { return []any{string(g.Code)} },
	Label: func(g *water.GateRecord) string { return string(g.Code) },
	Values: func(_ sqlstore.Dialect, g *water.GateRecord) ([]any, error) {
		points, err := encodePoints(g.Points)
		return []any{g.Name, int64(g.Kind), string(g.Canal), g.Location.Lon, g.Location.Lat, points}, err
	},
	Scan: func(row sqlstore.Scanner) (*water.GateRecord, error) {
		var g water.GateRecord
		var points string
		err := row.Scan(textValue[water.FacilityCode]{&g.Code}, &g.Name, enumValue[water.GateKind]{&g.Kind},
			textValue[water.FacilityCode]{&g.Canal}, &g.Location.Lon, &g.Location.Lat, &points,
			&g.Version, sqlstore.TimeScanner{T: &g.UpdatedAt})
		if err != nil {
			return nil, err
		}
		g.Points, err = decodePoints(points)
		return &g, err
	},
	Revision: func(g *water.GateRecord) (*int64, *time.Time) { return &g.Version, &g.UpdatedAt },
}

var villageMeters = &sqlstore.Kind[water.VillageMeterRecord]{
	Name:  "village meter",
	Table: "water_village_meters",
	Keys:  []string{"code"},
	Cols:  []string{"name", "village", "lon", "lat", "supply", "meter_kind", "meter_id", "meter_installed"},
	Key:   func(v *water.VillageMeterRecord) []any { return []any{string(v.Code)} },
	Label: func(v *water.VillageMeterRecord) string { return string(v.Code) },
	Values: func(d sqlstore.Dialect, v *water.VillageMeterRecord) ([]any, error) {
		return []any{v.Name, string(v.Village), v.Location.Lon, v.Location.Lat, string(v.Supply),
			int64(v.Meter.Kind), string(v.Meter.ID), d.DateArg(v.Meter.Installed)}, nil
	},
	Scan: func(row sqlstore.Scanner) (*water.VillageMeterRecord, error) {
		var v water.VillageMeterRecord
		err := row.Scan(textValue[water.FacilityCode]{&v.Code}, &v.Name, textValue[land.DivisionCode]{&v.Village},
			&v.Location.Lon, &v.Location.Lat, textValue[water.WellCode]{&v.Supply},
			enumValue[water.MeterKind]{&v.Meter.Kind}, textValue[water.MeterID]{&v.Meter.ID},
			sqlstore.DateScanner{D: &v.Meter.Installed}, &v.Version, sqlstore.TimeScanner{T: &v.UpdatedAt})
		if err != nil {
			return nil, err
		}
		return &v, nil
	},
	Revision: func(v *water.VillageMeterRecord) (*int64, *time.Time) { return &v.Version, &v.UpdatedAt },
}

// codeAfter adds the condition of a page token that is the last code listed.
func codeAfter(w *sqlstore.Where, after string) {
	if after != "" {
		w.Add("code > ?", after)
	}
}

// PutReservoir stores r as [water.Store] describes.
func (s *Store) PutReservoir(ctx context.Context, r *water.ReservoirRecord) error {
	return reservoirs.Put(ctx, s.handle, s.now(), r)
}

// Reservoir returns the reservoir with the code, or an error wrapping
// [water.ErrNotFound].
func (s *Store) Reservoir(ctx context.Context, code water.FacilityCode) (*water.ReservoirRecord, error) {
	return reservoirs.Get(ctx, s.handle, string(code), string(code))
}

// DeleteReservoir removes the reservoir with the code, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteReservoir(ctx context.Context, code water.FacilityCode) error {
	return reservoirs.Delete(ctx, s.handle, string(code), string(code))
}

// Reservoirs lists the reservoirs that pass f in code order.
func (s *Store) Reservoirs(ctx context.Context, f water.ReservoirFilter) ([]*water.ReservoirRecord, string, error) {
	w := &sqlstore.Where{}
	w.Within("division", f.Division)
	w.Equal("district", string(f.District))
	codeAfter(w, f.After)
	return reservoirs.List(ctx, s.handle, w, f.Page, func(r *water.ReservoirRecord) string { return string(r.Code) })
}

// PutCanal stores c as [water.Store] describes.
func (s *Store) PutCanal(ctx context.Context, c *water.CanalRecord) error {
	return canals.Put(ctx, s.handle, s.now(), c)
}

// Canal returns the canal with the code, or an error wrapping [water.ErrNotFound].
func (s *Store) Canal(ctx context.Context, code water.FacilityCode) (*water.CanalRecord, error) {
	return canals.Get(ctx, s.handle, string(code), string(code))
}

// DeleteCanal removes the canal with the code, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteCanal(ctx context.Context, code water.FacilityCode) error {
	return canals.Delete(ctx, s.handle, string(code), string(code))
}

// Canals lists the canals that pass f in code order.
func (s *Store) Canals(ctx context.Context, f water.CanalFilter) ([]*water.CanalRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("district", string(f.District))
	w.Equal("feeder", string(f.Feeder))
	codeAfter(w, f.After)
	return canals.List(ctx, s.handle, w, f.Page, func(c *water.CanalRecord) string { return string(c.Code) })
}

// PutGate stores g as [water.Store] describes.
func (s *Store) PutGate(ctx context.Context, g *water.GateRecord) error {
	return gates.Put(ctx, s.handle, s.now(), g)
}

// Gate returns the gate with the code, or an error wrapping [water.ErrNotFound].
func (s *Store) Gate(ctx context.Context, code water.FacilityCode) (*water.GateRecord, error) {
	return gates.Get(ctx, s.handle, string(code), string(code))
}

// DeleteGate removes the gate with the code, or returns an error wrapping
// [water.ErrNotFound].
func (s *Store) DeleteGate(ctx context.Context, code water.FacilityCode) error {
	return gates.Delete(ctx, s.handle, string(code), string(code))
}

// Gates lists the gates that pass f in code order.
func (s *Store) Gates(ctx context.Context, f water.GateFilter) ([]*water.GateRecord, string, error) {
	w := &sqlstore.Where{}
	w.Equal("canal", string(f.Canal))
	codeAfter(w, f.After)
	return gates.List(ctx, s.handle, w, f.Page, func(g *water.GateRecord) string { return string(g.Code) })
}

// PutVillageMeter stores v as [water.Store] describes.
func (s *Store) PutVillageMeter(ctx context.Context, v *water.VillageMeterRecord) error {
	return villageMeters.Put(ctx, s.handle, s.now(), v)
}

// VillageMeter returns the village supply meter with the code, or an error wrapping
// [water.ErrNotFound].
func (s *Store) VillageMeter(ctx context.Context, code water.FacilityCode) (*water.VillageMeterRecord, error) {
	return villageMeters.Get(ctx, s.handle, string(code), string(code))
}

// DeleteVillageMeter removes the village supply meter with the code, or returns an
// error wrapping [water.ErrNotFound].
func (s *Store) DeleteVillageMeter(ctx context.Context, code water.FacilityCode) error {
	return villageMeters.Delete(ctx, s.handle, string(code), string(code))
}

// VillageMeters lists the village supply meters that pass f in code order.
func (s *Store) VillageMeters(ctx context.Context, f water.VillageMeterFilter) ([]*water.VillageMeterRecord, string, error) {
	w := &sqlstore.Where{}
	w.Within("village", f.Division)
	codeAfter(w, f.After)
	return villageMeters.List(ctx, s.handle, w, f.Page, func(v *water.VillageMeterRecord) string { return string(v.Code) })
}
