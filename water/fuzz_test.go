package water_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

func TestLadderFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "ladders", "*.ladder"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, err := os.ReadFile(file)
			require.NoError(t, err)

			l, err := water.ParseLadder(string(text))
			require.NoError(t, err)
			assert.NoError(t, l.Validate())
		})
	}
}

func FuzzParseLadder(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "ladders", "*.ladder"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(text))
	}
	f.Add(overPlan)
	f.Add("[0,100) +0; [100,inf) ×2")
	f.Add("whole:[0,1]+0;(1,∞)+999999999.999999")
	f.Fuzz(func(t *testing.T, text string) {
		l, err := water.ParseLadder(text)
		if err != nil {
			return
		}
		if err := l.Validate(); err != nil {
			t.Fatalf("parsed ladder %q is not valid: %v", text, err)
		}
		again, err := water.ParseLadder(l.String())
		if err != nil {
			t.Fatalf("String %q of ladder %q does not parse: %v", l.String(), text, err)
		}
		if again.String() != l.String() {
			t.Fatalf("round trip of %q gave %q, want %q", text, again.String(), l.String())
		}
		ch, err := l.Charge(dec("10000"), dec("13000"), dec("0.2"))
		if err != nil {
			t.Fatalf("charge on ladder %q: %v", text, err)
		}
		// Rounding each line to fen may lose up to half a fen per line.
		slack := dec("0.005").Mul(decimal.NewFromInt(int64(len(ch.Lines))))
		if ch.Total.LessThan(ch.Base.Sub(slack)) {
			t.Fatalf("ladder %q charged %s, below the base %s", text, ch.Total, ch.Base)
		}
	})
}
