package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/shuxiang/shuxiang/water/metering"
)

// result is one timed job.
type result struct {
	engine, job string
	seconds     float64
	// cpu is the process CPU time in seconds, when measured.
	cpu float64
}

// meterConfig is a 999,999.99 kWh register on a pump of at most 100 kW, with readings
// up to an hour late placed in order.
var meterConfig = metering.MeterConfig{Scale: 2, Modulus: 100_000_000, MaxPerHour: 10_000, Window: 3600}

func newShard(wells int) (*metering.Shard, error) {
	utc, err := metering.NewZone(time.UTC)
	if err != nil {
		return nil, err
	}
	s, err := metering.NewShard(metering.Config{Zone: utc, MaxAge: 20 * 366 * 86400})
	if err != nil {
		return nil, err
	}
	for id := 1; id <= wells; id++ {
		if err := s.AddMeter(uint32(id), meterConfig); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// runOurs times the metering pipeline from the CSV file to sorted daily totals with
// one and two workers, and ingest alone from decoded readings with one and two
// shards. It writes the two-worker figures to ours_deltas.csv.
func runOurs(o options, csvPath string, rows int, dir string) ([]result, error) {
	var out []result
	var days []metering.DayTotal
	for _, workers := range []int{2, 1} {
		var walls, cpus []float64
		for range o.reps {
			shardsReady := make([]*metering.Shard, workers)
			for i := range shardsReady {
				s, err := newShard(o.wells)
				if err != nil {
					return nil, err
				}
				shardsReady[i] = s
			}
			cpu0, start := processCPU(), time.Now()
			got, stats, err := pipeline(csvPath, shardsReady)
			wall, cpu := time.Since(start).Seconds(), processCPU()-cpu0
			if err != nil {
				return nil, err
			}
			if stats.Offered() != uint64(rows) {
				return nil, fmt.Errorf("metering took %d readings, want %d", stats.Offered(), rows)
			}
			walls, cpus = append(walls, wall), append(cpus, cpu)
			days = got
		}
		fmt.Printf("metering csv->days, %d worker(s): wall %v s, cpu %v s\n", workers, rounded(walls), rounded(cpus))
		out = append(out, result{engine: "metering", job: fmt.Sprintf("csv -> daily deltas, %d core(s)", workers), seconds: median(walls), cpu: median(cpus)})
	}
	if err := writeDays(filepath.Join(dir, "ours_deltas.csv"), days); err != nil {
		return nil, err
	}
	ingest, err := timeIngest(o, csvPath)
	if err != nil {
		return nil, err
	}
	return append(out, ingest...), nil
}

// pipeline reads the CSV, gives each shard a run of its lines, and merges the shards.
func pipeline(csvPath string, shards []*metering.Shard) ([]metering.DayTotal, metering.Stats, error) {
	data, unmap, err := mapFile(csvPath)
	if err != nil {
		return nil, metering.Stats{}, err
	}
	defer unmap()
	chunks := splitLines(data, len(shards))
	now := time.Now().Unix()
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() { errs[i] = ingestCSV(shards[i], chunks[i], i == 0, now) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, metering.Stats{}, err
	}
	for _, s := range shards[1:] {
		if err := shards[0].Merge(s); err != nil {
			return nil, metering.Stats{}, err
		}
	}
	return shards[0].AppendAllDays(nil), shards[0].Stats(), nil
}

// mapFile maps the file read-only into memory, which saves copying it.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if info.Size() == 0 {
		return nil, func() {}, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(info.Size()), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", path, err)
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}

// splitLines cuts data into n runs of whole lines.
func splitLines(data []byte, n int) [][]byte {
	var out [][]byte
	for i := n; i > 1; i-- {
		cut := len(data) / i
		if nl := bytes.IndexByte(data[cut:], '\n'); nl >= 0 {
			cut += nl + 1
		} else {
			cut = len(data)
		}
		out = append(out, data[:cut])
		data = data[cut:]
	}
	return append(out, data)
}

func ingestCSV(s *metering.Shard, data []byte, header bool, now int64) error {
	const window = 32 << 10
	p := metering.CSVParser{Scale: 2, Header: header}
	buf := make([]metering.Reading, 0, window/16)
	for len(data) > 0 {
		part := data[:min(len(data), window)]
		var n int
		var err error
		buf, n, err = p.Parse(buf[:0], part, len(part) == len(data))
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("a line longer than %d bytes", window)
		}
		s.Ingest(now, buf)
		data = data[n:]
	}
	return nil
}

// timeIngest decodes the CSV once and times ingest alone: one shard with every meter,
// then two shards on two goroutines with half the meters each, merged.
func timeIngest(o options, csvPath string) ([]result, error) {
	data, err := os.ReadFile(csvPath)
	if err != nil {
		return nil, err
	}
	p := metering.CSVParser{Scale: 2, Header: true}
	all, _, err := p.Parse(nil, data, true)
	if err != nil {
		return nil, err
	}
	var halves [2][]metering.Reading
	for _, r := range all {
		halves[r.Meter%2] = append(halves[r.Meter%2], r)
	}
	now := time.Now().Unix()
	var one, two, oneCPU []float64
	for range o.reps {
		s, err := newShard(o.wells)
		if err != nil {
			return nil, err
		}
		cpu0, start := processCPU(), time.Now()
		s.Ingest(now, all)
		one, oneCPU = append(one, time.Since(start).Seconds()), append(oneCPU, processCPU()-cpu0)

		a, err := newShard(o.wells)
		if err != nil {
			return nil, err
		}
		b, err := newShard(o.wells)
		if err != nil {
			return nil, err
		}
		start = time.Now()
		var wg sync.WaitGroup
		wg.Go(func() { a.Ingest(now, halves[0]) })
		wg.Go(func() { b.Ingest(now, halves[1]) })
		wg.Wait()
		if err := a.Merge(b); err != nil {
			return nil, err
		}
		two = append(two, time.Since(start).Seconds())
	}
	fmt.Printf("metering ingest, 1 shard: wall %v s, cpu %v s; 2 shards: wall %v s\n", rounded(one), rounded(oneCPU), rounded(two))
	return []result{
		{engine: "metering", job: "ingest decoded readings, 1 shard", seconds: median(one), cpu: median(oneCPU)},
		{engine: "metering", job: "ingest decoded readings, 2 shards + merge", seconds: median(two)},
	}, nil
}

func writeDays(path string, days []metering.DayTotal) error {
	var b bytes.Buffer
	for _, d := range days {
		fmt.Fprintf(&b, "%d,%d,%d\n", d.Meter, d.Day, d.Total)
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func rounded(xs []float64) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = fmt.Sprintf("%.3f", x)
	}
	return out
}
