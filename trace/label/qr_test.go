package label

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads the QR code in a PNG back to its text with the ZXing port.
func decodeQR(t *testing.T, pngData []byte) (string, image.Rectangle) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pngData))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	bitmap, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	result, err := zxingqr.NewQRCodeReader().Decode(bitmap, nil)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	return result.GetText(), img.Bounds()
}

func TestWriteQRPNGDecodes(t *testing.T) {
	records := testRecords(t, 1, "")
	url := testLinks(t).URL(records[0].Code)
	levels := []Recovery{RecoveryLow, RecoveryMedium, RecoveryQuartile, RecoveryHigh}
	for _, level := range levels {
		for _, size := range []int{0, 120, 400} {
			t.Run(fmt.Sprintf("%s/%d", level, size), func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteQRPNG(&buf, url, QROptions{Recovery: level, Size: size}); err != nil {
					t.Fatal(err)
				}
				text, bounds := decodeQR(t, buf.Bytes())
				if text != url {
					t.Fatalf("QR code carries %q, want %q", text, url)
				}
				want := size
				if size == 0 {
					want = DefaultPNGSize
				}
				if bounds.Dx() != want || bounds.Dy() != want {
					t.Fatalf("image is %v, want %d × %d", bounds.Size(), want, want)
				}
			})
		}
	}
}

func TestWriteQRPNGRejects(t *testing.T) {
	if err := WriteQRPNG(io.Discard, "x", QROptions{Recovery: 9}); err == nil {
		t.Error("WriteQRPNG accepted recovery level 9")
	}
	if err := WriteQRPNG(io.Discard, string(make([]byte, 4000)), QROptions{}); err == nil {
		t.Error("WriteQRPNG accepted 4,000 bytes, more than a QR code holds")
	}
}

func TestPNGArchive(t *testing.T) {
	records := testRecords(t, 12, "pear")
	var buf bytes.Buffer
	a, err := NewPNGArchive(&buf, testLinks(t), QROptions{Size: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.WriteRecords(context.Background(), records); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(records) {
		t.Fatalf("archive has %d files, want %d", len(zr.File), len(records))
	}
	for i, f := range zr.File {
		if want := fmt.Sprintf("0000005-%07d.png", i); f.Name != want {
			t.Fatalf("file %d is named %q, want %q", i, f.Name, want)
		}
	}
	// Decode the first and the last.
	for _, i := range []int{0, len(records) - 1} {
		rc, err := zr.File[i].Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		text, _ := decodeQR(t, data)
		if want := testLinks(t).URL(records[i].Code); text != want {
			t.Fatalf("file %d carries %q, want %q", i, text, want)
		}
	}
}

func TestRecoveryString(t *testing.T) {
	for r, want := range map[Recovery]string{RecoveryLow: "L", RecoveryMedium: "M",
		RecoveryQuartile: "Q", RecoveryHigh: "H", 7: "Recovery(7)"} {
		if got := r.String(); got != want {
			t.Errorf("Recovery(%d).String() = %q, want %q", int(r), got, want)
		}
	}
}
