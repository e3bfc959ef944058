package bulk

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landio"
)

// PlotOptions configures ImportPlots. The zero PlotOptions reads any format
// that land/landio reads, takes the attributes of [PlotFields] by their
// default names and allocates no codes.
type PlotOptions struct {
	Options
	// Format forces a file format; landio.FormatAuto picks it from the file
	// name and content.
	Format landio.Format
	// Layer selects the layer of a file with several: a shapefile's base
	// name in a zip archive or folder, or a GeoPackage table.
	Layer string
	// SourceEPSG is the CRS of a file that names none, such as 4526 for
	// CGCS2000 Gauss-Krüger zone 38. Zero means lon/lat.
	SourceEPSG int
	// MaxUnzippedBytes bounds the bytes decompressed from a .zip or .kmz
	// file, as landio.Options.MaxUnzippedBytes does: zero means 1 GiB and a
	// negative value means no limit.
	MaxUnzippedBytes int64
	// Map names the attribute of each plot field, keyed by [PlotField.Key].
	// An empty attribute turns the field's default off. Fields not in Map
	// take their defaults.
	Map map[string]string
	// Allocate is the issuer (village and villager group) under which features
	// without a plot code get a new code from the allocator, which never
	// issues a code twice. Such a feature is the stored plot of the same
	// issuer whose boundary has the same coordinates, when there is one, so
	// that a second import allocates nothing. Empty allocates no codes and
	// rejects features without one.
	Allocate land.IssuerCode
	// ContractTerm is the term of the family contracts that an import creates
	// for a mapped contractor that has none. Zero creates no contracts and
	// rejects plots of such contractors.
	ContractTerm land.Period
}

// plotCandidate is a feature that passed the checks of its own, before it is
// matched with the register.
type plotCandidate struct {
	feature    *landio.Feature
	record     string
	code       land.PlotCode // "" when it is to be allocated
	geometry   geom.T        // repaired boundary
	print      string        // fingerprint of geometry
	contractor land.ContractorCode
	repairs    []Problem
}

// ImportPlots imports the features of the boundary file at path as plots.
// Each feature is checked on its own. Its geometry must be a Polygon or
// MultiPolygon. land/clean repairs it where the repair keeps the area (closing
// rings, dropping repeated points, orienting rings, splitting islands) and
// rejects it otherwise. Each mapped attribute must parse.
// Projected coordinates are converted to lon/lat by land/landio. A feature
// whose code is stored updates that plot in the mapped fields and its
// boundary, and keeps the other fields.
//
// The returned error is for a file that cannot be read at all, a mapping that
// does not fit the file, or a failed database write; bad features go to the
// report.
func ImportPlots(ctx context.Context, s Stores, path string, opts PlotOptions) (*Report, error) {
	features, _, err := landio.ReadFile(ctx, path, landio.Options{
		Format: opts.Format, Layer: opts.Layer, SourceEPSG: opts.SourceEPSG, OpenDB: openGeoPackage,
		MaxUnzippedBytes: opts.MaxUnzippedBytes,
	})
	if err != nil {
		return nil, err
	}
	m, err := resolveMap(features, opts.Map)
	if err != nil {
		return nil, err
	}
	if _, ok := m["code"]; !ok && opts.Allocate == "" {
		return nil, errors.New("the file has no plot code attribute (code or DKBM); name it with -map code=ATTRIBUTE, or allocate codes with -allocate ISSUER")
	}
	if opts.Allocate != "" {
		if err := opts.Allocate.Validate(); err != nil {
			return nil, fmt.Errorf("-allocate: %w", err)
		}
	}

	rep := &Report{Kind: "plots", DryRun: opts.DryRun, Read: len(features)}
	var candidates []*plotCandidate
	for i := range features {
		c, err := readFeature(&features[i], m, opts)
		if err != nil {
			rep.reject(featureProblem(&features[i], m, err))
			continue
		}
		candidates = append(candidates, c)
	}
	im := &plotImport{s: s, opts: opts, m: m, rep: rep}
	if err := im.loadIssuer(ctx); err != nil {
		return nil, err
	}
	changes, err := im.match(ctx, candidates)
	if err != nil {
		return nil, err
	}
	return rep, commit(ctx, s, opts.Options, rep, changes)
}

// openGeoPackage opens a GeoPackage read-only with the SQLite driver that the
// store package registers.
func openGeoPackage(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open GeoPackage %s: %w", path, err)
	}
	return db, nil
}

// featureRecord names a feature in problems, counting from 1 in file order,
// with the feature's ID or else the text of its code attribute.
func featureRecord(f *landio.Feature, m attributeMap) string {
	if f.ID != "" {
		return fmt.Sprintf("feature %d (id %s)", f.Index+1, f.ID)
	}
	if code := m.text(f, "code"); code != "" {
		return fmt.Sprintf("feature %d (%s %s)", f.Index+1, m["code"], code)
	}
	return fmt.Sprintf("feature %d", f.Index+1)
}

