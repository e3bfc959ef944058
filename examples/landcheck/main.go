// Command landcheck reads a file of field boundaries and prints, for every
// feature, its ellipsoidal area, whether it is a valid polygon and what is wrong
// with it, then every pair of features that overlap.
//
// Usage:
//
//	go run ./examples/landcheck [flags] FILE
//
// FILE is GeoJSON, WKT, WKB/EWKB, a Shapefile (.shp, a folder or a .zip),
// KML, GPX or GeoPackage. Output is JSON Lines on standard output: one object
// per feature in file order, then one object per overlapping pair. The exit
// status is 1 when the file cannot be read and 2 for a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, checks the file and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("landcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: landcheck [flags] FILE")
		fs.PrintDefaults()
	}
	var cfg config
	fs.IntVar(&cfg.SourceEPSG, "epsg", 0, "EPSG code of the coordinates when the file names no CRS, e.g. 4517 (default lon/lat)")
	fs.StringVar(&cfg.Layer, "layer", "", "layer to read from a file with several (shapefile base name or GeoPackage table)")
	fs.StringVar(&cfg.IDProperty, "id", "", "property that holds the feature id (default: the format's own id, else id, fid or code)")
	fs.Float64Var(&cfg.MinOverlap, "min-overlap", 1, "smallest overlap in m² that is reported")
	fs.StringVar(&cfg.Rules, "rules", "both", "validity rules to check: ogc, esri or both")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if err := cfg.validate(); err != nil {
		fmt.Fprintf(stderr, "landcheck: %v\n", err)
		return 2
	}

	if err := check(ctx, fs.Arg(0), cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "landcheck: %v\n", err)
		return 1
	}
	return 0
}
