package shapefile

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func BenchmarkDecodeIndia(b *testing.B) {
	z, err := zip.OpenReader(filepath.Join(fieldsDir(b), "india_10k_sample_shp.zip"))
	require.NoError(b, err)
	defer z.Close()
	var files Files
	for _, f := range z.File {
		rc, err := f.Open()
		require.NoError(b, err)
		data, err := io.ReadAll(rc)
		require.NoError(b, err)
		rc.Close()
		switch filepath.Ext(f.Name) {
		case ".shp":
			files.SHP = data
		case ".shx":
			files.SHX = data
		case ".dbf":
			files.DBF = data
		case ".prj":
			files.PRJ = data
		}
	}
	b.SetBytes(int64(len(files.SHP) + len(files.DBF)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode("india_10k", files, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadZip(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fieldsDir(b), "india_10k_sample_shp.zip"))
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ReadAll(zr, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
