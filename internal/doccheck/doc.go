// Package doccheck finds Go packages without a package doc comment and exported names
// without a doc comment, so that a test can fail the build on them.
//
// [Tree] walks a directory tree and parses every non-test Go file with go/parser alone. It
// neither type-checks nor builds, so it works for any build tag or platform. It skips folders
// named testdata or vendor, folders whose names start with "." or "_", nested modules
// (folders with a go.mod of their own), files ending in _test.go and files marked generated
// (a "// Code generated ... DO NOT EDIT." line, see [ast.IsGenerated]).
//
// The module's own test, TestModule in this package, runs [Tree] on the module root, so
// `go test ./...` and CI fail on the first undocumented package or exported name.
//
// # Rules
//
// A package, command or not, needs a doc comment above its package clause in exactly one of
// its files, and a package other than main needs one that starts with "Package name ". Each
// of the following needs a doc comment of its own:
//
//   - an exported function;
//   - an exported method whose receiver type is exported;
//   - an exported type, unless it sits alone in a parenthesised type group whose group has a
//     comment;
//   - an exported constant or variable, unless its group has a doc comment or the spec has a
//     comment at the end of its line, as in an enumeration.
//
// A doc comment of a function, method or type must start with its name, optionally after
// "A", "An" or "The", the form that the Go doc comment guide (go.dev/doc/comment) asks for.
// Struct fields and interface methods are not checked.
package doccheck
