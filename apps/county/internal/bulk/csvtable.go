package bulk

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// Column is one column of a CSV layout.
type Column struct {
	// Name is the header text, in lower case.
	Name string
	// Required reports whether the header must have the column and every row
	// a value in it.
	Required bool
	// Help describes the column's content, with its unit or form.
	Help string
}

// csvTable reads the rows of a CSV file whose header names columns of one
// layout.
type csvTable struct {
	r      *csv.Reader
	layout []Column
	index  map[string]int // column name to its position in the header
	// text are the columns of free text, whose cells lose the quote that
	// the export puts before a formula (see guardFormula).
	text map[string]bool
}

// utf8BOM starts CSV files saved by spreadsheet programs.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// openCSV reads the header of a CSV file and checks it against layout: every
// required column must be present, and unknown or repeated columns are
// rejected, because a misspelt column would otherwise be dropped in silence.
// text names the columns of free text, as newCSVWriter takes them.
func openCSV(r io.Reader, layout []Column, text ...string) (*csvTable, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(512)
	if err := checkCSVText(head, layout); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(head, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty, want a header row such as " + exampleHeader(layout))
	}
	if err != nil {
		return nil, fmt.Errorf("read the header row: %w", err)
	}
	t := &csvTable{r: cr, layout: layout, index: map[string]int{}, text: textSet(text)}
	known := map[string]bool{}
	for _, c := range layout {
		known[c.Name] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !known[name] {
			return nil, fmt.Errorf("column %d %q is unknown; the known columns are %s", i+1, h, columnNames(layout))
		}
		if _, dup := t.index[name]; dup {
			return nil, fmt.Errorf("column %q appears twice in the header; keep one", name)
		}
		t.index[name] = i
	}
	for _, c := range layout {
		if _, ok := t.index[c.Name]; c.Required && !ok {
			return nil, fmt.Errorf("column %q is missing from the header; the required columns are %s", c.Name, requiredNames(layout))
		}
	}
	return t, nil
}

// checkCSVText rejects files that are plainly not CSV, which would otherwise
// fail with a confusing message about their first "column".
func checkCSVText(head []byte, layout []Column) error {
	kind := ""
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		kind = "a zip archive"
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		kind = "an SQLite database or GeoPackage"
	case bytes.IndexByte(head, 0) >= 0:
		kind = "binary data"
	case bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")):
		kind = "JSON"
	case bytes.HasPrefix(trimmed, []byte("<")):
		kind = "XML"
	}
	if kind == "" {
		return nil
	}
	return fmt.Errorf("the file is %s, not CSV; want comma-separated text with a header row such as %s", kind, exampleHeader(layout))
}

