package doccheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"strings"
)

// checker collects the problems of the packages of one folder.
type checker struct {
	root     string
	fset     *token.FileSet
	problems []Problem
}

// report records a problem at pos with a file name relative to the root.
func (c *checker) report(pos token.Pos, format string, args ...any) {
	p := c.fset.Position(pos)
	if rel, err := filepath.Rel(c.root, p.Filename); err == nil {
		p.Filename = filepath.ToSlash(rel)
	}
	c.problems = append(c.problems, Problem{Pos: p, Message: fmt.Sprintf(format, args...)})
}

// checkPackage checks the package doc comment of the package name, made of files, and the
// doc comments of every declaration in it.
func (c *checker) checkPackage(name string, files []*ast.File) {
	var docs []*ast.File
	for _, f := range files {
		if f.Doc != nil {
			docs = append(docs, f)
		}
	}
	switch {
	case len(docs) == 0:
		c.report(files[0].Package, "package %s has no package doc comment in any of its files", name)
	case len(docs) > 1:
		c.report(docs[1].Package, "package %s has a second package doc comment; go doc joins them, so keep one",
			name)
	case name != "main" && !strings.HasPrefix(docs[0].Doc.Text(), "Package "+name+" "):
		c.report(docs[0].Package, "package doc comment should start with %q", "Package "+name+" ")
	}
	for _, f := range files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				c.checkFunc(d)
			case *ast.GenDecl:
				c.checkGen(d)
			}
		}
	}
}

// checkFunc checks an exported function, or an exported method of an exported type.
func (c *checker) checkFunc(d *ast.FuncDecl) {
	if !d.Name.IsExported() {
		return
	}
	kind, name := "function", d.Name.Name
	if d.Recv != nil {
		recv := receiverType(d.Recv.List[0].Type)
		if !ast.IsExported(recv) {
			return
		}
		kind, name = "method", recv+"."+d.Name.Name
	}
	c.checkDoc(d.Doc, d.Name.Pos(), kind, name, d.Name.Name)
}

// receiverType returns the name of the type in a receiver such as *T or T[K, V].
func receiverType(expr ast.Expr) string {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

// checkGen checks the exported types, constants and variables of a declaration.
func (c *checker) checkGen(d *ast.GenDecl) {
	grouped := d.Lparen.IsValid()
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			if !s.Name.IsExported() {
				continue
			}
			doc := s.Doc
			if doc == nil && (!grouped || len(d.Specs) == 1) {
				doc = d.Doc
			}
			c.checkDoc(doc, s.Name.Pos(), "type", s.Name.Name, s.Name.Name)
		case *ast.ValueSpec:
			c.checkValue(d, s)
		}
	}
}

// checkValue checks the exported names of a const or var spec. A group doc comment, or a
// comment at the end of the spec's line, documents the spec as go doc shows it.
func (c *checker) checkValue(d *ast.GenDecl, s *ast.ValueSpec) {
	if s.Doc != nil || s.Comment != nil || d.Doc != nil {
		return
	}
	kind := "variable"
	if d.Tok == token.CONST {
		kind = "constant"
	}
	for _, n := range s.Names {
		if n.IsExported() {
			c.report(n.Pos(), "exported %s %s has no doc comment", kind, n.Name)
		}
	}
}

// checkDoc reports a missing doc comment, or one that does not start with word, optionally
// after an article.
func (c *checker) checkDoc(doc *ast.CommentGroup, pos token.Pos, kind, name, word string) {
	if doc == nil {
		c.report(pos, "exported %s %s has no doc comment", kind, name)
		return
	}
	text := doc.Text()
	if startsWithWord(text, word) {
		return
	}
	for _, article := range []string{"A ", "An ", "The "} {
		if rest, ok := strings.CutPrefix(text, article); ok && startsWithWord(rest, word) {
			return
		}
	}
	c.report(pos, "doc comment of %s %s should start with %q", kind, name, word)
}

// startsWithWord reports whether text starts with word followed by a space, a punctuation
// mark or the end of the text.
func startsWithWord(text, word string) bool {
	rest, ok := strings.CutPrefix(text, word)
	if !ok {
		return false
	}
	return rest == "" || strings.ContainsAny(rest[:1], " \n\t.,;:'()")
}
