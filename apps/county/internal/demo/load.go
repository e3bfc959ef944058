package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Load writes every record of c into the land and water stores as new records, so both
// must hold none of c's codes yet. Records are copied first, so c is left unchanged and
// can be loaded into several stores. Plots go in one batch where the land store has
// PutPlots. Every other record is one write, so loading the default size into an SQL
// store commits a few thousand transactions. Load stops at the first error, which names the
// record, and leaves the records written before it in the stores.
func (c *County) Load(ctx context.Context, ls land.Store, ws water.Store) error {
	if err := c.loadLand(ctx, ls); err != nil {
		return err
	}
	return c.loadWater(ctx, ws)
}

func (c *County) loadLand(ctx context.Context, s land.Store) error {
	for _, i := range c.Issuers {
		i := *i
		if err := s.PutIssuer(ctx, &i); err != nil {
			return fmt.Errorf("demo: load issuer %s: %w", i.Code, err)
		}
	}
	if err := c.loadPlots(ctx, s); err != nil {
		return err
	}
	for _, k := range c.Contractors {
		if err := s.PutContractor(ctx, k.Clone()); err != nil {
			return fmt.Errorf("demo: load contractor %s: %w", k.Code, err)
		}
	}
	for _, k := range c.Contracts {
		if err := s.PutContract(ctx, k.Clone()); err != nil {
			return fmt.Errorf("demo: load contract %s: %w", k.Code, err)
		}
	}
	for _, t := range c.Transfers {
		if err := s.PutTransfer(ctx, t.Clone()); err != nil {
			return fmt.Errorf("demo: load transfer %s: %w", t.Code, err)
		}
	}
	for _, p := range c.Plantings {
		p := *p
		if err := s.PutPlanting(ctx, &p); err != nil {
			return fmt.Errorf("demo: load planting %s: %w", p.Key(), err)
		}
	}
	return nil
}

// plotBatcher is a land.Store that writes many plots in one transaction, as
// landsql.Store.PutPlots does.
type plotBatcher interface {
	PutPlots(ctx context.Context, plots []*land.Plot) error
}

// loadPlots writes the plots in one batch when s can, because an SQL store then commits
// once in place of once per plot.
func (c *County) loadPlots(ctx context.Context, s land.Store) error {
	if b, ok := s.(plotBatcher); ok {
		plots := make([]*land.Plot, len(c.Plots))
		for i, p := range c.Plots {
			plots[i] = p.Clone()
		}
		if err := b.PutPlots(ctx, plots); err != nil {
			return fmt.Errorf("demo: load plots: %w", err)
		}
		return nil
	}
	for _, p := range c.Plots {
		if err := s.PutPlot(ctx, p.Clone()); err != nil {
			return fmt.Errorf("demo: load plot %s: %w", p.Code, err)
		}
	}
	return nil
}

// loadWater writes the water records. The record wrappers get the Revision that the
// store sets; the registers' slices are shared with c, which the stores copy.
func (c *County) loadWater(ctx context.Context, s water.Store) error {
	for _, w := range c.Wells {
		if err := s.PutWell(ctx, &water.WellRecord{Well: *w}); err != nil {
			return fmt.Errorf("demo: load well %s: %w", w.Code, err)
		}
	}
	for _, p := range c.Plans {
		if err := s.PutPlan(ctx, &water.PlanRecord{Plan: *p}); err != nil {
			return fmt.Errorf("demo: load plan %s/%d: %w", p.Well, p.Year, err)
		}
	}
	for _, h := range c.Coefficients {
		rec := &water.CoefficientHistoryRecord{Well: h.Well, Coefficients: slices.Clone(h.Coefficients)}
		if err := s.PutCoefficientHistory(ctx, rec); err != nil {
			return fmt.Errorf("demo: load coefficients of %s: %w", h.Well, err)
		}
	}
	for _, r := range c.Reservoirs {
		if err := s.PutReservoir(ctx, &water.ReservoirRecord{Reservoir: *r}); err != nil {
			return fmt.Errorf("demo: load reservoir %s: %w", r.Code, err)
		}
	}
	for _, k := range c.Canals {
		if err := s.PutCanal(ctx, &water.CanalRecord{Canal: *k}); err != nil {
			return fmt.Errorf("demo: load canal %s: %w", k.Code, err)
		}
	}
	for _, gt := range c.Gates {
		if err := s.PutGate(ctx, &water.GateRecord{Gate: *gt}); err != nil {
			return fmt.Errorf("demo: load gate %s: %w", gt.Code, err)
		}
	}
	for _, v := range c.VillageMeters {
		if err := s.PutVillageMeter(ctx, &water.VillageMeterRecord{VillageMeter: *v}); err != nil {
			return fmt.Errorf("demo: load village meter %s: %w", v.Code, err)
		}
	}
	return nil
}
