// Command benchcmp measures the metering hot path against PostgreSQL and SQLite on the
// same generated readings, side by side in one run, and checks that all three give the
// same per-meter UTC daily consumption.
//
// It builds the genmeter generator of the baseline kit and runs it into a temporary
// folder. It loads the CSV into PostgreSQL with server-side COPY, in a schema of its
// own in the database that -pg names, and into SQLite with the sqlite3 shell, and runs
// the kit's positive-delta and max−min SQL. Then it runs package metering from the same
// CSV to the same figures, compares the outputs row by row and prints a table of
// seconds, readings per second and ratios. It needs psql and, unless -sqlite=false,
// sqlite3 on PATH.
//
// Usage:
//
//	go run ./water/metering/internal/benchcmp -kit DIR [-pg DSN] [-wells 10000] [-per 1000]
//
// DIR is the baseline kit: the folder holding cmd/genmeter and sql/pg_deltas.sql.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

type options struct {
	kit, csv, pg, keep string
	wells, per, reps   int
	sqlite             bool
}

func main() {
	var o options
	flag.StringVar(&o.kit, "kit", "", "folder of the baseline kit, holding cmd/genmeter and sql/ (required)")
	flag.StringVar(&o.csv, "csv", "", "use this meter CSV instead of generating one; -wells must match its meter count")
	flag.StringVar(&o.pg, "pg", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL connection URI for psql; empty skips PostgreSQL")
	flag.BoolVar(&o.sqlite, "sqlite", true, "also run SQLite through the sqlite3 shell")
	flag.IntVar(&o.wells, "wells", 10000, "meters to generate")
	flag.IntVar(&o.per, "per", 1000, "readings per meter")
	flag.IntVar(&o.reps, "reps", 3, "runs of the metering pipeline; the median is reported")
	flag.StringVar(&o.keep, "keep", "", "write the generated data and outputs to this folder and keep them")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("benchcmp: ")
	if o.kit == "" {
		log.Fatal("-kit is required: the folder holding cmd/genmeter and sql/pg_deltas.sql")
	}
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

func run(o options) error {
	dir := o.keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "benchcmp-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The PostgreSQL server reads the CSV itself, as its own OS user.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	csvPath := o.csv
	if csvPath == "" {
		csvPath = filepath.Join(dir, "meter.csv")
		if err := generate(o, dir, csvPath); err != nil {
			return err
		}
	}
	csvPath, err := filepath.Abs(csvPath)
	if err != nil {
		return err
	}
	rows, err := countRows(csvPath)
	if err != nil {
		return err
	}
	fmt.Printf("data: %s, %d rows\n", csvPath, rows)

	var results []result
	ours, err := runOurs(o, csvPath, rows, dir)
	if err != nil {
		return err
	}
	results = append(results, ours...)
	if o.pg != "" {
		pg, err := runPostgres(o, csvPath, rows, dir)
		if err != nil {
			return err
		}
		results = append(results, pg...)
	}
	if o.sqlite {
		lite, err := runSQLite(o, csvPath, rows, dir)
		if err != nil {
			return err
		}
		results = append(results, lite...)
	}
	report(results, rows)
	return compare(dir, o)
}