func featureProblem(f *landio.Feature, m attributeMap, err error) Problem {
	var re *rowError
	if errors.As(err, &re) {
		return Problem{Record: featureRecord(f, m), Field: re.column, Value: re.value, Reason: re.reason,
			Message: re.message, pos: f.Index}
	}
	return Problem{Record: featureRecord(f, m), Reason: "invalid_feature", Message: err.Error(), pos: f.Index}
}

// readFeature runs the checks that need no database: decoding, geometry, code,
// contractor and the mapped attributes.
func readFeature(f *landio.Feature, m attributeMap, opts PlotOptions) (*plotCandidate, error) {
	c := &plotCandidate{feature: f, record: featureRecord(f, m)}
	if f.Err != nil {
		var fe *landio.FeatureError
		cause := f.Err
		if errors.As(f.Err, &fe) {
			cause = fe.Err
		}
		return nil, &rowError{column: "geometry", reason: "unreadable",
			message: fmt.Sprintf("%v; correct the feature in the source file", cause)}
	}
	g, repairs, err := boundary(c.record, f.Index, f.Geometry)
	if err != nil {
		return nil, err
	}
	c.geometry, c.print, c.repairs = g, fingerprint(g), repairs
	if c.code, err = m.plotCode(f); err != nil {
		return nil, err
	}
	if c.code == "" && opts.Allocate == "" {
		return nil, fieldError(m, "code", "", "missing_code",
			"the feature has no plot code; fill in %s, or allocate codes with -allocate ISSUER", m["code"])
	}
	if err := c.readContractor(m, opts); err != nil {
		return nil, err
	}
	var scratch land.Plot
	return c, m.setAttributes(&scratch, f)
}

// issuer returns the issuer of the candidate's plot.
func (c *plotCandidate) issuer(opts PlotOptions) land.IssuerCode {
	if c.code != "" {
		return c.code.Issuer()
	}
	return opts.Allocate
}

// plotImport matches candidates with the register.
type plotImport struct {
	s    Stores
	opts PlotOptions
	m    attributeMap
	rep  *Report
	// byPrint finds the stored plots of opts.Allocate by boundary, and
	// issuerCodes lists their codes.
	byPrint     map[string]land.PlotCode
	issuerCodes []land.PlotCode
	// marked reports whether the codes in use are marked in the allocator.
	marked bool
}

// loadIssuer reads the stored plots of the issuer that codes are allocated in.
func (im *plotImport) loadIssuer(ctx context.Context) error {
	im.byPrint = map[string]land.PlotCode{}
	if im.opts.Allocate == "" {
		return nil
	}
	after := ""
	for {
		plots, next, err := im.s.Land.Plots(ctx, land.PlotFilter{Issuer: im.opts.Allocate, Page: land.Page{Limit: exportPage, After: after}})
		if err != nil {
			return fmt.Errorf("list the plots of issuer %s: %w", im.opts.Allocate, err)
		}
		for _, p := range plots {
			im.issuerCodes = append(im.issuerCodes, p.Code)
			if print := fingerprint(p.Geometry); print != "" {
				im.byPrint[print] = p.Code
			}
		}
		if next == "" {
			return nil
		}
		after = next
	}
}

// match finds each candidate's stored plot and returns the changes to make.
// Two features with one code, or without codes and with one boundary, are
// rejected after the first.
func (im *plotImport) match(ctx context.Context, candidates []*plotCandidate) ([]change, error) {
	seenCode := map[land.PlotCode]string{}
	seenPrint := map[string]string{}
	var changes []change
	for _, c := range candidates {
		if c.code == "" {
			if first, dup := seenPrint[c.print]; dup {
				im.rep.reject(Problem{Record: c.record, pos: c.feature.Index, Field: "geometry", Reason: "duplicate_geometry",
					Message: fmt.Sprintf("the boundary repeats that of %s; keep one of them", first)})
				continue
			}
			seenPrint[c.print] = c.record
			c.code = im.byPrint[c.print]
		}
		if c.code != "" {
			if first, dup := seenCode[c.code]; dup {
				im.rep.reject(Problem{Record: c.record, pos: c.feature.Index, Field: im.m["code"], Value: string(c.code), Reason: "duplicate_code",
					Message: fmt.Sprintf("plot %s is also %s; keep one feature per plot", c.code, first)})
				continue
			}
			seenCode[c.code] = c.record
			if c.code.Issuer() == im.opts.Allocate {
				im.issuerCodes = append(im.issuerCodes, c.code)
			}
		}
		ch, unchanged, err := im.change(ctx, c)
		if err != nil {
			var re *rowError
			if !errors.As(err, &re) {
				return nil, err
			}
			im.rep.reject(featureProblem(c.feature, im.m, err))
			continue
		}
		if len(c.repairs) > 0 {
			im.rep.Repaired++
			im.rep.Repairs = append(im.rep.Repairs, c.repairs...)
		}
		if unchanged {
			im.rep.Unchanged++
			continue
		}
		changes = append(changes, ch)
	}
	return changes, nil
}

