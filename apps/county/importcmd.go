package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/bulk"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
)

// Exit statuses of county import besides 0 (all imported), 1 (failed) and 2
// (bad usage).
const exitRejected = 3

// importKinds are the record kinds county import reads.
var importKinds = []string{"plots", "wells", "plans"}

// importFlags are the flags of county import.
type importFlags struct {
	storage storageFlags
	bulk.Options
	listRepairs bool
	// Plot files only.
	format       string
	layer        string
	epsg         int
	maxUnzipped  string
	mapping      string
	allocate     string
	contractTerm string
}

func (f *importFlags) register(fs *flag.FlagSet, kind string) {
	f.storage.register(fs)
	fs.BoolVar(&f.DryRun, "dry-run", false, "check every record against the database and report, but write nothing")
	fs.BoolVar(&f.Atomic, "atomic", false, "write nothing when any record is rejected; by default the good records are imported")
	fs.BoolVar(&f.listRepairs, "list-repairs", false, "print one line per repaired feature besides the counts by reason")
	fs.StringVar(&f.Actor, "actor", envOr("SHUXIANG_IMPORT_ACTOR", "import"),
		"`name` the audit log records for the changes (env SHUXIANG_IMPORT_ACTOR)")
	if kind != "plots" {
		return
	}
	fs.StringVar(&f.format, "format", "", "file `format`: geojson, wkt, wkb, shapefile, kml, gpx or geopackage; empty picks it from the name and content")
	fs.StringVar(&f.layer, "layer", "", "`layer` of a file with several: a shapefile's base name or a GeoPackage table")
	fs.IntVar(&f.epsg, "epsg", 0, "EPSG `code` of the coordinates when the file names no CRS, such as 4526; 0 means lon/lat")
	fs.StringVar(&f.maxUnzipped, "max-unzipped", "", "most bytes to decompress from a .zip or .kmz file, as a `size` such as 2GiB, 500MiB or 1073741824; empty means 1GiB")
	fs.StringVar(&f.mapping, "map", "", "plot fields and the attributes that fill them, as `FIELD=ATTRIBUTE,...`, such as code=DKBM,area_mu=SCMJM; FIELD= turns a default off")
	fs.StringVar(&f.allocate, "allocate", "", "14-digit `issuer` code (village and villager group) under which features without a plot code get new codes")
	fs.StringVar(&f.contractTerm, "contract-term", "", "`START/END` days of the family contracts created for a mapped contractor that has none, such as 1998-01-01/2027-12-31")
}

// parseInterleaved parses args, taking one positional argument, the file,
// which may stand before, between or after the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", errors.New("the file to import is missing")
	}
	file := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("one file at a time, got %q after %q", fs.Arg(0), file)
	}
	return file, nil
}

func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || !slices.Contains(importKinds, args[0]) {
		fmt.Fprintf(stderr, "county import: want one of %s, then the flags and the file\n%s", strings.Join(importKinds, ", "), usage)
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("county import "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f importFlags
	f.register(fs, kind)
	file, err := parseInterleaved(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "county import %s: %v\n", kind, err)
		return 2
	}

	var opts bulk.PlotOptions
	if kind == "plots" {
		if opts, err = f.plotOptions(); err != nil {
			fmt.Fprintf(stderr, "county import plots: %v\n", err)
			return 2
		}
	}

	log := newLogger(stderr)
	rep, err := runImport(ctx, kind, file, f, opts, log)
	if err != nil {
		msg := flagAdvice.Replace(err.Error())
		log.Error("import failed", "kind", kind, "file", file, "err", msg)
		fmt.Fprintf(stderr, "county import %s: %s: %s\n", kind, file, msg)
		return 1
	}
	for i := range rep.Rejected {
		rep.Rejected[i].Message = flagAdvice.Replace(rep.Rejected[i].Message)
	}
	if err := rep.WriteSummary(stdout, f.listRepairs); err != nil {
		log.Error("write the import report", "err", err)
		return 1
	}
	if len(rep.Rejected) > 0 {
		return exitRejected
	}
	return 0
}

