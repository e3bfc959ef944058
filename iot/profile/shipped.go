package profile

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

//go:embed profiles/*.yaml
var shippedFiles embed.FS

// Shipped returns the names of the profiles shipped with this package, such
// as "weather-station", sorted. Register maps vary by vendor, and each
// shipped profile follows one common layout.
func Shipped() []string {
	entries, _ := fs.ReadDir(shippedFiles, "profiles")
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// LoadShipped parses and validates the shipped profile name, one of
// [Shipped].
func LoadShipped(name string) (*Profile, error) {
	f, err := shippedFiles.Open(path.Join("profiles", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("profile: no shipped profile %q; want one of %s", name, strings.Join(Shipped(), ", "))
	}
	defer f.Close()
	return Parse(f)
}
