package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"

	"github.com/twpayne/go-geom"
	_ "modernc.org/sqlite" // GeoPackage files are SQLite databases

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/clean"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/landio"
	"github.com/shuxiang/shuxiang/land/topology"
)

// config holds the command-line settings.
type config struct {
	SourceEPSG int
	Layer      string
	IDProperty string
	MinOverlap float64
	Rules      string
}

func (c config) validate() error {
	if _, err := c.ruleSet(); err != nil {
		return err
	}
	if c.MinOverlap < 0 || math.IsNaN(c.MinOverlap) || math.IsInf(c.MinOverlap, 0) {
		return fmt.Errorf("invalid -min-overlap %v: want a finite area in m² of 0 or more", c.MinOverlap)
	}
	if c.SourceEPSG < 0 {
		return fmt.Errorf("invalid -epsg %d: want a positive EPSG code such as 4490 or 4517", c.SourceEPSG)
	}
	return nil
}

func (c config) ruleSet() (clean.RuleSet, error) {
	switch c.Rules {
	case "ogc":
		return clean.OGC, nil
	case "esri":
		return clean.ESRI, nil
	case "both", "":
		return clean.BothRules, nil
	}
	return 0, fmt.Errorf("invalid -rules %q: want ogc, esri or both", c.Rules)
}

// featureLine is the output record of one feature.
type featureLine struct {
	Index    int           `json:"index"`
	ID       string        `json:"id,omitempty"`
	AreaM2   float64       `json:"area_m2"`
	AreaMu   float64       `json:"area_mu"`
	Valid    bool          `json:"valid"`
	Problems []problemLine `json:"problems"`
}

// problemLine is one fault of a feature.
type problemLine struct {
	Code     string `json:"code"`
	Rules    string `json:"rules,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// overlapLine is the output record of one overlapping pair.
type overlapLine struct {
	Indexes   [2]int  `json:"indexes"`
	OverlapM2 float64 `json:"overlap_m2"`
}

// check reads the file at path and writes one JSON line per feature and per
// overlapping pair to w.
func check(ctx context.Context, path string, cfg config, w io.Writer) error {
	rules, err := cfg.ruleSet()
	if err != nil {
		return err
	}
	features, _, err := landio.ReadFile(ctx, path, landio.Options{
		SourceEPSG: cfg.SourceEPSG,
		Layer:      cfg.Layer,
		IDProperty: cfg.IDProperty,
		OpenDB:     openGeoPackage,
	})
	if err != nil {
		return err
	}

	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	var polygons []geom.T
	var indexes []int
	for _, f := range features {
		line, cleaned := checkFeature(f, clean.Options{Rules: rules})
		if err := enc.Encode(line); err != nil {
			return err
		}
		if line.Valid && isAreal(cleaned) {
			polygons = append(polygons, cleaned)
			indexes = append(indexes, f.Index)
		}
	}

	overlaps, err := topology.Overlaps(polygons, topology.Options{MinOverlap: cfg.MinOverlap, Workers: 2})
	if err != nil {
		return fmt.Errorf("overlap check: %w", err)
	}
	for _, o := range overlaps {
		line := overlapLine{Indexes: [2]int{indexes[o.I], indexes[o.J]}, OverlapM2: o.Area}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return out.Flush()
}

// checkFeature cleans one feature and measures it. It returns the output line
// and the cleaned geometry.
func checkFeature(f landio.Feature, opts clean.Options) (featureLine, geom.T) {
	line := featureLine{Index: f.Index, ID: f.ID, Problems: []problemLine{}}
	if f.Err != nil {
		line.Problems = append(line.Problems, problemLine{
			Code: "decode", Severity: "invalid", Message: f.Err.Error(),
		})
		return line, nil
	}
	if f.Geometry == nil {
		line.Problems = append(line.Problems, problemLine{
			Code: "empty", Severity: "invalid", Message: "feature has no geometry",
		})
		return line, nil
	}

	cleaned, problems := clean.Clean(f.Geometry, opts)
	line.Valid = true
	for _, p := range problems {
		if p.Severity == clean.SeverityInvalid {
			line.Valid = false
		}
		line.Problems = append(line.Problems, problemLine{
			Code: p.Code.String(), Rules: p.Rule.String(), Severity: p.Severity.String(), Message: p.Message,
		})
	}
	if !isAreal(cleaned) {
		line.Valid = false
		line.Problems = append(line.Problems, problemLine{
			Code:     "not_areal",
			Severity: "invalid",
			Message:  fmt.Sprintf("geometry is a %T, want a polygon or multipolygon", cleaned),
		})
		return line, cleaned
	}
	line.AreaM2 = geodesy.Area(cleaned)
	line.AreaMu = land.SquareMetresToMu(line.AreaM2)
	return line, cleaned
}

func isAreal(g geom.T) bool {
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
		return true
	}
	return false
}

// openGeoPackage opens a GeoPackage read-only with the pure-Go SQLite driver.
func openGeoPackage(ctx context.Context, path string) (*sql.DB, error) {
	dsn := "file:" + url.PathEscape(path) + "?mode=ro"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open GeoPackage %s: %w", path, err)
	}
	return db, nil
}
