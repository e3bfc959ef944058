package landio

import (
	"archive/zip"
	"context"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeBombZip writes an archive whose file name states a decompressed
// size of declared bytes but holds only a few stored bytes, as a zip bomb
// looks to a reader before it decompresses anything.
func writeBombZip(t *testing.T, path, name string, declared uint64, extra map[string][]byte) {
	out, err := os.Create(path)
	require.NoError(t, err)
	defer out.Close()
	zw := zip.NewWriter(out)
	for n, data := range extra {
		w, err := zw.Create(n)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	body := []byte("only a few bytes")
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
		CompressedSize64: uint64(len(body)), UncompressedSize64: declared,
	})
	require.NoError(t, err)
	_, err = w.Write(body)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
}

func TestReadFileRejectsZipBomb(t *testing.T) {
	tiny := tinyShapefile(t)
	others := map[string][]byte{"plots.shp": tiny[".shp"], "plots.shx": tiny[".shx"]}
	dir := t.TempDir()
	shapefileBomb := filepath.Join(dir, "plots.zip")
	writeBombZip(t, shapefileBomb, "plots.dbf", 10<<30, others)
	kmzBomb := filepath.Join(dir, "walked.kmz")
	writeBombZip(t, kmzBomb, "doc.kml", 10<<30, nil)

	for _, path := range []string{shapefileBomb, kmzBomb} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			_, _, err := ReadFile(context.Background(), path, Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "(10737418240 bytes) would pass 1073741824 bytes read from the archive")
			assert.Contains(t, err.Error(), "raise Options.MaxUnzippedBytes")
		})
	}
}

func TestReadFileUnzipBudget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.zip")
	files := make(map[string][]byte)
	total := 0
	for ext, data := range tinyShapefile(t) {
		files["plots"+ext] = data
		total += len(data)
	}
	writeZip(t, path, files)

	tests := []struct {
		name    string
		max     int64
		wantErr bool
	}{
		{"default", 0, false},
		{"exact", int64(total), false},
		{"one byte short", int64(total - 1), true},
		{"no limit", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features, _, err := ReadFile(context.Background(), path, Options{MaxUnzippedBytes: tt.max})
			if tt.wantErr {
				assert.ErrorContains(t, err, "raise Options.MaxUnzippedBytes")
				return
			}
			require.NoError(t, err)
			assert.Len(t, features, 3)
		})
	}
}
