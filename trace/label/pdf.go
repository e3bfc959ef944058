package label

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// ErrFontRequired is wrapped by the PDF writers when text other than printable ASCII
// meets a writer without a font. Pass a TrueType font with CJK glyphs in the options.
var ErrFontRequired = errors.New("label: text needs a font with its glyphs")

// Names under which the PDF writers register their fonts.
const (
	textFamily  = "text"      // the caller's font, for all but ASCII
	asciiFamily = "Helvetica" // a core font, for ASCII
	codeFamily  = "Courier"   // a core font: codes are ASCII
)

// A4 page size in millimetres.
const (
	pageWidth  = 210.0
	pageHeight = 297.0
)

// pointsPerMM converts font sizes in points to millimetres and back.
const pointsPerMM = 72 / 25.4

// newPDF returns an A4 portrait document in millimetres with no automatic page breaks
// and the caller's font, if any, registered as textFamily. modified fixes the
// document's dates, so that equal input gives equal files; zero means now.
func newPDF(font []byte, modified time.Time) (*fpdf.Fpdf, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	pdf.SetCreator("Shuxiang trace/label", false)
	if !modified.IsZero() {
		pdf.SetCreationDate(modified)
		pdf.SetModificationDate(modified)
	}
	if font != nil {
		if err := loadFont(pdf, font); err != nil {
			return nil, err
		}
	}
	return pdf, nil
}

// loadFont registers font as textFamily. It checks the file's signature first and turns
// a panic of the PDF library's font parser on a damaged file into an error.
func loadFont(pdf *fpdf.Fpdf, font []byte) (err error) {
	if len(font) < 12 {
		return fmt.Errorf("label: font of %d bytes is not a TrueType file", len(font))
	}
	switch sig := string(font[:4]); sig {
	case "\x00\x01\x00\x00", "true":
	case "ttcf":
		return fmt.Errorf("label: font is a TrueType collection (.ttc); pass a single .ttf file")
	case "OTTO":
		return fmt.Errorf("label: font is OpenType with CFF outlines (.otf); pass a TrueType (.ttf) file")
	default:
		return fmt.Errorf("label: font starts with %q, not a TrueType signature; pass a .ttf file", sig)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("label: load font: the file is damaged (%v)", r)
		}
	}()
	pdf.AddUTF8FontFromBytes(textFamily, "", font)
	pdf.SetFont(textFamily, "", 10)
	pdf.GetStringWidth("香梨 pear")
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("label: load font: %w; pass a TrueType (.ttf) file", err)
	}
	return nil
}

// checkText returns an error wrapping [ErrFontRequired] when s contains anything but
// printable ASCII and there is no font. field names s in the message.
func checkText(hasFont bool, field, s string) error {
	if hasFont {
		return nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return fmt.Errorf("%w: %s %q has characters beyond printable ASCII; set the Font "+
				"option to a TrueType font with CJK glyphs, such as DroidSansFallbackFull.ttf "+
				"from Debian's fonts-droid-fallback", ErrFontRequired, field, s)
		}
	}
	return nil
}

// drawQR draws a QR code of text as filled squares with its quiet zone in a side × side
// square at (x, y), in millimetres. It merges the dark modules of a row into one
// rectangle per run, which keeps the page small.
func drawQR(pdf *fpdf.Fpdf, text string, r Recovery, x, y, side float64) error {
	q, err := newQR(text, r)
	if err != nil {
		return err
	}
	drawBitmap(pdf, q, x, y, side)
	return nil
}

func drawBitmap(pdf *fpdf.Fpdf, q *qrcode.QRCode, x, y, side float64) {
	bitmap := q.Bitmap()
	module := side / float64(len(bitmap))
	pdf.SetFillColor(0, 0, 0)
	for row, line := range bitmap {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			pdf.Rect(x+float64(start)*module, y+float64(row)*module, float64(col-start)*module, module, "F")
		}
	}
}

// typesetter sets text in two fonts: printable ASCII in the core font Helvetica and
// everything else in the caller's font. CJK fonts such as Droid Sans Fallback have no
// Latin glyphs, and Helvetica has no CJK ones, so neither font alone prints a name
// such as "库尔勒香梨 5 kg".
type typesetter struct {
	pdf     *fpdf.Fpdf
	hasFont bool
	widths  map[rune]float64 // advance width of a rune at 1 pt, in mm
}

func newTypesetter(pdf *fpdf.Fpdf, hasFont bool) *typesetter {
	return &typesetter{pdf: pdf, hasFont: hasFont, widths: make(map[rune]float64)}
}

// isASCII reports whether r prints in the core font.
func isASCII(r rune) bool { return r >= 0x20 && r <= 0x7E }

// setFont selects the font that prints r at size points.
func (ts *typesetter) setFont(r rune, size float64) {
	if isASCII(r) || !ts.hasFont {
		ts.pdf.SetFont(asciiFamily, "", size)
		return
	}
	ts.pdf.SetFont(textFamily, "", size)
}

// runeWidth returns the advance width of r at size points in mm.
func (ts *typesetter) runeWidth(r rune, size float64) float64 {
	w, ok := ts.widths[r]
	if !ok {
		// Measured at 100 pt for precision.
		ts.setFont(r, 100)
		w = ts.pdf.GetStringWidth(string(r)) / 100
		ts.widths[r] = w
	}
	return w * size
}

// width returns the width of s at size points in mm.
func (ts *typesetter) width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		w += ts.runeWidth(r, size)
	}
	return w
}

// draw sets s on the baseline y from x at size points, switching fonts between runs of
// ASCII and other text.
func (ts *typesetter) draw(x, y float64, s string, size float64) {
	for len(s) > 0 {
		first, _ := utf8.DecodeRuneInString(s)
		ascii := isASCII(first)
		end := strings.IndexFunc(s, func(r rune) bool { return isASCII(r) != ascii })
		if end < 0 {
			end = len(s)
		}
		run := s[:end]
		ts.setFont(first, size)
		ts.pdf.Text(x, y, run)
		x += ts.width(run, size)
		s = s[end:]
	}
}

// wrap splits s into at most maxLines lines no wider than width at size points. Lines
// break after spaces and after characters beyond ASCII, such as CJK ones, or anywhere in a word too long for a
// line. When s does not fit, the last line ends with "...".
func (ts *typesetter) wrap(s string, width, size float64, maxLines int) []string {
	var lines []string
	for s != "" && len(lines) < maxLines {
		s = strings.TrimLeft(s, " ")
		cut := ts.lineEnd(s, width, size)
		lines = append(lines, strings.TrimRight(s[:cut], " "))
		s = s[cut:]
	}
	if strings.TrimSpace(s) == "" {
		return lines
	}
	last := lines[len(lines)-1]
	for last != "" && ts.width(last+"...", size) > width {
		_, n := utf8.DecodeLastRuneInString(last)
		last = last[:len(last)-n]
	}
	lines[len(lines)-1] = last + "..."
	return lines
}

// lineEnd returns the byte offset in s where its first line ends.
func (ts *typesetter) lineEnd(s string, width, size float64) int {
	var w float64
	lastBreak := 0
	for i, r := range s {
		w += ts.runeWidth(r, size)
		if w > width {
			if lastBreak > 0 {
				return lastBreak
			}
			return max(i, utf8.RuneLen(r))
		}
		if r == ' ' || !isASCII(r) {
			lastBreak = i + utf8.RuneLen(r)
		}
	}
	return len(s)
}
