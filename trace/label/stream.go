package label

import (
	"context"
	"fmt"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// DefaultChunk is the number of records that [Stream] hands to its sinks at a time
// when StreamOptions.Chunk is zero.
const DefaultChunk = 4096

// Sink receives issued records in chunks. The slice is reused for the next chunk once
// WriteRecords returns, so a sink copies what it keeps. A store that saves codes
// implements Sink, typically with one transaction per chunk.
type Sink interface {
	WriteRecords(ctx context.Context, records []Record) error
}

// StreamOptions tunes [Stream].
type StreamOptions struct {
	// Chunk is the number of records per WriteRecords call; 0 means [DefaultChunk].
	Chunk int
}

// Stream issues every code of batch b through m and hands them to each sink in order,
// chunk by chunk. Its memory is one chunk of records whatever the size of the batch. It
// stops at the first error of a sink or of ctx and returns the number of records that
// every sink accepted. Sinks that buffer, such as [CSVWriter], need a Flush or Close
// afterwards.
func Stream(ctx context.Context, m *mint.Minter, b mint.Batch, product string, opts StreamOptions,
	sinks ...Sink) (int, error) {
	chunk := opts.Chunk
	if chunk <= 0 {
		chunk = DefaultChunk
	}
	chunk = min(chunk, int(b.Count))
	codes := make([]mint.Code, 0, chunk)
	records := make([]Record, chunk)

	done := 0
	for from := uint32(0); from < b.Count; from += uint32(len(codes)) {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		n := min(uint32(chunk), b.Count-from)
		var err error
		codes, err = m.AppendBatch(codes[:0], b, from, n)
		if err != nil {
			return done, fmt.Errorf("label: issue batch %s: %w", b, err)
		}
		for i, c := range codes {
			records[i] = Record{Code: c, ID: b.ID(from + uint32(i)), Product: product}
		}
		for _, sink := range sinks {
			if err := sink.WriteRecords(ctx, records[:n]); err != nil {
				return done, err
			}
		}
		done += int(n)
	}
	return done, nil
}
