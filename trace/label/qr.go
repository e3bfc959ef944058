package label

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strconv"

	qrcode "github.com/skip2/go-qrcode"
)

// Recovery is the error correction level of a QR code (ISO/IEC 18004): the share of
// damaged modules that a reader can still recover.
type Recovery int

// The error correction levels. The zero value is [RecoveryMedium].
const (
	RecoveryMedium   Recovery = iota // about 15%
	RecoveryLow                      // about 7%
	RecoveryQuartile                 // about 25%
	RecoveryHigh                     // about 30%
)

// String returns the level's letter: L, M, Q or H.
func (r Recovery) String() string {
	switch r {
	case RecoveryLow:
		return "L"
	case RecoveryMedium:
		return "M"
	case RecoveryQuartile:
		return "Q"
	case RecoveryHigh:
		return "H"
	}
	return "Recovery(" + strconv.Itoa(int(r)) + ")"
}

func (r Recovery) level() (qrcode.RecoveryLevel, error) {
	switch r {
	case RecoveryLow:
		return qrcode.Low, nil
	case RecoveryMedium:
		return qrcode.Medium, nil
	case RecoveryQuartile:
		return qrcode.High, nil
	case RecoveryHigh:
		return qrcode.Highest, nil
	}
	return 0, fmt.Errorf("label: unknown QR error correction level %d; use RecoveryLow to RecoveryHigh", int(r))
}

// newQR encodes text as a QR code with its quiet zone of 4 modules.
func newQR(text string, r Recovery) (*qrcode.QRCode, error) {
	level, err := r.level()
	if err != nil {
		return nil, err
	}
	q, err := qrcode.New(text, level)
	if err != nil {
		return nil, fmt.Errorf("label: QR code of %q: %w", text, err)
	}
	return q, nil
}

// DefaultPNGSize is the width and height in pixels of a QR code PNG when
// QROptions.Size is zero.
const DefaultPNGSize = 256

// QROptions tunes the QR code images.
type QROptions struct {
	// Recovery is the error correction level; the zero value is RecoveryMedium.
	Recovery Recovery
	// Size is the PNG's width and height in pixels, quiet zone included; 0 means
	// [DefaultPNGSize]. A size below the number of modules is raised to it.
	Size int
}

// WriteQRPNG writes a QR code of text to w as a black and white PNG.
func WriteQRPNG(w io.Writer, text string, opts QROptions) error {
	q, err := newQR(text, opts.Recovery)
	if err != nil {
		return err
	}
	size := opts.Size
	if size <= 0 {
		size = DefaultPNGSize
	}
	if err := q.Write(size, w); err != nil {
		return fmt.Errorf("label: write QR PNG: %w", err)
	}
	return nil
}

// PNGArchive writes a ZIP archive with one QR code PNG per record, carrying the
// record's lookup URL. Each file is named by batch and serial, such as
// "0000012-0000345.png", because the check symbol * may not stand in a Windows file
// name; the CSV export maps those numbers to codes. Call Close at the end. A PNGArchive
// is not safe for concurrent use.
//
// NOTE: the ZIP writer keeps a directory entry of a few hundred bytes per file in memory
// until Close, so split runs of hundreds of thousands of codes into several archives.
type PNGArchive struct {
	zw    *zip.Writer
	links Links
	opts  QROptions
	name  []byte
	url   []byte
}

// NewPNGArchive returns an archive written to w.
func NewPNGArchive(w io.Writer, links Links, opts QROptions) (*PNGArchive, error) {
	if links.IsZero() {
		return nil, errZeroLinks
	}
	if _, err := opts.Recovery.level(); err != nil {
		return nil, err
	}
	return &PNGArchive{zw: zip.NewWriter(w), links: links, opts: opts}, nil
}

// WriteRecords adds a PNG per record; it implements [Sink].
func (a *PNGArchive) WriteRecords(ctx context.Context, records []Record) error {
	for i := range records {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.Write(&records[i]); err != nil {
			return err
		}
	}
	return nil
}

// Write adds the PNG of one record.
func (a *PNGArchive) Write(r *Record) error {
	a.name = appendPadded(a.name[:0], r.ID.Batch, 7)
	a.name = append(a.name, '-')
	a.name = appendPadded(a.name, r.ID.Serial, 7)
	a.name = append(a.name, ".png"...)
	// PNG data does not compress further, so the entries are stored.
	f, err := a.zw.CreateHeader(&zip.FileHeader{Name: string(a.name), Method: zip.Store})
	if err != nil {
		return fmt.Errorf("label: write PNG archive: %w", err)
	}
	a.url = a.links.AppendURL(a.url[:0], r.Code)
	return WriteQRPNG(f, string(a.url), a.opts)
}

// Close finishes the archive. It does not close the underlying writer.
func (a *PNGArchive) Close() error {
	if err := a.zw.Close(); err != nil {
		return fmt.Errorf("label: write PNG archive: %w", err)
	}
	return nil
}

// appendPadded appends n in decimal with leading zeros to width digits.
func appendPadded(dst []byte, n uint32, width int) []byte {
	var digits [10]byte
	s := strconv.AppendUint(digits[:0], uint64(n), 10)
	for range width - len(s) {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}
