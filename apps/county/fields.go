package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shuxiang/shuxiang/apps/county/internal/bulk"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/land"
)

// fieldsVillage is the village of the demo county that takes the plots of
// county demo -fields: township 399, which the generated county never uses,
// so that real boundaries do not mix with the generated ones. Each file gets
// a villager group of its own, 01 for the first in name order.
const fieldsVillage = demo.CountyCode + "399201"

// boundaryExts are the file name endings that county demo -fields imports
// from a folder: the formats land/landio reads.
var boundaryExts = []string{".geojson", ".json", ".shp", ".zip", ".kml", ".kmz", ".gpx", ".gpkg", ".wkt"}

// boundaryFiles returns path when it is a file, and otherwise the boundary
// files in the folder path, sorted by name.
func boundaryFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && slices.Contains(boundaryExts, strings.ToLower(filepath.Ext(e.Name()))) {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("folder %s has no boundary file (%s)", path, strings.Join(boundaryExts, ", "))
	}
	return files, nil
}

// fieldsIssuer returns the issuer of the i-th file (0-based) of county demo
// -fields: group i+1 of fieldsVillage.
func fieldsIssuer(i int) (land.IssuerCode, error) {
	if i >= 99 {
		return "", fmt.Errorf("%d boundary files, want at most 99, one per villager group", i+1)
	}
	return land.NewIssuerCode(fieldsVillage, i+1)
}

// fieldsAdvice rewrites the advice in the errors of package landio, which
// names fields of landio.Options, for demo -fields, which has no flags for
// them.
var fieldsAdvice = strings.NewReplacer(
	"set Options.SourceEPSG", "demo -fields reads lon/lat only, so import the file with county import plots -epsg",
	"raise Options.MaxUnzippedBytes", "import the file with county import plots -max-unzipped",
)

// importFields imports the boundary files at path, each into its own villager
// group of fieldsVillage with allocated codes, and writes one summary per
// file to out. A second run finds the plots by their boundaries and changes
// nothing.
func importFields(ctx context.Context, s bulk.Stores, path string, out io.Writer, log *slog.Logger) error {
	files, err := boundaryFiles(path)
	if err != nil {
		return fmt.Errorf("-fields: %w", err)
	}
	for i, file := range files {
		issuer, err := fieldsIssuer(i)
		if err != nil {
			return fmt.Errorf("-fields: %w", err)
		}
		rep, err := bulk.ImportPlots(ctx, s, file, bulk.PlotOptions{Options: bulk.Options{Actor: "demo"}, Allocate: issuer})
		if err != nil {
			return fmt.Errorf("-fields: %s: %s", file, fieldsAdvice.Replace(err.Error()))
		}
		log.Info("field boundaries imported", "file", file, "issuer", issuer, "created", rep.Created,
			"unchanged", rep.Unchanged, "repaired", rep.Repaired, "rejected", len(rep.Rejected))
		fmt.Fprintf(out, "%s: %d plots of issuer %s (%d new), %d rejected\n",
			filepath.Base(file), rep.Imported(), issuer, rep.Created, len(rep.Rejected))
	}
	return nil
}

// loadFields opens the database and imports the boundary files at path for
// county demo -fields.
func loadFields(ctx context.Context, sf storageFlags, path string, out io.Writer, log *slog.Logger) error {
	a, err := openApp(ctx, sf, log)
	if err != nil {
		return err
	}
	defer a.close()
	return importFields(ctx, a.bulkStores(), path, out, log)
}
