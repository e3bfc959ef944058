package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// report prints the results with each job's time as a multiple of the faster
// metering CSV-to-days run, the one a user would configure on this machine.
func report(results []result, rows int) {
	var ours float64
	for _, r := range results {
		if r.engine == "metering" && strings.HasPrefix(r.job, "csv -> daily deltas") && (ours == 0 || r.seconds < ours) {
			ours = r.seconds
		}
	}
	fmt.Printf("\n| engine | job | seconds | CPU seconds | readings/s | × faster metering csv->days |\n")
	fmt.Printf("| --- | --- | ---: | ---: | ---: | ---: |\n")
	for _, r := range results {
		cpu := ""
		if r.cpu > 0 {
			cpu = fmt.Sprintf("%.3f", r.cpu)
		}
		fmt.Printf("| %s | %s | %.3f | %s | %s | %.1f |\n", r.engine, r.job, r.seconds, cpu, thousands(float64(rows)/r.seconds), r.seconds/ours)
	}
	fmt.Println()
}

func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// compare checks that metering's daily figures equal each engine's deltas output.
func compare(dir string, o options) error {
	ours, err := os.ReadFile(filepath.Join(dir, "ours_deltas.csv"))
	if err != nil {
		return err
	}
	var engines []string
	if o.pg != "" {
		engines = append(engines, "pg")
	}
	if o.sqlite {
		engines = append(engines, "sqlite")
	}
	var failed []string
	for _, e := range engines {
		theirs, err := os.ReadFile(filepath.Join(dir, e+"_deltas.csv"))
		if err != nil {
			return err
		}
		same := bytes.Equal(ours, theirs)
		fmt.Printf("daily deltas, metering vs %s: %d rows, total %d cents, identical: %v\n",
			e, bytes.Count(ours, []byte("\n")), totalCents(ours), same)
		if !same {
			failed = append(failed, e)
		}
	}
	if len(failed) > 0 {
		return errors.New("daily figures differ from " + strings.Join(failed, ", "))
	}
	return nil
}

func totalCents(csv []byte) int64 {
	var total int64
	for _, line := range bytes.Split(bytes.TrimSpace(csv), []byte("\n")) {
		f := bytes.Split(line, []byte(","))
		if len(f) != 3 {
			continue
		}
		var v int64
		fmt.Sscan(string(f[2]), &v)
		total += v
	}
	return total
}
