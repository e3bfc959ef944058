package doccheck

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Problem is one missing or malformed doc comment.
type Problem struct {
	// Pos is the file, line and column of the package clause or the declaration. Its
	// Filename is relative to the root given to [Tree].
	Pos token.Position
	// Message names the package or identifier and what its documentation lacks.
	Message string
}

// String formats p as "file:line: message", the form editors and go vet use.
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.Pos.Filename, p.Pos.Line, p.Message)
}

// Tree checks every package in the directory tree at root and returns its problems sorted
// by file and line. It does not enter a folder with a go.mod of its own below root, because
// that folder is another module. The error is non-nil only when a folder cannot be read or a
// file does not parse, and the problems found before it are returned with it.
func Tree(root string) ([]Problem, error) {
	var problems []Problem
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && (skipDir(d.Name()) || isModule(path)) {
			return filepath.SkipDir
		}
		found, err := checkDir(root, path)
		problems = append(problems, found...)
		return err
	})
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Filename, b.Pos.Filename),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return problems, err
}

// skipDir reports whether a folder holds no package that go doc shows, following the go
// command, which ignores testdata, vendor and names starting with "." or "_".
func skipDir(name string) bool {
	return name == "testdata" || name == "vendor" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// isModule reports whether dir has a go.mod file.
func isModule(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}

// checkDir parses the non-test, non-generated Go files directly in dir, groups them by
// package clause and checks each package.
func checkDir(root, dir string) ([]Problem, error) {
	entries, err := readDir(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	packages := map[string][]*ast.File{}
	for _, name := range entries {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("doccheck: %w", err)
		}
		if ast.IsGenerated(f) {
			continue
		}
		packages[f.Name.Name] = append(packages[f.Name.Name], f)
	}

	c := checker{root: root, fset: fset}
	for _, name := range slices.Sorted(maps.Keys(packages)) {
		c.checkPackage(name, packages[name])
	}
	return c.problems, nil
}

// readDir returns the names of the Go files in dir that are not tests, sorted.
func readDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("doccheck: %w", err)
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		names = append(names, name)
	}
	return names, nil
}
