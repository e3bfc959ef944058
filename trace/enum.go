package trace

import (
	"fmt"
	"strings"
)

// enumName returns the name of v, or kind(N) for a value without a name.
func enumName[T ~uint8](kind string, names []string, v T) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", kind, v)
}

// parseEnum returns the value whose name is s, ignoring case. Empty text gives the zero
// value.
func parseEnum[T ~uint8](kind string, names []string, s string) (T, error) {
	if s == "" {
		return 0, nil
	}
	for i, name := range names {
		if strings.EqualFold(name, s) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("trace: invalid %s %q, want one of %s", kind, s, strings.Join(names[1:], ", "))
}

// validateEnum reports an error unless v is a named, non-zero value.
func validateEnum[T ~uint8](kind string, names []string, v T) error {
	if v == 0 || int(v) >= len(names) {
		return fmt.Errorf("trace: invalid %s %d, want one of %s", kind, v, strings.Join(names[1:], ", "))
	}
	return nil
}