func columnNames(layout []Column) string {
	names := make([]string, len(layout))
	for i, c := range layout {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

func requiredNames(layout []Column) string {
	var names []string
	for _, c := range layout {
		if c.Required {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

func exampleHeader(layout []Column) string {
	var names []string
	for _, c := range layout {
		if c.Required {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ",")
}

// csvRow is one data row with its line number in the file.
type csvRow struct {
	t      *csvTable
	line   int
	fields []string
}

// next returns the next row, or io.EOF after the last. A row whose quoting is
// broken is returned as a *csv.ParseError.
func (t *csvTable) next() (csvRow, error) {
	fields, err := t.r.Read()
	if err != nil {
		return csvRow{}, err
	}
	line, _ := t.r.FieldPos(0)
	return csvRow{t: t, line: line, fields: fields}, nil
}

// record names the row in problems.
func (r csvRow) record() string { return fmt.Sprintf("line %d", r.line) }

// blank reports whether every cell of the row is empty, as in the trailing
// rows some spreadsheet programs write.
func (r csvRow) blank() bool {
	for _, f := range r.fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// cell returns the trimmed text of column name, "" when the file has no such
// column or the row is short. In a column of free text it removes the quote
// that guardFormula puts before a formula, so that an exported file imports
// unchanged.
func (r csvRow) cell(name string) string {
	i, ok := r.t.index[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	v := strings.TrimSpace(r.fields[i])
	if r.t.text[name] && len(v) > 1 && v[0] == '\'' && startsFormula(v[1:]) {
		return v[1:]
	}
	return v
}

// rowError is a fault in one cell of a row.
type rowError struct {
	column, value, reason, message string
}

func (e *rowError) Error() string { return e.message }

func cellError(column, value, reason, format string, args ...any) *rowError {
	return &rowError{column: column, value: value, reason: reason, message: fmt.Sprintf(format, args...)}
}

// problem converts err, a *rowError or another error, into the problem of row r.
func (r csvRow) problem(err error) Problem {
	var re *rowError
	if errors.As(err, &re) {
		return Problem{Record: r.record(), Field: re.column, Value: re.value, Reason: re.reason, Message: re.message, pos: r.line}
	}
	return Problem{Record: r.record(), Reason: "invalid_row", Message: err.Error(), pos: r.line}
}

// required returns the cell of a required column, or an error when it is empty.
func (r csvRow) required(name, want string) (string, error) {
	v := r.cell(name)
	if v == "" {
		return "", cellError(name, "", "missing_"+name, "%s is empty, want %s", name, want)
	}
	return v, nil
}

// decimalCell parses a non-negative decimal of unit; an empty cell is zero.
func (r csvRow) decimalCell(name, unit string) (decimal.Decimal, error) {
	v := r.cell(name)
	if v == "" {
		return decimal.Decimal{}, nil
	}
	d, err := parseQuantity(v)
	if err != nil {
		return d, cellError(name, v, "invalid_"+name, "%q is not a decimal number of %s; write digits with a point, such as 12.5", v, unit)
	}
	if d.IsNegative() {
		return d, cellError(name, v, "invalid_"+name, "%s %s is negative, want 0 or more", v, unit)
	}
	return d, nil
}

// parseQuantity parses decimal text as a register writes it: digits with an
// optional sign and point. Exponents, thousands separators and text such as
// "NaN" are rejected, because spreadsheets write them only by accident.
func parseQuantity(s string) (decimal.Decimal, error) {
	if len(s) > 40 || strings.ContainsAny(s, "eE,_ ") {
		return decimal.Decimal{}, fmt.Errorf("invalid decimal %q", s)
	}
	return decimal.NewFromString(s)
}

// list splits a cell of values separated by semicolons, dropping empty ones.
func list(cell string) []string {
	var out []string
	for _, s := range strings.Split(cell, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// csvWriter writes rows of a layout; it is the inverse of csvTable.
type csvWriter struct {
	w      *csv.Writer
	layout []Column
	text   map[string]bool // columns of free text, see guardFormula
}

// newCSVWriter writes the header of layout to w and returns a writer of its
// rows. text names the columns of free text, whose cells it guards against
// formula injection. The other columns hold numbers, days, names from a
// fixed list and codes, whose cells are written as they are, so that a
// negative number stays a number.
func newCSVWriter(w io.Writer, layout []Column, text ...string) (*csvWriter, error) {
	cw := &csvWriter{w: csv.NewWriter(w), layout: layout, text: textSet(text)}
	names := make([]string, len(layout))
	for i, c := range layout {
		names[i] = c.Name
	}
	return cw, cw.w.Write(names)
}

// write writes one row from cells keyed by column name.
func (cw *csvWriter) write(cells map[string]string) error {
	row := make([]string, len(cw.layout))
	for i, c := range cw.layout {
		row[i] = cells[c.Name]
		if cw.text[c.Name] {
			row[i] = guardFormula(row[i])
		}
	}
	return cw.w.Write(row)
}

func textSet(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// startsFormula reports whether a spreadsheet program would read a cell
// that starts like s as a formula: with =, +, -, @, a tab or NUL, which
// OWASP ASVS 5.0 requirement 1.2.10 lists, or a carriage return.
func startsFormula(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r\x00", s[0]) >= 0
}

// guardFormula returns a cell of free text with a single quote before it
// when it starts like a formula, which spreadsheet programs then show as
// text, as OWASP ASVS 5.0 requirement 1.2.10 requires. csvRow.cell removes the
// quote again on import.
func guardFormula(cell string) string {
	if startsFormula(cell) {
		return "'" + cell
	}
	return cell
}

func (cw *csvWriter) flush() error {
	cw.w.Flush()
	return cw.w.Error()
}
