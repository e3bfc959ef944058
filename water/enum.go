package water

import (
	"fmt"
	"strings"
)

// enumName returns names[v], or kind(v) when v has no name.
func enumName[T ~uint8](kind string, names []string, v T) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", kind, v)
}

// parseEnum returns the value whose name is text, ignoring case.
func parseEnum[T ~uint8](kind string, names []string, text string) (T, error) {
	for i, name := range names {
		if strings.EqualFold(name, text) {
			return T(i), nil
		}
	}
	return 0, fmt.Errorf("water: invalid %s %q, want one of %s", kind, text, strings.Join(names, ", "))
}

// marshalEnum returns the name of v, or an error when v has none.
func marshalEnum[T ~uint8](kind string, names []string, v T) ([]byte, error) {
	if int(v) >= len(names) {
		return nil, fmt.Errorf("water: invalid %s %d, want 0 to %d", kind, v, len(names)-1)
	}
	return []byte(names[v]), nil
}

// validEnum reports whether v is a named value, and a non-zero one when zeroInvalid is set.
func validEnum[T ~uint8](names []string, v T, zeroInvalid bool) bool {
	if zeroInvalid && v == 0 {
		return false
	}
	return int(v) < len(names)
}
