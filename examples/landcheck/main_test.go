package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldsDir returns the folder of real field boundaries beside the repository.
func fieldsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "go.mod not found above the test directory")
		dir = parent
	}
	return filepath.Join(dir, "..", "shared", "testdata", "fields")
}

// decodeLines splits the command's output into feature and overlap records.
func decodeLines(t *testing.T, out []byte) ([]featureLine, []overlapLine) {
	t.Helper()
	var features []featureLine
	var overlaps []overlapLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.Contains(line, []byte(`"overlap_m2"`)) {
			var o overlapLine
			require.NoError(t, json.Unmarshal(line, &o))
			overlaps = append(overlaps, o)
			continue
		}
		var f featureLine
		require.NoError(t, json.Unmarshal(line, &f))
		features = append(features, f)
	}
	require.NoError(t, sc.Err())
	return features, overlaps
}

func TestRunRealFields(t *testing.T) {
	dir := fieldsDir(t)
	tests := []struct {
		file     string
		features int
	}{
		{"ai4sf_vietnam_tile1_sample.geojson", 100},
		{"ai4sf_vietnam_tile1_sample.gpkg", 100},
		{"ai4sf_cambodia_tile4_sample.gpkg", 100},
		{"india_10k_sample_shp.zip", 100},
		{"india_10k_sample.geojson", 100},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{filepath.Join(dir, tt.file)}, &stdout, &stderr)
			require.Equal(t, 0, code, "stderr: %s", stderr.String())

			features, overlaps := decodeLines(t, stdout.Bytes())
			require.Len(t, features, tt.features)
			assert.Empty(t, overlaps, "these fields only touch their neighbours")
			for i, f := range features {
				assert.Equal(t, i, f.Index)
				assert.True(t, f.Valid, "feature %d: %+v", i, f.Problems)
				assert.Greater(t, f.AreaM2, 100.0, "feature %d", i)
				assert.InDelta(t, f.AreaM2*15/10000, f.AreaMu, 1e-9, "feature %d", i)
			}
		})
	}
}

func TestRunOverlapsAndFaults(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{filepath.Join("testdata", "overlap.geojson")}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())

	features, overlaps := decodeLines(t, stdout.Bytes())
	require.Len(t, features, 4)
	assert.True(t, features[0].Valid)
	assert.True(t, features[1].Valid)
	assert.Equal(t, "6502030010010100101", features[0].ID)

	assert.False(t, features[2].Valid, "a bow-tie ring crosses itself")
	codes := make([]string, 0, len(features[2].Problems))
	for _, p := range features[2].Problems {
		codes = append(codes, p.Code)
	}
	assert.Contains(t, codes, "self_intersection")

	assert.False(t, features[3].Valid, "a line has no area")
	assert.Zero(t, features[3].AreaM2)

	require.Len(t, overlaps, 1)
	assert.Equal(t, [2]int{0, 1}, overlaps[0].Indexes)
	// The two squares share a strip 0.0005° wide and 0.001° high at 45.6°N:
	// about 38.96 m × 111.15 m.
	assert.InDelta(t, 4331, overlaps[0].OverlapM2, 15)
}

func TestRunErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.geojson")
	require.NoError(t, os.WriteFile(bad, []byte("not json"), 0o644))
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no file", []string{}, 2, "usage: landcheck"},
		{"missing file", []string{filepath.Join(t.TempDir(), "none.geojson")}, 1, "no such file"},
		{"unreadable content", []string{bad}, 1, "landcheck: "},
		{"bad rules", []string{"-rules", "iso", bad}, 2, `invalid -rules "iso"`},
		{"negative overlap", []string{"-min-overlap", "-1", bad}, 2, "invalid -min-overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			assert.Equal(t, tt.code, code)
			assert.True(t, strings.Contains(stderr.String(), tt.stderr), "stderr: %s", stderr.String())
			assert.Empty(t, stdout.String())
		})
	}
}
