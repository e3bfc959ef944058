package layers

import (
	"errors"
	"fmt"
)

// Map is a set of layers, at most one per kind. The zero value is an empty
// map, and [NewMap] builds one from layers.
type Map struct {
	layers [kindCount]*Layer
}

// ErrMissingLayer is returned by a query that needs a layer the map lacks.
var ErrMissingLayer = errors.New("layers: missing layer")

// NewMap returns a map of the given layers. It rejects a nil layer and two
// layers of the same kind.
func NewMap(layers ...*Layer) (*Map, error) {
	m := &Map{}
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("layers: layer %d is nil", i)
		}
		if m.layers[l.kind] != nil {
			return nil, fmt.Errorf("layers: two %s layers: expected at most one per kind", l.kind)
		}
		m.layers[l.kind] = l
	}
	return m, nil
}

// Layer returns the layer of kind k, or nil when the map has none.
func (m *Map) Layer(k Kind) *Layer {
	if k >= kindCount {
		return nil
	}
	return m.layers[k]
}

// need returns the layer of kind k or an error wrapping ErrMissingLayer.
func (m *Map) need(k Kind) (*Layer, error) {
	if l := m.Layer(k); l != nil {
		return l, nil
	}
	return nil, fmt.Errorf("%w: %s", ErrMissingLayer, k)
}
