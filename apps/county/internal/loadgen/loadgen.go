// Package loadgen measures the read API of the county server: it sends GET
// requests over keep-alive connections for a fixed time and reports the rate
// and latency percentiles. Seed fills a SQLite data folder with a plot, a well
// and a year of daily totals so that a separate county serve process has
// something to return.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Config is one load run.
type Config struct {
	// URL is requested with GET by every connection.
	URL string
	// Token is sent as Authorization: Bearer TOKEN when not empty.
	Token string
	// Connections is the number of concurrent keep-alive connections, each
	// with one request in flight.
	Connections int
	// Duration is how long requests are sent.
	Duration time.Duration
}

// Result is the outcome of a run.
type Result struct {
	// Requests is the number of responses with status 200.
	Requests int64
	// Errors is the number of failed requests and other statuses.
	Errors int64
	// Elapsed is the measured time.
	Elapsed time.Duration
	// P50, P90 and P99 are latency percentiles of the successful requests;
	// Max is the slowest.
	P50, P90, P99, Max time.Duration
}

// Rate returns the successful requests per second.
func (r Result) Rate() int64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return r.Requests * int64(time.Second) / int64(r.Elapsed)
}

// String returns the result on one line.
func (r Result) String() string {
	return fmt.Sprintf("%d requests in %v, %d/s, %d errors, p50 %v p90 %v p99 %v max %v",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Rate(), r.Errors, r.P50, r.P90, r.P99, r.Max)
}

// Run sends requests as cfg configures and returns the result. It fails when the
// configuration is invalid or the first request does not return 200.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Connections < 1 {
		return Result{}, fmt.Errorf("loadgen: connections %d is invalid, want 1 or more", cfg.Connections)
	}
	if cfg.Duration <= 0 {
		return Result{}, fmt.Errorf("loadgen: duration %v is invalid, want more than 0", cfg.Duration)
	}
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost: cfg.Connections,
		MaxConnsPerHost:     cfg.Connections,
		DisableCompression:  true,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	if _, err := get(ctx, client, cfg); err != nil {
		return Result{}, fmt.Errorf("loadgen: first request to %s: %w", cfg.URL, err)
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	latencies := make([][]time.Duration, cfg.Connections)
	errorCounts := make([]int64, cfg.Connections)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.Connections {
		wg.Go(func() {
			samples := make([]time.Duration, 0, 1<<16)
			for ctx.Err() == nil {
				t0 := time.Now()
				_, err := get(ctx, client, cfg)
				if err != nil {
					if ctx.Err() == nil {
						errorCounts[i]++
					}
					continue
				}
				samples = append(samples, time.Since(t0))
			}
			latencies[i] = samples
		})
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start)}
	var all []time.Duration
	for i := range latencies {
		all = append(all, latencies[i]...)
		res.Errors += errorCounts[i]
	}
	res.Requests = int64(len(all))
	if len(all) > 0 {
		sort.Slice(all, func(a, b int) bool { return all[a] < all[b] })
		res.P50 = percentile(all, 50)
		res.P90 = percentile(all, 90)
		res.P99 = percentile(all, 99)
		res.Max = all[len(all)-1]
	}
	return res, nil
}

// percentile returns the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (len(sorted)*p + 99) / 100
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

var errStatus = errors.New("unexpected status")

// get sends one request and reads the whole body, so that the connection is
// reused.
func get(ctx context.Context, client *http.Client, cfg Config) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.URL, nil)
	if err != nil {
		return 0, err
	}
	if cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+cfg.Token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return n, err
	}
	if res.StatusCode != http.StatusOK {
		return n, fmt.Errorf("%w %d, want 200", errStatus, res.StatusCode)
	}
	return n, nil
}