// change builds the plot of c on its stored version and returns the change
// that writes it. Errors other than *rowError are database failures.
func (im *plotImport) change(ctx context.Context, c *plotCandidate) (change, bool, error) {
	var stored *land.Plot
	if c.code != "" {
		p, err := im.s.Land.Plot(ctx, c.code)
		if err != nil && !errors.Is(err, land.ErrNotFound) {
			return change{}, false, fmt.Errorf("read plot %s: %w", c.code, err)
		}
		stored = p
	}
	p := &land.Plot{Code: c.code}
	if stored != nil {
		p = stored.Clone()
	}
	if err := im.m.setAttributes(p, c.feature); err != nil {
		return change{}, false, err
	}
	p.Geometry = c.geometry
	issuer := c.issuer(im.opts)
	if p.Village == "" {
		p.Village = issuer.Village()
	}
	if p.Village.Level() != land.DivisionVillage {
		return change{}, false, fieldError(im.m, "village", "", "missing_village",
			"issuer %s is a township collective, so the plot code names no village; map a village attribute with -map village=ATTRIBUTE", issuer)
	}
	if err := validatePlot(p, issuer); err != nil {
		return change{}, false, err
	}
	link, err := im.contractLink(ctx, c, p)
	if err != nil {
		return change{}, false, err
	}
	if stored != nil && plotEqual(stored, p) && link == nil {
		return change{}, true, nil
	}

	ch := change{record: c.record, pos: c.feature.Index, kind: "plot", key: string(c.code), division: string(p.Village)}
	if stored != nil {
		if ch.before, err = server.PlotJSON(stored); err != nil {
			return change{}, false, err
		}
	}
	if stored != nil && plotEqual(stored, p) {
		// Only the contract changes, so the plot gets no audit entry.
		ch.linkOnly = true
		ch.put = func(ctx context.Context) (string, json.RawMessage, []auditRecord, error) {
			a, err := im.putLink(ctx, link, p)
			return ch.key, nil, []auditRecord{a}, err
		}
		return ch, false, nil
	}
	ch.put = func(ctx context.Context) (string, json.RawMessage, []auditRecord, error) {
		return im.putPlot(ctx, p, link)
	}
	return ch, false, nil
}

// validatePlot checks p with the rules of package land. A plot whose code is
// still to be allocated is checked with a stand-in code of its issuer.
func validatePlot(p *land.Plot, issuer land.IssuerCode) error {
	check := p
	if p.Code == "" {
		stand, err := land.NewPlotCode(issuer, 1)
		if err != nil {
			return err
		}
		check = p.Clone()
		check.Code = stand
	}
	if err := check.Validate(); err != nil {
		return &rowError{reason: "invalid_plot", message: err.Error()}
	}
	return nil
}

// plotEqual reports whether a and b have equal fields and boundaries, leaving
// out Version and UpdatedAt.
func plotEqual(a, b *land.Plot) bool {
	return a.Code == b.Code && a.Name == b.Name && a.Village == b.Village && a.Class == b.Class &&
		a.Category == b.Category && a.Use == b.Use && a.DeclaredArea.Equal(b.DeclaredArea) &&
		a.HighStandardFarmland == b.HighStandardFarmland && a.Salinity == b.Salinity &&
		a.Irrigation == b.Irrigation && fingerprint(a.Geometry) == fingerprint(b.Geometry)
}

// putPlot stores p, allocating its code when it has none, and links it to its
// contract. It returns the plot's code and JSON, and the contract's audit
// entry.
func (im *plotImport) putPlot(ctx context.Context, p *land.Plot, link *contractLink) (string, json.RawMessage, []auditRecord, error) {
	if p.Code == "" {
		code, err := im.allocate(ctx)
		if err != nil {
			return "", nil, nil, err
		}
		p.Code = code
	}
	if err := im.s.Land.PutPlot(ctx, p); err != nil {
		return "", nil, nil, err
	}
	after, err := server.PlotJSON(p)
	if err != nil {
		return "", nil, nil, err
	}
	if link == nil {
		return string(p.Code), after, nil, nil
	}
	a, err := im.putLink(ctx, link, p)
	if err != nil {
		return "", nil, nil, fmt.Errorf("plot %s is stored, but its contract is not: %w", p.Code, err)
	}
	return string(p.Code), after, []auditRecord{a}, nil
}

// allocate returns a new plot code of the issuer of PlotOptions.Allocate.
// Before the first one it marks the codes of the file and of the stored plots
// of the issuer as used, so that no allocated code collides with them.
func (im *plotImport) allocate(ctx context.Context) (land.PlotCode, error) {
	if im.s.Sequences == nil {
		return "", errors.New("allocate plot codes: Stores.Sequences is nil")
	}
	a := land.NewAllocator(im.s.Sequences)
	if !im.marked {
		if err := a.MarkPlotCodesUsed(ctx, im.issuerCodes); err != nil {
			return "", fmt.Errorf("mark the plot codes of issuer %s used: %w", im.opts.Allocate, err)
		}
		im.marked = true
	}
	return a.NextPlotCode(ctx, im.opts.Allocate)
}