// plotOptions checks the plot flags.
func (f *importFlags) plotOptions() (bulk.PlotOptions, error) {
	opts := bulk.PlotOptions{Options: f.Options, Layer: f.layer, SourceEPSG: f.epsg, Allocate: land.IssuerCode(f.allocate)}
	if f.format != "" {
		format, err := landio.ParseFormat(f.format)
		if err != nil {
			return opts, fmt.Errorf("-format: %w", err)
		}
		opts.Format = format
	}
	if f.epsg < 0 {
		return opts, fmt.Errorf("-epsg %d is negative, want an EPSG code such as 4526", f.epsg)
	}
	if f.maxUnzipped != "" {
		n, err := parseSize(f.maxUnzipped)
		if err != nil {
			return opts, fmt.Errorf("-max-unzipped: %w", err)
		}
		opts.MaxUnzippedBytes = n
	}
	if f.allocate != "" {
		if err := opts.Allocate.Validate(); err != nil {
			return opts, fmt.Errorf("-allocate: %w", err)
		}
	}
	var err error
	if opts.Map, err = parseMapping(f.mapping); err != nil {
		return opts, err
	}
	if f.contractTerm != "" {
		if opts.ContractTerm, err = parsePeriod(f.contractTerm); err != nil {
			return opts, fmt.Errorf("-contract-term: %w", err)
		}
	}
	return opts, nil
}

// flagAdvice rewrites the advice in the errors of package landio, which
// names fields of landio.Options for library users, into the flags of
// county import that set those fields.
var flagAdvice = strings.NewReplacer(
	"set Options.SourceEPSG", "give the file's EPSG code with -epsg, such as -epsg 4526",
	"raise Options.MaxUnzippedBytes", "raise -max-unzipped",
)

// parseSize reads a positive number of bytes with an optional unit KiB, MiB
// or GiB, such as 500MiB.
func parseSize(s string) (int64, error) {
	digits, unit := s, int64(1)
	for _, u := range []struct {
		suffix string
		bytes  int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}} {
		if d, ok := strings.CutSuffix(s, u.suffix); ok {
			digits, unit = d, u.bytes
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(digits), 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("%q is not a size, want a positive number of bytes with an optional unit KiB, MiB or GiB, such as 2GiB", s)
	}
	return n * unit, nil
}

// parseMapping reads FIELD=ATTRIBUTE pairs separated by commas.
func parseMapping(s string) (map[string]string, error) {
	m := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	for _, pair := range strings.Split(s, ",") {
		field, attr, ok := strings.Cut(pair, "=")
		field = strings.ToLower(strings.TrimSpace(field))
		if !ok || field == "" {
			return nil, fmt.Errorf("-map: %q is not FIELD=ATTRIBUTE, such as code=DKBM", pair)
		}
		if _, dup := m[field]; dup {
			return nil, fmt.Errorf("-map: field %q is given twice", field)
		}
		m[field] = strings.TrimSpace(attr)
	}
	return m, nil
}

// parsePeriod reads START/END as two days.
func parsePeriod(s string) (land.Period, error) {
	start, end, ok := strings.Cut(s, "/")
	var p land.Period
	var err error
	if ok {
		if p.Start, err = land.ParseDate(strings.TrimSpace(start)); err == nil {
			p.End, err = land.ParseDate(strings.TrimSpace(end))
		}
	}
	if !ok || err != nil {
		return p, fmt.Errorf("%q is not START/END, want two days such as 1998-01-01/2027-12-31", s)
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// runImport opens the database and imports file.
func runImport(ctx context.Context, kind, file string, f importFlags, opts bulk.PlotOptions, log *slog.Logger) (*bulk.Report, error) {
	a, err := openApp(ctx, f.storage, log)
	if err != nil {
		return nil, err
	}
	defer a.close()
	stores := a.bulkStores()
	log.Info("import started", "kind", kind, "file", file, "database", a.dialect.String(), "dry_run", f.DryRun, "atomic", f.Atomic)
	start := time.Now()

	var rep *bulk.Report
	switch kind {
	case "plots":
		rep, err = bulk.ImportPlots(ctx, stores, file, opts)
	case "wells", "plans":
		in, oerr := os.Open(file)
		if oerr != nil {
			return nil, oerr
		}
		defer in.Close()
		if kind == "wells" {
			rep, err = bulk.ImportWells(ctx, stores, in, f.Options)
		} else {
			rep, err = bulk.ImportPlans(ctx, stores, in, f.Options)
		}
	}
	if err != nil {
		return nil, err
	}
	log.Info("import finished", "kind", kind, "file", file, "read", rep.Read, "created", rep.Created,
		"updated", rep.Updated, "unchanged", rep.Unchanged, "repaired", rep.Repaired, "rejected", len(rep.Rejected),
		"aborted", rep.Aborted, "dry_run", rep.DryRun, "took", time.Since(start).String())
	return rep, nil
}

// bulkStores returns the stores of a for package bulk.
func (a *app) bulkStores() bulk.Stores {
	return bulk.Stores{Land: a.land, Sequences: a.land, Water: a.water, County: a.county}
}
