package shapefile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzReadShapefile decodes arbitrary .shp, .shx and .dbf bytes. Decoding
// must not panic, and a record either has an error or a geometry whose
// coordinate count matches its layout.
func FuzzReadShapefile(f *testing.F) {
	tiny, err := tinyLayer().Encode()
	require.NoError(f, err)
	f.Add(tiny.SHP, tiny.SHX, tiny.DBF)
	f.Add(tiny.SHP, []byte(nil), []byte(nil))

	z, err := zip.OpenReader(filepath.Join(fieldsDir(f), "india_10k_sample_shp.zip"))
	require.NoError(f, err)
	defer z.Close()
	var india [3][]byte
	for i, ext := range []string{".shp", ".shx", ".dbf"} {
		india[i], err = fs.ReadFile(z, "india_10k"+ext)
		require.NoError(f, err)
	}
	// The first three records keep the seed small.
	shxLen := 100 + 3*8
	end := 2*int(binary.BigEndian.Uint32(india[1][shxLen-8:])) + 8 + 2*int(binary.BigEndian.Uint32(india[1][shxLen-4:]))
	f.Add(india[0][:end], india[1][:shxLen], india[2][:min(len(india[2]), 300)])

	f.Fuzz(func(t *testing.T, shp, shx, dbf []byte) {
		l, err := Decode("fuzz", Files{SHP: shp, SHX: shx, DBF: dbf}, Options{})
		if err != nil {
			return
		}
		for _, r := range l.Records {
			if r.Err != nil || r.Geometry == nil {
				continue
			}
			if stride := r.Geometry.Stride(); len(r.Geometry.FlatCoords())%stride != 0 {
				t.Fatalf("record %d: %d coordinates for stride %d", r.Number, len(r.Geometry.FlatCoords()), stride)
			}
		}
	})
}

// FuzzDetectEPSG parses arbitrary .prj text.
func FuzzDetectEPSG(f *testing.F) {
	f.Add(cgcs2000GK38)
	f.Add(geogWGS84)
	f.Add(transverseMercator("WGS_1984_UTM_Zone_48N", geogWGS84, 500000, 0, 105, 0.9996))
	f.Fuzz(func(t *testing.T, wkt string) {
		code, err := DetectEPSG(wkt)
		if err == nil && code <= 0 {
			t.Fatalf("got code %d without an error", code)
		}
	})
}

// TestDecodeEveryPrefix decodes every prefix and every one-byte change of
// the tiny layer's .shp, .shx and .dbf, a deterministic complement to
// FuzzReadShapefile.
func TestDecodeEveryPrefix(t *testing.T) {
	tiny, err := tinyLayer().Encode()
	require.NoError(t, err)
	for part := range 3 {
		for n := range len([][]byte{tiny.SHP, tiny.SHX, tiny.DBF}[part]) {
			for _, flip := range []bool{false, true} {
				f := Files{SHP: bytes.Clone(tiny.SHP), SHX: bytes.Clone(tiny.SHX), DBF: bytes.Clone(tiny.DBF)}
				target := [](*[]byte){&f.SHP, &f.SHX, &f.DBF}[part]
				if flip {
					(*target)[n] ^= 0xff
				} else {
					*target = (*target)[:n]
				}
				l, err := Decode("tiny", f, Options{})
				if err != nil {
					continue
				}
				for _, r := range l.Records {
					if r.Geometry != nil {
						_ = r.Geometry.Bounds()
					}
				}
			}
		}
	}
}
