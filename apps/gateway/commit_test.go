package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// failingAppender fails every append with err.
type failingAppender struct{ err error }

func (f failingAppender) AppendBatch(context.Context, [][]byte) (uint64, error) { return 0, f.err }

func TestCommitterWaitReportsWriteFailure(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		broken bool
	}{
		{"full disk", fmt.Errorf("%w: seg: no space left on device", outbox.ErrWriteFailed), true},
		{"payload too large", errors.New("outbox: payload of 2000000 bytes exceeds MaxRecordBytes"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCommitter(failingAppender{tt.err}, time.Millisecond, slog.New(slog.DiscardHandler))
			defer c.close()
			c.add(uplink.Telemetry, []byte(`{"device":"soil-1"}`))

			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			err := c.wait(ctx)
			if got := errors.Is(err, outbox.ErrWriteFailed); got != tt.broken {
				t.Errorf("wait = %v, want an error wrapping ErrWriteFailed: %t", err, tt.broken)
			}
			if !tt.broken && err != nil {
				t.Errorf("wait = %v, want nil when the context ends", err)
			}
		})
	}
}
