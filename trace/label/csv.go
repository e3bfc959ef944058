package label

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CSVHeader is the first line of a CSV export.
const CSVHeader = "code,url,batch,serial,product\r\n"

// CSVOptions tunes a [CSVWriter].
type CSVOptions struct {
	// BOM starts the file with a UTF-8 byte order mark. Excel and WPS need it to read
	// Chinese product names as UTF-8 rather than in the system's code page.
	BOM bool
}

// CSVWriter writes records as RFC 4180 CSV with CRLF line ends: the grouped code, its
// lookup URL, batch, serial and product, after a [CSVHeader] line. It buffers its
// output: call Flush at the end. Writing a record allocates nothing. A CSVWriter is not
// safe for concurrent use.
//
// The product name is the only free text. When it starts with =, +, -, @, a tab, a
// carriage return or NUL, which spreadsheet programs read as the start of a formula,
// the writer puts a single quote before it, as OWASP ASVS 5.0 requirement 1.2.10 requires,
// so that the program shows it as text. The code, URL, batch and serial are written as
// they are: they are numbers or made of letters, digits and the characters of a URL.
type CSVWriter struct {
	w       *bufio.Writer
	links   Links
	opts    CSVOptions
	row     []byte
	started bool
}

// NewCSVWriter returns a writer to w with lookup URLs from links.
func NewCSVWriter(w io.Writer, links Links, opts CSVOptions) (*CSVWriter, error) {
	if links.IsZero() {
		return nil, errZeroLinks
	}
	return &CSVWriter{w: bufio.NewWriterSize(w, 64<<10), links: links, opts: opts, row: make([]byte, 0, 256)}, nil
}

// WriteRecords writes records; it implements [Sink].
func (cw *CSVWriter) WriteRecords(ctx context.Context, records []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range records {
		if err := cw.Write(&records[i]); err != nil {
			return err
		}
	}
	return nil
}

// Write writes one record, after the header if it is the first.
func (cw *CSVWriter) Write(r *Record) error {
	if err := cw.start(); err != nil {
		return err
	}
	if !utf8.ValidString(r.Product) {
		return fmt.Errorf("label: product name %q of code %s is not valid UTF-8", r.Product, r.Code)
	}
	row := r.Code.AppendGrouped(cw.row[:0])
	row = append(row, ',')
	row = cw.links.AppendURL(row, r.Code)
	row = append(row, ',')
	row = strconv.AppendUint(row, uint64(r.ID.Batch), 10)
	row = append(row, ',')
	row = strconv.AppendUint(row, uint64(r.ID.Serial), 10)
	row = append(row, ',')
	row = appendCSVText(row, r.Product)
	row = append(row, '\r', '\n')
	cw.row = row
	if _, err := cw.w.Write(row); err != nil {
		return fmt.Errorf("label: write CSV: %w", err)
	}
	return nil
}

// Flush writes the header if no record came, then any buffered data.
func (cw *CSVWriter) Flush() error {
	if err := cw.start(); err != nil {
		return err
	}
	if err := cw.w.Flush(); err != nil {
		return fmt.Errorf("label: write CSV: %w", err)
	}
	return nil
}

func (cw *CSVWriter) start() error {
	if cw.started {
		return nil
	}
	cw.started = true
	if cw.opts.BOM {
		if _, err := cw.w.WriteString("\uFEFF"); err != nil {
			return fmt.Errorf("label: write CSV: %w", err)
		}
	}
	if _, err := cw.w.WriteString(CSVHeader); err != nil {
		return fmt.Errorf("label: write CSV: %w", err)
	}
	return nil
}

// startsFormula reports whether a spreadsheet program would read a field that starts
// like s as a formula.
func startsFormula(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r\x00", s[0]) >= 0
}

// appendCSVText appends the free text s as appendCSVField does, with a single quote
// before it when it starts like a formula.
func appendCSVText(dst []byte, s string) []byte {
	if !startsFormula(s) {
		return appendCSVField(dst, s)
	}
	start := len(dst)
	dst = appendCSVField(dst, s)
	// s starts with no double quote, so a double quote at start opens a quoted field
	// and the single quote goes inside it.
	at := start
	if dst[start] == '"' {
		at++
	}
	dst = append(dst, 0)
	copy(dst[at+1:], dst[at:])
	dst[at] = '\''
	return dst
}

// appendCSVField appends s, quoted when it contains a comma, a double quote or a line
// break, as RFC 4180 section 2 requires, and when it has spaces at either end, which
// some readers trim.
func appendCSVField(dst []byte, s string) []byte {
	needsQuotes := strings.ContainsAny(s, ",\"\r\n") ||
		(s != "" && (s[0] == ' ' || s[len(s)-1] == ' '))
	if !needsQuotes {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}
