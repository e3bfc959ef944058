package shapefile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Decode decodes the layer called name (the base name, used in errors)
// from the bytes of its files. It fails only when the .shp header, the
// .dbf header or the .cpg is unusable. Faults in single records go to
// [Record.Err], and an unrecognised .prj goes to [CRS.Err]. A damaged
// .shx is replaced by a walk over the .shp, and a .dbf row without a
// shape becomes a record with [Record.Err].
func Decode(name string, files Files, opts Options) (*Layer, error) {
	shpName := name + ".shp"
	h, err := parseHeader(shpName, files.SHP)
	if err != nil {
		return nil, err
	}
	layer := &Layer{Name: name, ShapeType: h.shapeType, Bounds: h.bounds, CRS: readCRS(files.PRJ)}

	spans, scanErr := recordSpans(name, files)
	if spans == nil && scanErr != nil {
		return nil, scanErr
	}
	table, err := openTable(name, files, opts)
	if err != nil {
		return nil, err
	}
	if table != nil {
		layer.Fields = table.fields
		layer.Encoding = table.text.name
		layer.Modified = table.date
	}

	layer.Records = make([]Record, len(spans))
	for i, sp := range spans {
		layer.Records[i] = decodeRecord(shpName, files.SHP, h.shapeType, i+1, sp, table)
	}
	if scanErr != nil {
		// The .shp walk stopped at a corrupt record header: report it as
		// the record after the last readable one.
		n := len(spans) + 1
		layer.Records = append(layer.Records, Record{Number: n, Err: &RecordError{File: shpName, Record: n, Err: scanErr}})
	}
	layer.Records = appendShapeless(layer.Records, shpName, table)
	return layer, nil
}

// appendShapeless appends a record with [Record.Err] for each .dbf row past
// the last record of the .shp, so that a feature whose shape was lost (a
// truncated .shp) is reported rather than dropped.
func appendShapeless(records []Record, shpName string, table *dbfTable) []Record {
	if table == nil {
		return records
	}
	for n := len(records) + 1; n <= len(table.rows); n++ {
		r := Record{Number: n, Err: &RecordError{File: shpName, Record: n,
			Err: fmt.Errorf("the .dbf has this record but the .shp ends before it: %w", errTruncated)}}
		r.Attributes, r.Deleted, _ = table.row(n)
		records = append(records, r)
	}
	return records
}

// recordSpans returns the record positions from the .shx, or from a walk
// over the .shp when there is no .shx. A walk that stops early returns the
// spans found so far with the error.
//
// The .shx only repeats the positions of the .shp records. So an .shx that
// cannot be parsed is replaced by the walk, and the walk adds the records
// it finds past the end of a truncated .shx.
func recordSpans(name string, files Files) ([]span, error) {
	walked, walkErr := indexFromSHP(name+".shp", files.SHP)
	if walkErr != nil && walked == nil {
		walked = []span{}
	}
	if files.SHX == nil {
		return walked, walkErr
	}
	spans, err := indexFromSHX(name+".shx", files.SHX)
	if err != nil {
		return walked, walkErr
	}
	if len(walked) <= len(spans) {
		return spans, nil
	}
	return append(spans, walked[len(spans):]...), walkErr
}

// decodeRecord decodes record number (1-based) at sp with its attributes.
func decodeRecord(shpName string, shp []byte, layerType ShapeType, number int, sp span, table *dbfTable) Record {
	r := Record{Number: number}
	data, err := recordContent(shp, number, sp)
	if err == nil {
		r.Geometry, err = decodeShape(data, layerType)
	}
	if err != nil {
		r.Geometry = nil
		r.Err = &RecordError{File: shpName, Record: number, Err: err}
	}
	if table == nil {
		return r
	}
	attrs, deleted, err := table.row(number)
	r.Attributes, r.Deleted = attrs, deleted
	if err != nil && r.Err == nil {
		r.Geometry, r.Err = nil, err
	}
	return r
}

// openTable parses the .dbf and settles its code page; nil without a .dbf.
func openTable(name string, files Files, opts Options) (*dbfTable, error) {
	if files.DBF == nil {
		return nil, nil
	}
	table, rawNames, err := parseDBF(name+".dbf", files.DBF)
	if err != nil {
		return nil, err
	}
	text, err := chooseDecoder(name, files.CPG, table, rawNames, opts)
	if err != nil {
		return nil, err
	}
	table.text = text
	table.setNames(rawNames)
	return table, nil
}

