package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// DefaultCommitInterval is how long queued messages wait for others to share
// their outbox commit when the configuration sets no commit_interval.
const DefaultCommitInterval = 100 * time.Millisecond

// maxPending bounds the messages waiting for a commit. A producer waits when
// it is reached, which happens only when the disk falls behind.
const maxPending = 10000

// batchAppender is the part of *outbox.Outbox that the committer uses.
type batchAppender interface {
	AppendBatch(ctx context.Context, payloads [][]byte) (uint64, error)
}

// committer gathers messages and appends them to the outbox in one batch,
// with one fsync, per interval. A thousand readings a second spread over the
// second then cost about ten fsyncs instead of hundreds. A message is
// durable at most one interval after it was queued, so a crash loses at
// most that much of the newest data. The lost messages never got a
// sequence number, so the receivers see no gap.
type committer struct {
	box      batchAppender
	interval time.Duration
	log      *slog.Logger
	ch       chan []byte
	done     chan struct{}
	stop     sync.Once

	// broken receives the first outbox write failure. The outbox takes no
	// more records after one, so the gateway must stop and open it again.
	broken    chan error
	breakOnce sync.Once

	committed atomic.Uint64 // messages made durable
	failed    atomic.Uint64 // messages lost because the append failed
	batches   atomic.Uint64 // outbox commits
}

func newCommitter(box batchAppender, interval time.Duration, log *slog.Logger) *committer {
	if interval <= 0 {
		interval = DefaultCommitInterval
	}
	c := &committer{box: box, interval: interval, log: log,
		ch: make(chan []byte, maxPending), done: make(chan struct{}), broken: make(chan error, 1)}
	go c.run()
	return c
}

// add queues a message of kind k. It must not be called after close.
func (c *committer) add(k uplink.Kind, body []byte) {
	rec, err := uplink.AppendRecord(make([]byte, 0, len(body)+1), k, body)
	if err != nil {
		c.failed.Add(1)
		c.log.Error("queue message failed", "kind", k.String(), "err", err)
		return
	}
	c.ch <- rec
}

// close commits what is queued and stops the committer. Calls after the
// first only wait for it.
func (c *committer) close() {
	c.stop.Do(func() { close(c.ch) })
	<-c.done
}

func (c *committer) run() {
	defer close(c.done)
	var batch [][]byte
	for {
		rec, ok := <-c.ch
		if !ok {
			return
		}
		batch = append(batch[:0], rec)
		timer := time.NewTimer(c.interval)
		open := true
	gather:
		for open {
			select {
			case rec, open = <-c.ch:
				if open {
					batch = append(batch, rec)
				}
			case <-timer.C:
				break gather
			}
		}
		timer.Stop()
		c.commit(batch)
		if !open {
			return
		}
	}
}

func (c *committer) commit(batch [][]byte) {
	// The outbox must get the batch even while the gateway shuts down, so
	// the append does not take the gateway's context.
	if _, err := c.box.AppendBatch(context.Background(), batch); err != nil {
		c.failed.Add(uint64(len(batch)))
		c.log.Error("outbox append failed", "messages", len(batch), "err", err)
		if errors.Is(err, outbox.ErrWriteFailed) {
			c.breakOnce.Do(func() { c.broken <- err })
		}
		return
	}
	c.committed.Add(uint64(len(batch)))
	c.batches.Add(1)
}

// wait returns the first outbox write failure, or nil when ctx ends first.
func (c *committer) wait(ctx context.Context) error {
	select {
	case err := <-c.broken:
		return fmt.Errorf("queue messages: %w", err)
	case <-ctx.Done():
		return nil
	}
}
