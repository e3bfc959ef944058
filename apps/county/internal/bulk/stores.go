package bulk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Stores are the registers an import or export reads and writes.
type Stores struct {
	// Land is the land register.
	Land land.Store
	// Sequences keeps the marks of the plot code allocator, so that codes
	// allocated by an import are never allocated again. It is needed only to
	// allocate codes.
	Sequences land.SequenceStore
	// Water is the water register with the plans.
	Water water.Store
	// County holds the audit log and the daily water totals.
	County *store.Store
}

// auditRecord is one change for the audit log.
type auditRecord struct {
	kind, record, division string
	// before is nil for a create.
	before, after json.RawMessage
}

// audit appends the entry of a.
func (s Stores) audit(ctx context.Context, opts Options, a auditRecord) error {
	action := "update"
	if a.before == nil {
		action = "create"
	}
	e := &store.AuditEntry{Actor: opts.actor(), Role: auditRole, Action: action, Kind: a.kind,
		Record: a.record, Division: a.division, Before: a.before, After: a.after}
	if err := s.County.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s %s: %w", a.kind, a.record, err)
	}
	return nil
}
