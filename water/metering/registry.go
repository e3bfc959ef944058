package metering

import (
	"errors"
	"fmt"
)

// Registry assigns dense meter ids, counting from 0, to the string ids that meters and
// gateways use, such as "WS-0042-E". Look ids up once, when a device connects or a
// batch is decoded, and hand [Shard] the dense ids. The zero value is an empty
// registry. A Registry is not safe for concurrent use.
type Registry struct {
	ids   map[string]uint32
	names []string
}

// Add returns the dense id of name, assigning the next one when name is new. It
// returns an error for an empty name or when MaxMeters ids are taken.
func (r *Registry) Add(name string) (uint32, error) {
	if name == "" {
		return 0, errors.New("metering: register meter: empty meter id")
	}
	if id, ok := r.ids[name]; ok {
		return id, nil
	}
	if len(r.names) >= MaxMeters {
		return 0, fmt.Errorf("metering: register meter %q: all %d ids are taken", name, MaxMeters)
	}
	if r.ids == nil {
		r.ids = make(map[string]uint32)
	}
	id := uint32(len(r.names))
	r.ids[name] = id
	r.names = append(r.names, name)
	return id, nil
}

// ID returns the dense id of name and whether name is registered.
func (r *Registry) ID(name string) (uint32, bool) {
	id, ok := r.ids[name]
	return id, ok
}

// Name returns the string id registered as id, and false when there is none.
func (r *Registry) Name(id uint32) (string, bool) {
	if int(id) >= len(r.names) {
		return "", false
	}
	return r.names[id], true
}

// Len returns the number of registered meters.
func (r *Registry) Len() int { return len(r.names) }
