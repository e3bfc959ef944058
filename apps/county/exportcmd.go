package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/bulk"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
)

// exportKinds are the record kinds county export writes.
var exportKinds = []string{"plots", "wells", "plans", "daily"}

// exportFlags are the flags of county export.
type exportFlags struct {
	storage  storageFlags
	out      string
	division string
	format   string // plots
	year     int    // plans
	from, to string // daily
}

func (f *exportFlags) register(fs *flag.FlagSet, kind string) {
	f.storage.register(fs)
	fs.StringVar(&f.out, "o", "-", "output `file`; - writes to standard output")
	fs.StringVar(&f.division, "division", "", "division `code` (6, 9 or 12 digits) whose records to export; empty exports all")
	switch kind {
	case "plots":
		fs.StringVar(&f.format, "format", "", "`format`: geojson, or shapefile (a zip archive); empty means shapefile for a -o ending in .zip and geojson otherwise")
	case "plans":
		fs.IntVar(&f.year, "year", 0, "calendar `year` of the plans; 0 exports every year")
	case "daily":
		fs.StringVar(&f.from, "from", "", "first `day` to export, YYYY-MM-DD; empty starts at the first stored day")
		fs.StringVar(&f.to, "to", "", "last `day` to export, YYYY-MM-DD; empty ends at the last stored day")
		f.storage.registerZone(fs)
	}
}

func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || !slices.Contains(exportKinds, args[0]) {
		fmt.Fprintf(stderr, "county export: want one of %s, then the flags\n%s", strings.Join(exportKinds, ", "), usage)
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("county export "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f exportFlags
	f.register(fs, kind)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "county export %s: unexpected argument %q; name the output file with -o\n", kind, fs.Arg(0))
		return 2
	}
	ex, err := f.check(kind)
	if err != nil {
		fmt.Fprintf(stderr, "county export %s: %v\n", kind, err)
		return 2
	}

	log := newLogger(stderr)
	a, err := openApp(ctx, f.storage, log)
	if err != nil {
		log.Error("export failed", "kind", kind, "err", err)
		return 1
	}
	defer a.close()
	start := time.Now()
	n, err := writeOutput(f.out, stdout, func(w io.Writer) (int, error) { return ex(ctx, a.bulkStores(), w) })
	if err != nil {
		log.Error("export failed", "kind", kind, "file", f.out, "err", err)
		fmt.Fprintf(stderr, "county export %s: %v\n", kind, err)
		return 1
	}
	log.Info("export finished", "kind", kind, "file", f.out, "records", n, "division", f.division,
		"zone", a.zone.name(), "took", time.Since(start).String())
	return 0
}

// exporter writes one kind of record and returns how many it wrote.
type exporter func(ctx context.Context, s bulk.Stores, w io.Writer) (int, error)

// check validates the flags and returns the exporter of kind.
func (f *exportFlags) check(kind string) (exporter, error) {
	var division land.DivisionCode
	if f.division != "" {
		d, err := land.ParseDivisionCode(f.division)
		if err != nil {
			return nil, fmt.Errorf("-division: %w", err)
		}
		division = d
	}
	switch kind {
	case "plots":
		format := landio.FormatGeoJSON
		if f.format == "" && strings.EqualFold(filepath.Ext(f.out), ".zip") || strings.EqualFold(f.format, "shapefile") {
			format = landio.FormatShapefile
		} else if f.format != "" && !strings.EqualFold(f.format, "geojson") {
			return nil, fmt.Errorf("-format %q: want geojson or shapefile", f.format)
		}
		return func(ctx context.Context, s bulk.Stores, w io.Writer) (int, error) {
			return bulk.ExportPlots(ctx, s, w, format, division)
		}, nil
	case "wells":
		return func(ctx context.Context, s bulk.Stores, w io.Writer) (int, error) {
			return bulk.ExportWells(ctx, s, w, division)
		}, nil
	case "plans":
		if f.year != 0 && (f.year < 1900 || f.year > 9999) {
			return nil, fmt.Errorf("-year %d: want a calendar year from 1900 to 9999", f.year)
		}
		return func(ctx context.Context, s bulk.Stores, w io.Writer) (int, error) {
			return bulk.ExportPlans(ctx, s, w, division, f.year)
		}, nil
	}
	var from, to land.Date
	for _, d := range []struct {
		name, text string
		dst        *land.Date
	}{{"-from", f.from, &from}, {"-to", f.to, &to}} {
		if d.text == "" {
			continue
		}
		day, err := land.ParseDate(d.text)
		if err != nil {
			return nil, fmt.Errorf("%s %q: want a day as YYYY-MM-DD", d.name, d.text)
		}
		*d.dst = day
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return nil, fmt.Errorf("-to %s is before -from %s", to, from)
	}
	if _, err := loadZone(f.storage.zone); err != nil {
		return nil, err
	}
	return func(ctx context.Context, s bulk.Stores, w io.Writer) (int, error) {
		return bulk.ExportDaily(ctx, s, w, division, from, to)
	}, nil
}

// writeOutput runs write on standard output for "-", or on a temporary file
// beside path that replaces path only when write succeeds, so that a failed
// export leaves no partial file.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) (int, error)) (int, error) {
	if path == "-" || path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return n, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return n, err
	}
	return n, os.Rename(tmp.Name(), path)
}
