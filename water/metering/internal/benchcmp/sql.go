package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func generate(o options, dir, csvPath string) error {
	bin := filepath.Join(dir, "genmeter")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(o.kit, "cmd", "genmeter")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build genmeter in %s: %w", build.Dir, err)
	}
	gen := exec.Command(bin, "-out", csvPath, "-wells", fmt.Sprint(o.wells), "-per", fmt.Sprint(o.per))
	gen.Stdout, gen.Stderr = os.Stdout, os.Stderr
	if err := gen.Run(); err != nil {
		return fmt.Errorf("run genmeter: %w", err)
	}
	return os.Chmod(csvPath, 0o644)
}

func countRows(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return bytes.Count(data, []byte("\n")) - 1, nil
}

// timed runs cmd and returns its wall time in seconds.
func timed(cmd *exec.Cmd) (float64, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	if err != nil {
		return 0, fmt.Errorf("%s: %w: %s", strings.Join(cmd.Args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return secs, nil
}

// runPostgres loads the CSV with COPY into a schema of its own and runs the kit's two
// queries. Session settings follow the baseline cluster where a session can set
// them: work_mem 256MB and maintenance_work_mem 1GB.
func runPostgres(o options, csvPath string, rows int, dir string) ([]result, error) {
	schema := fmt.Sprintf("benchcmp_%d", os.Getpid())
	psql := func(args ...string) *exec.Cmd {
		cmd := exec.Command("psql", append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", o.pg}, args...)...)
		cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+schema+
			" -c work_mem=256MB -c maintenance_work_mem=1GB -c client_min_messages=warning")
		return cmd
	}
	if _, err := timed(psql("-c", "CREATE SCHEMA "+schema)); err != nil {
		return nil, err
	}
	defer timed(psql("-c", "DROP SCHEMA "+schema+" CASCADE"))
	if _, err := timed(psql("-f", filepath.Join(o.kit, "sql", "pg_meter_schema.sql"))); err != nil {
		return nil, err
	}
	load, err := timed(psql("-c", fmt.Sprintf("COPY readings FROM '%s' WITH (FORMAT csv, HEADER true)", csvPath)))
	if err != nil {
		return nil, err
	}
	if _, err := timed(psql("-c", "VACUUM (ANALYZE) readings")); err != nil {
		return nil, err
	}
	out := []result{{engine: "PostgreSQL", job: "COPY", seconds: load}}
	for _, q := range []string{"maxmin", "deltas"} {
		secs, err := timed(psql("-f", filepath.Join(o.kit, "sql", "pg_"+q+".sql")))
		if err != nil {
			return nil, err
		}
		fmt.Printf("PostgreSQL: COPY %.3f s, %s query %.3f s\n", load, q, secs)
		out = append(out, result{engine: "PostgreSQL", job: "COPY + " + q, seconds: load + secs})
		export := fmt.Sprintf(`\copy (SELECT well_id, day, cents FROM r_%s ORDER BY well_id, day) TO '%s' CSV`, q, filepath.Join(dir, "pg_"+q+".csv"))
		if _, err := timed(psql("-c", export)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runSQLite imports the CSV with the sqlite3 shell in one transaction and runs the
// kit's two queries.
func runSQLite(o options, csvPath string, rows int, dir string) ([]result, error) {
	db := filepath.Join(dir, "meter.db")
	os.Remove(db)
	script := fmt.Sprintf("CREATE TABLE readings (well_id INTEGER NOT NULL, ts INTEGER NOT NULL, kwh REAL NOT NULL);\n"+
		"BEGIN;\n.import --csv --skip 1 %s readings\nCOMMIT;\n", csvPath)
	sqlite := func(stdin string) *exec.Cmd {
		cmd := exec.Command("sqlite3", "-bail", db)
		cmd.Stdin = strings.NewReader(stdin)
		return cmd
	}
	load, err := timed(sqlite(script))
	if err != nil {
		return nil, err
	}
	out := []result{{engine: "SQLite", job: ".import", seconds: load}}
	for _, q := range []string{"maxmin", "deltas"} {
		text, err := os.ReadFile(filepath.Join(o.kit, "sql", "sqlite_"+q+".sql"))
		if err != nil {
			return nil, err
		}
		secs, err := timed(sqlite(string(text)))
		if err != nil {
			return nil, err
		}
		fmt.Printf("SQLite: import %.3f s, %s query %.3f s\n", load, q, secs)
		out = append(out, result{engine: "SQLite", job: ".import + " + q, seconds: load + secs})
		export := exec.Command("sqlite3", "-csv", db, "SELECT well_id, day, cents FROM r_"+q+" ORDER BY well_id, day")
		f, err := os.Create(filepath.Join(dir, "sqlite_"+q+".csv"))
		if err != nil {
			return nil, err
		}
		w := bufio.NewWriter(f)
		export.Stdout = w
		_, err = timed(export)
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
