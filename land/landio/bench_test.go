package landio

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func BenchmarkReadGeoJSON(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fieldsDir(b), "india_10k_sample.geojson"))
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadGeoJSON(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadFileShapefileZip(b *testing.B) {
	path := filepath.Join(fieldsDir(b), "india_10k_sample_shp.zip")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadFile(context.Background(), path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadWKB(b *testing.B) {
	features, _, err := ReadGeoJSON(bytes.NewReader(mustRead(b, filepath.Join(fieldsDir(b), "india_10k_sample.geojson"))), Options{})
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, WriteWKB(&buf, features, binary.LittleEndian))
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadWKB(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func mustRead(b *testing.B, path string) []byte {
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	return data
}
