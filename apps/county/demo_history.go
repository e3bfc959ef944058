package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// loadDemoDashboard writes what the dashboard shows of the demo county beyond
// its registers. It writes the names of the divisions every time. On the first
// load, when loaded is true, it also writes made-up daily water totals of the
// wells from 1 January of last year through yesterday in the county's zone, so that
// use against plan and the year-on-year and month-on-month figures have a
// history. Today's totals come from the simulated gateways.
func loadDemoDashboard(ctx context.Context, a *app, c *demo.County, loaded bool, now time.Time, log *slog.Logger) error {
	divisions := []store.Division{{Code: c.Code, Name: c.Name}}
	for _, d := range append(append([]demo.Division(nil), c.Townships...), c.Villages...) {
		divisions = append(divisions, store.Division{Code: d.Code, Name: d.Name})
	}
	if err := a.county.PutDivisions(ctx, divisions); err != nil {
		return fmt.Errorf("store demo division names: %w", err)
	}
	if !loaded {
		return nil
	}
	y, m, d := a.zone.table.Day(now.Unix()).Date()
	through := land.NewDate(y, m, d).AddDate(0, 0, -1)
	from := land.NewDate(y-1, time.January, 1)
	history := c.History(from, through)
	days := make([]store.Daily, len(history))
	for i, h := range history {
		days[i] = store.Daily{Well: string(h.Well), Day: h.Day, Volume: h.Volume}
	}
	if err := a.county.PutDaily(ctx, days); err != nil {
		return fmt.Errorf("store demo daily history: %w", err)
	}
	log.Info("demo daily history loaded", "from", from.String(), "through", through.String(), "totals", len(days))
	return nil
}