// chooseDecoder picks the code page by the order the package documents.
func chooseDecoder(name string, cpg []byte, table *dbfTable, rawNames [][]byte, opts Options) (textDecoder, error) {
	if opts.Encoding != nil {
		return textDecoder{name: fmt.Sprint(opts.Encoding), enc: opts.Encoding}, nil
	}
	if cpg != nil {
		d, ok, err := parseCPG(string(cpg))
		if err != nil {
			return textDecoder{}, fmt.Errorf("shapefile: %s.cpg: %w", name, err)
		}
		if ok {
			return d, nil
		}
	}
	if d, ok := ldidEncodings[table.ldid]; ok {
		return d, nil
	}
	return detectDecoder(table.rows, rawNames), nil
}

// readCRS reads the .prj text and recognises its EPSG code.
func readCRS(prj []byte) CRS {
	if prj == nil {
		return CRS{}
	}
	text := strings.TrimSpace(strings.TrimPrefix(string(prj), "\ufeff"))
	c := CRS{WKT: text}
	if root, err := parseWKTCRS(text); err == nil {
		c.Name = root.name()
	}
	c.EPSG, c.Err = DetectEPSG(text)
	return c
}

// ReadFS reads the layer whose .shp file is at shpPath in fsys, with the
// sibling files of the same base name (extensions in any letter case).
// A zip archive opened with archive/zip and a folder opened with os.DirFS
// are both an fs.FS.
func ReadFS(fsys fs.FS, shpPath string, opts Options) (*Layer, error) {
	dir, file := path.Split(shpPath)
	ext := path.Ext(file)
	if !strings.EqualFold(ext, ".shp") {
		return nil, fmt.Errorf("shapefile: %s: want a path ending in .shp", shpPath)
	}
	base := strings.TrimSuffix(file, ext)
	siblings, err := siblingFiles(fsys, dir, base)
	if err != nil {
		return nil, err
	}
	var files Files
	targets := map[string]*[]byte{".shp": &files.SHP, ".shx": &files.SHX, ".dbf": &files.DBF,
		".prj": &files.PRJ, ".cpg": &files.CPG}
	for ext, p := range siblings {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("shapefile: %w", err)
		}
		*targets[ext] = data
	}
	if files.SHP == nil {
		return nil, fmt.Errorf("shapefile: %s: %w", shpPath, fs.ErrNotExist)
	}
	return Decode(base, files, opts)
}

// siblingFiles returns the paths of the layer's files in dir keyed by
// lower-case extension.
func siblingFiles(fsys fs.FS, dir, base string) (map[string]string, error) {
	readDir := strings.TrimSuffix(dir, "/")
	if readDir == "" {
		readDir = "."
	}
	entries, err := fs.ReadDir(fsys, readDir)
	if err != nil {
		return nil, fmt.Errorf("shapefile: %w", err)
	}
	found := make(map[string]string)
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if e.IsDir() || strings.TrimSuffix(name, path.Ext(name)) != base {
			continue
		}
		switch ext {
		case ".shp", ".shx", ".dbf", ".prj", ".cpg":
			found[ext] = path.Join(dir, name)
		}
	}
	return found, nil
}

// Layers returns the paths of all .shp files in fsys, in any folder,
// sorted. macOS resource forks (__MACOSX folders) are skipped.
func Layers(fsys fs.FS) ([]string, error) {
	var paths []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "__MACOSX" {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(path.Ext(p), ".shp") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("shapefile: list layers: %w", err)
	}
	sort.Strings(paths)
	return paths, nil
}

// ErrNoLayer is returned by [ReadAll] when the file system contains no .shp.
var ErrNoLayer = errors.New("shapefile: no .shp file found")

// ReadAll reads every layer in fsys, in the order of [Layers].
func ReadAll(fsys fs.FS, opts Options) ([]*Layer, error) {
	paths, err := Layers(fsys)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, ErrNoLayer
	}
	layers := make([]*Layer, 0, len(paths))
	for _, p := range paths {
		l, err := ReadFS(fsys, p, opts)
		if err != nil {
			return nil, err
		}
		layers = append(layers, l)
	}
	return layers, nil
}
