package layers

import (
	"fmt"
	"slices"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/twpayne/go-geom"
)

// Kind names what a layer maps.
type Kind uint8

// The layer kinds. Polygon layers: StateLand, CollectiveLand,
// ContractedPlots, SalineLand, HighStandardFarmland and Villages. Line
// layer: Canals. Point layers: Gates and Wells.
const (
	KindUnknown          Kind = iota
	StateLand                 // 国有土地
	CollectiveLand            // 集体土地
	ContractedPlots           // 承包地块
	SalineLand                // 盐碱地, from a soil or land-use survey
	HighStandardFarmland      // 高标准农田, built project areas
	Villages                  // village boundaries (行政村)
	Canals                    // 渠道
	Gates                     // 闸门
	Wells                     // 机井
	kindCount
)

var kindNames = [kindCount]string{"unknown", "state land", "collective land",
	"contracted plots", "saline land", "high-standard farmland", "villages",
	"canals", "gates", "wells"}

// String returns the English name of k.
func (k Kind) String() string {
	if k >= kindCount {
		return fmt.Sprintf("Kind(%d)", uint8(k))
	}
	return kindNames[k]
}

// geometryOK reports whether g is a geometry type that layers of kind k hold.
func (k Kind) geometryOK(g geom.T) bool {
	switch g.(type) {
	case *geom.Polygon, *geom.MultiPolygon:
		return k >= StateLand && k <= Villages
	case *geom.LineString, *geom.MultiLineString:
		return k == Canals
	case *geom.Point, *geom.MultiPoint:
		return k == Gates || k == Wells
	}
	return false
}

// Attributes are the typed properties a feature may carry. The zero value
// of each field means not recorded.
type Attributes struct {
	// Village is the 12-digit division code of the village the feature
	// belongs to.
	Village land.DivisionCode
	// Use is the GB/T 21010-2017 land-use class.
	Use land.Use
	// HighStandard reports whether a plot lies in built high-standard farmland.
	HighStandard bool
	// Salinity is the soil salinisation grade.
	Salinity land.SalinityGrade
	// Irrigates lists, for a well, the IDs of the contracted plots it is
	// registered to irrigate.
	Irrigates []string
}

// Feature is one mapped object: an ID unique in its layer, a geometry in
// lon/lat degrees, and its attributes.
type Feature struct {
	ID       string
	Geometry geom.T
	Attributes
}

// Layer is an immutable set of features of one kind with a spatial index.
type Layer struct {
	kind     Kind
	features []Feature
	byID     map[string]int
	index    *spatial.Index // polygon layers only
}

// FeatureError reports a feature that a layer rejects.
type FeatureError struct {
	Kind   Kind
	Index  int    // position of the feature in the input slice
	ID     string // its ID, possibly empty
	Reason string
}

// Error returns the layer kind, the feature's index and ID, and the reason.
func (e *FeatureError) Error() string {
	return fmt.Sprintf("layers: %s feature %d (id %q): %s", e.Kind, e.Index, e.ID, e.Reason)
}

// NewLayer builds a layer of kind k from features, which it copies. Each
// feature needs a non-empty ID unique in the layer and a geometry of the
// kind's type: Polygon or MultiPolygon for area layers, LineString or
// MultiLineString for canals, Point or MultiPoint for gates and wells. The
// first feature that breaks a rule is reported as a [*FeatureError].
func NewLayer(k Kind, features []Feature) (*Layer, error) {
	if k == KindUnknown || k >= kindCount {
		return nil, fmt.Errorf("layers: invalid kind %d: expected one of the Kind constants", uint8(k))
	}
	l := &Layer{kind: k, features: append([]Feature(nil), features...), byID: make(map[string]int, len(features))}
	for i, f := range l.features {
		if err := l.check(i, f); err != nil {
			return nil, err
		}
		l.byID[f.ID] = i
	}
	if k.polygonal() {
		geoms := make([]geom.T, len(l.features))
		for i, f := range l.features {
			geoms[i] = f.Geometry
		}
		ix, err := spatial.New(geoms)
		if err != nil {
			return nil, fmt.Errorf("layers: %s: %w", k, err)
		}
		l.index = ix
	}
	return l, nil
}

func (l *Layer) check(i int, f Feature) error {
	reject := func(reason string) error {
		return &FeatureError{Kind: l.kind, Index: i, ID: f.ID, Reason: reason}
	}
	switch {
	case f.ID == "":
		return reject("missing ID")
	case l.hasID(f.ID):
		return reject("duplicate ID")
	case isNil(f.Geometry):
		return reject("missing geometry")
	case !l.kind.geometryOK(f.Geometry):
		return reject(fmt.Sprintf("geometry type %T does not fit a %s layer", f.Geometry, l.kind))
	}
	return nil
}

// isNil reports whether g is nil or a nil pointer of a go-geom type.
func isNil(g geom.T) bool {
	switch g := g.(type) {
	case nil:
		return true
	case *geom.Polygon:
		return g == nil
	case *geom.MultiPolygon:
		return g == nil
	case *geom.LineString:
		return g == nil
	case *geom.MultiLineString:
		return g == nil
	case *geom.Point:
		return g == nil
	case *geom.MultiPoint:
		return g == nil
	}
	return false
}

func (l *Layer) hasID(id string) bool {
	_, ok := l.byID[id]
	return ok
}

func (k Kind) polygonal() bool { return k >= StateLand && k <= Villages }

// Kind returns the kind of the layer.
func (l *Layer) Kind() Kind { return l.kind }

// Len returns the number of features.
func (l *Layer) Len() int { return len(l.features) }

// Feature returns feature i in input order. It panics if i is out of range.
func (l *Layer) Feature(i int) Feature { return l.features[i] }

// Lookup returns the feature with the given ID.
func (l *Layer) Lookup(id string) (Feature, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Feature{}, false
	}
	return l.features[i], true
}

// Index returns the spatial index over a polygon layer's features, whose
// items are feature positions, or nil for line and point layers.
func (l *Layer) Index() *spatial.Index { return l.index }

// At returns the IDs of the features of a polygon layer that contain the
// point (lon, lat), by the boundary rule of [spatial.Contains], or nil for
// line and point layers.
func (l *Layer) At(lon, lat float64) []string {
	if l.index == nil {
		return nil
	}
	return l.ids(l.index.AppendContaining(nil, lon, lat))
}

// Near returns the IDs of the features of a polygon layer within metres of
// g (a canal line or a well point, say), as [spatial.Index.AppendWithinDistance]
// measures it. Line and point layers return an error.
func (l *Layer) Near(g geom.T, metres float64) ([]string, error) {
	if l.index == nil {
		return nil, fmt.Errorf("layers: Near on a %s layer: expected a polygon layer", l.kind)
	}
	hits, err := l.index.AppendWithinDistance(nil, g, metres)
	if err != nil {
		return nil, fmt.Errorf("layers: %s: %w", l.kind, err)
	}
	return l.ids(hits), nil
}

// ids returns the IDs of the features at positions, sorted.
func (l *Layer) ids(positions []int) []string {
	ids := make([]string, len(positions))
	for k, i := range positions {
		ids[k] = l.features[i].ID
	}
	slices.Sort(ids)
	return ids
}
