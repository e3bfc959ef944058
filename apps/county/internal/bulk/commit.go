package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// change is one record an import creates or updates.
type change struct {
	// record names the record in problems, as Problem.Record does, and pos
	// is its position in the file.
	record string
	pos    int
	// kind and key are the audit log's kind and record code.
	kind, key string
	// division scopes the audit entry.
	division string
	// before is the stored record as JSON, nil for a create.
	before json.RawMessage
	// linkOnly reports that the record itself is unchanged and put changes
	// only records beside it, which its extra audit entries describe.
	linkOnly bool
	// put stores the record and returns its key, which a plot gets only
	// when its code is allocated, and the record as JSON for the audit log.
	// It may return extra audit entries for records it changed beside it.
	put func(ctx context.Context) (key string, after json.RawMessage, extra []auditRecord, err error)
}

// commit writes the changes and counts them into rep, unless opts asks for a
// dry run or an atomic import has rejections. A change the store rejects as a conflict, because the
// record was changed since it was read or a meter id is taken, becomes a
// rejection; any other store error ends the import.
func commit(ctx context.Context, s Stores, opts Options, rep *Report, changes []change) error {
	defer rep.sort()
	if opts.Atomic && len(rep.Rejected) > 0 {
		rep.Aborted = true
		return nil
	}
	for _, c := range changes {
		if opts.DryRun {
			rep.count(c.before == nil)
			continue
		}
		key, after, extra, err := c.put(ctx)
		if errors.Is(err, land.ErrConflict) || errors.Is(err, water.ErrConflict) {
			rep.reject(Problem{Record: c.record, pos: c.pos, Reason: "conflict",
				Message: fmt.Sprintf("%v; check the record and import again", err)})
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: store %s %s: %w", c.record, c.kind, c.key, err)
		}
		if !c.linkOnly {
			if err := s.audit(ctx, opts, auditRecord{c.kind, key, c.division, c.before, after}); err != nil {
				return err
			}
		}
		for _, a := range extra {
			if err := s.audit(ctx, opts, a); err != nil {
				return err
			}
		}
		rep.count(c.before == nil)
	}
	return nil
}

func (r *Report) count(created bool) {
	if created {
		r.Created++
	} else {
		r.Updated++
	}
}
