package landio

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
)

// defaultMaxUnzippedBytes is the decompressed size that ReadFile reads
// from one archive when [Options.MaxUnzippedBytes] is zero: 1 GiB. By
// estimate that is several times the shapefile of every plot of a large
// county (300,000 plots of 30 vertices take about 300 MB in .shp and .dbf).
const defaultMaxUnzippedBytes = 1 << 30

// unzipBudget returns the number of decompressed bytes opts allows, or -1
// for no limit.
func unzipBudget(opts Options) int64 {
	switch {
	case opts.MaxUnzippedBytes == 0:
		return defaultMaxUnzippedBytes
	case opts.MaxUnzippedBytes < 0:
		return -1
	}
	return opts.MaxUnzippedBytes
}

// budgetFS is a zip archive whose files are read only while their sizes
// fit the budget. A zip entry states its decompressed size and archive/zip
// fails a read that goes past it, so a small archive that unzips to
// gigabytes (a zip bomb) is rejected before it is decompressed.
type budgetFS struct {
	archive *zip.Reader
	path    string // of the archive, for errors
	limit   int64  // the whole budget; negative means none
	left    int64
}

func newBudgetFS(archive *zip.Reader, path string, opts Options) *budgetFS {
	limit := unzipBudget(opts)
	return &budgetFS{archive: archive, path: path, limit: limit, left: limit}
}

// Open implements fs.FS.
func (b *budgetFS) Open(name string) (fs.File, error) {
	return b.archive.Open(name)
}

// ReadFile implements fs.ReadFileFS, charging the size of name to the
// budget before reading it.
func (b *budgetFS) ReadFile(name string) ([]byte, error) {
	f, err := b.archive.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := b.charge(name, info.Size()); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()))
	if _, err := buf.ReadFrom(f); err != nil {
		return nil, fmt.Errorf("%s: unzip %s: %w", b.path, name, err)
	}
	return buf.Bytes(), nil
}

// charge takes size bytes of the file name from the budget.
func (b *budgetFS) charge(name string, size int64) error {
	if b.limit < 0 {
		return nil
	}
	if size > b.left {
		return fmt.Errorf("%s: unzipping %s (%d bytes) would pass %d bytes read from the archive: "+
			"raise Options.MaxUnzippedBytes if the archive is trusted", b.path, name, size, b.limit)
	}
	b.left -= size
	return nil
}
