package watersql

import (
	"encoding/json"
	"fmt"
	"time"
)

// timeArg returns t as the dialect stores a timestamp, or nil for the zero Time. Stores
// keep times as water.StoreTime returns them.
func (d Dialect) timeArg(t time.Time) any { return d.shared().TimeArg(t) }

// textValue scans a text column into any string type.
type textValue[S ~string] struct{ s *S }

func (v textValue[S]) Scan(src any) error {
	switch src := src.(type) {
	case string:
		*v.s = S(src)
	case []byte:
		*v.s = S(src)
	default:
		return fmt.Errorf("watersql: scan text: unsupported value %T", src)
	}
	return nil
}

// enumValue scans an integer column into an enumeration of package water.
type enumValue[E ~uint8] struct{ e *E }

func (v enumValue[E]) Scan(src any) error {
	n, ok := src.(int64)
	if !ok || n < 0 || n > 255 {
		return fmt.Errorf("watersql: scan enumeration: invalid value %v", src)
	}
	*v.e = E(n)
	return nil
}

// jsonArg returns v as JSON text.
func jsonArg(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("watersql: encode JSON: %w", err)
	}
	return string(data), nil
}
