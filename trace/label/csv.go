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
// NOTE: product names are written as given. A name that starts with =, +, - or @ is
// read as a formula by spreadsheet programs, so clean such names before export.
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
	row = appendCSVField(row, r.Product)
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
