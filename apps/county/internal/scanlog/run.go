package scanlog

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/trace"
)

// writeAttempts is how often a batch is tried before its scans are dropped.
const writeAttempts = 5

// Run writes the queued scans and their flags until Close, then writes what is
// still queued and returns. Call it once.
func (r *Recorder) Run(ctx context.Context) error {
	batch := make([]*pending, 0, r.cfg.Batch)
	timer := time.NewTimer(r.cfg.FlushEvery)
	defer timer.Stop()
	for {
		select {
		case p := <-r.queue:
			batch = append(batch, p)
			if len(batch) < r.cfg.Batch {
				continue
			}
		case <-timer.C:
			timer.Reset(r.cfg.FlushEvery)
		case <-r.stop:
			r.senders.Wait()
			for {
				select {
				case p := <-r.queue:
					batch = append(batch, p)
					if len(batch) == r.cfg.Batch {
						r.write(ctx, batch)
						batch = batch[:0]
					}
					continue
				default:
				}
				break
			}
			r.write(ctx, batch)
			return nil
		}
		if len(batch) > 0 {
			r.write(ctx, batch)
			batch = batch[:0]
		}
	}
}

// write stores the scans of batch, then their flags.
func (r *Recorder) write(ctx context.Context, batch []*pending) {
	if len(batch) == 0 {
		return
	}
	scans := make([]*trace.Scan, len(batch))
	for i, p := range batch {
		scans[i] = &p.scan
	}
	var err error
	for attempt := 1; attempt <= writeAttempts; attempt++ {
		if err = r.addScans(ctx, scans); err == nil {
			break
		}
		r.log.Warn("store scans failed", "scans", len(scans), "attempt", attempt, "err", err)
		time.Sleep(time.Duration(attempt) * 100 * time.Millisecond)
	}
	for _, p := range batch {
		if p.scan.EPC != "" {
			r.written(p.scan.EPC)
		}
	}
	if err != nil {
		r.stats.dropped.Add(int64(len(batch)))
		r.log.Error("scans dropped", "scans", len(batch), "err", err)
		return
	}
	r.stats.written.Add(int64(len(batch)))
	for _, p := range batch {
		for i := range p.flags {
			r.addFlag(ctx, &p.flags[i])
		}
	}
}

// addScans stores scans in one transaction when the store can, else one by
// one, skipping those stored in an earlier attempt.
func (r *Recorder) addScans(ctx context.Context, scans []*trace.Scan) error {
	if b, ok := r.cfg.Store.(batchAdder); ok {
		return b.AddScans(ctx, scans)
	}
	for _, s := range scans {
		if s.ID != 0 {
			continue
		}
		if err := r.cfg.Store.AddScan(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// addFlag stores a flag with the IDs of its scans and hands it to Flagged.
func (r *Recorder) addFlag(ctx context.Context, pf *pendingFlag) {
	f := pf.flag
	f.Evidence.Scans = make([]int64, 0, len(pf.refs))
	for _, ref := range pf.refs {
		if ref != nil && ref.scan.ID != 0 {
			f.Evidence.Scans = append(f.Evidence.Scans, ref.scan.ID)
		}
	}
	if err := r.cfg.Store.AddFlag(ctx, &f); err != nil {
		r.log.Error("store flag failed", "rule", f.Rule.String(), "epc", f.EPC, "err", err)
		return
	}
	r.stats.flags.Add(1)
	if r.cfg.Flagged != nil {
		r.cfg.Flagged(ctx, &f)
	}
}
