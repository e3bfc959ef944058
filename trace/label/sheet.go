package label

import (
	"context"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// Defaults of [SheetOptions]: a common A4 label stock of 3 × 8 labels of 70 × 37.1 mm
// without page margins.
const (
	DefaultColumns       = 3
	DefaultRows          = 8
	DefaultLabelsPerFile = 2400
)

// minQRSide is the smallest QR code that a label prints, quiet zone included, in mm.
// A lookup URL of up to 62 bytes fits a version 4 code at level M, 41 modules with its
// quiet zone, so its modules stay above 0.35 mm.
const minQRSide = 15.0

// SheetOptions sets the layout of label sheets. Lengths are in millimetres.
type SheetOptions struct {
	// Font is a TrueType font for the product names, as the bytes of a .ttf file. Nil
	// means the core font Helvetica, which prints ASCII only.
	Font []byte
	// Columns and Rows are the labels across and down an A4 page; 0 means
	// [DefaultColumns] and [DefaultRows].
	Columns, Rows int
	// Margin is the blank border of the page on every side. Zero suits label stock
	// that is cut to the page edge. Office printers leave about 4 mm unprinted.
	Margin float64
	// Padding is the blank border inside each label; 0 means 2.5 mm.
	Padding float64
	// Recovery is the QR codes' error correction level.
	Recovery Recovery
	// Outline draws a thin grey border around each label, for proofs on plain paper.
	Outline bool
	// LabelsPerFile is the number of labels in one PDF file of a [SheetWriter]; 0 means
	// [DefaultLabelsPerFile], 100 pages of 24 labels.
	LabelsPerFile int
	// Modified fixes the creation and modification dates in the PDF; zero means now.
	Modified time.Time
}

// sheetLayout is a checked SheetOptions with the label size.
type sheetLayout struct {
	SheetOptions
	width, height float64 // of one label
	qrSide        float64 // the QR code's square, quiet zone included
}

func (o SheetOptions) layout() (sheetLayout, error) {
	l := sheetLayout{SheetOptions: o}
	if l.Columns == 0 {
		l.Columns = DefaultColumns
	}
	if l.Rows == 0 {
		l.Rows = DefaultRows
	}
	if l.Padding == 0 {
		l.Padding = 2.5
	}
	if l.LabelsPerFile <= 0 {
		l.LabelsPerFile = DefaultLabelsPerFile
	}
	if l.Columns < 1 || l.Rows < 1 || l.Margin < 0 || l.Padding < 0 {
		return l, fmt.Errorf("label: sheet of %d × %d labels with margin %g mm and padding %g mm; "+
			"use positive counts and lengths", l.Columns, l.Rows, l.Margin, l.Padding)
	}
	l.width = (pageWidth - 2*l.Margin) / float64(l.Columns)
	l.height = (pageHeight - 2*l.Margin) / float64(l.Rows)
	// The QR code takes a square of the label's inner height, leaving the text at
	// least half the inner width.
	l.qrSide = min(l.height-2*l.Padding, (l.width-2*l.Padding)/2)
	if l.qrSide < minQRSide {
		return l, fmt.Errorf("label: labels of %.1f × %.1f mm are too small for a QR code of %g mm "+
			"and its text; use fewer columns or rows", l.width, l.height, minQRSide)
	}
	if _, err := l.Recovery.level(); err != nil {
		return l, err
	}
	return l, nil
}

// SheetWriter lays records out as labels on A4 pages: a QR code of the lookup URL on the
// left, and on the right the product name on up to three lines with the grouped code
// below it. It writes a PDF file per SheetOptions.LabelsPerFile labels, to a writer that
// create returns for each part, counting from 0. A SheetWriter is not safe for
// concurrent use.
//
// NOTE: the PDF library keeps a whole file in memory until it writes it, about 1 KiB per
// label, so LabelsPerFile bounds the memory.
type SheetWriter struct {
	layout sheetLayout
	links  Links
	create func(part int) (io.Writer, error)

	pdf    *fpdf.Fpdf
	ts     *typesetter
	part   int // index of the file being filled
	inFile int // labels in the file being filled
	url    []byte
}

// NewSheetWriter returns a writer of label sheets with lookup URLs from links.
func NewSheetWriter(links Links, opts SheetOptions, create func(part int) (io.Writer, error)) (*SheetWriter, error) {
	if links.IsZero() {
		return nil, errZeroLinks
	}
	layout, err := opts.layout()
	if err != nil {
		return nil, err
	}
	return &SheetWriter{layout: layout, links: links, create: create}, nil
}

// WriteSheet writes records as one PDF of label sheets to w, whatever
// opts.LabelsPerFile says.
func WriteSheet(w io.Writer, links Links, opts SheetOptions, records []Record) error {
	opts.LabelsPerFile = max(len(records), 1)
	sw, err := NewSheetWriter(links, opts, func(int) (io.Writer, error) { return w, nil })
	if err != nil {
		return err
	}
	if err := sw.WriteRecords(context.Background(), records); err != nil {
		return err
	}
	return sw.Close()
}

// WriteRecords adds a label per record; it implements [Sink].
func (sw *SheetWriter) WriteRecords(ctx context.Context, records []Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range records {
		if err := sw.Write(&records[i]); err != nil {
			return err
		}
	}
	return nil
}

// Write adds the label of one record. It fails with [ErrFontRequired] when the product
// name is not printable ASCII and SheetOptions.Font is nil.
func (sw *SheetWriter) Write(r *Record) error {
	hasFont := sw.layout.Font != nil
	if err := checkText(hasFont, "product name", r.Product); err != nil {
		return err
	}
	if sw.pdf == nil {
		pdf, err := newPDF(sw.layout.Font, sw.layout.Modified)
		if err != nil {
			return err
		}
		sw.pdf, sw.ts = pdf, newTypesetter(pdf, hasFont)
	}
	perPage := sw.layout.Columns * sw.layout.Rows
	slot := sw.inFile % perPage
	if slot == 0 {
		sw.pdf.AddPage()
	}
	col, row := slot%sw.layout.Columns, slot/sw.layout.Columns
	x := sw.layout.Margin + float64(col)*sw.layout.width
	y := sw.layout.Margin + float64(row)*sw.layout.height
	if err := sw.drawLabel(r, x, y); err != nil {
		return err
	}
	sw.inFile++
	if sw.inFile == sw.layout.LabelsPerFile {
		return sw.flushFile()
	}
	return nil
}

// Close writes the file being filled, if any.
func (sw *SheetWriter) Close() error {
	if sw.pdf == nil {
		return nil
	}
	return sw.flushFile()
}

func (sw *SheetWriter) flushFile() error {
	pdf := sw.pdf
	sw.pdf, sw.ts, sw.inFile = nil, nil, 0
	part := sw.part
	sw.part++
	w, err := sw.create(part)
	if err != nil {
		return fmt.Errorf("label: create label sheet file %d: %w", part, err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("label: write label sheet file %d: %w", part, err)
	}
	return nil
}

// drawLabel draws one label with its top left corner at (x, y).
func (sw *SheetWriter) drawLabel(r *Record, x, y float64) error {
	pdf, l := sw.pdf, sw.layout
	if l.Outline {
		pdf.SetDrawColor(190, 190, 190)
		pdf.SetLineWidth(0.1)
		pdf.Rect(x, y, l.width, l.height, "D")
	}
	side := l.qrSide
	sw.url = sw.links.AppendURL(sw.url[:0], r.Code)
	if err := drawQR(pdf, string(sw.url), l.Recovery, x+l.Padding, y+l.Padding, side); err != nil {
		return err
	}

	// The text column right of the QR code: product name at the top, code at the
	// bottom, in a size that fits the 19 characters of the grouped code.
	textX := x + l.Padding + side + 1.5
	textWidth := x + l.width - l.Padding - textX
	codeSize := min(11, textWidth*pointsPerMM/(mint.GroupedLen*0.6))
	productSize := min(10, codeSize+1.5)
	lineHeight := productSize / pointsPerMM * 1.25

	pdf.SetTextColor(0, 0, 0)
	top := y + l.Padding + 1
	for i, line := range sw.ts.wrap(r.Product, textWidth, productSize, 3) {
		sw.ts.draw(textX, top+float64(i+1)*lineHeight-lineHeight*0.25, line, productSize)
	}
	pdf.SetFont(codeFamily, "B", codeSize)
	pdf.Text(textX, y+l.height-l.Padding-1, r.Code.Grouped())
	return pdf.Error()
}
