package bulk

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/water"
)

// FuzzImportCSV feeds arbitrary bytes to the wells and plans imports as dry
// runs on memory stores: neither may panic, and every rejected row must name
// its line.
func FuzzImportCSV(f *testing.F) {
	for _, name := range []string{"testdata/wells.csv", "testdata/plans.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("code,kind\n\"unterminated\n"))
	f.Add([]byte("\xEF\xBB\xBFwell,year,annual_m3\nW,2026,1e9\n"))
	s := Stores{Water: water.NewMemoryStore(time.Now)}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, run := range []func(context.Context, Stores, *bytes.Reader, Options) (*Report, error){
			func(ctx context.Context, s Stores, r *bytes.Reader, o Options) (*Report, error) {
				return ImportWells(ctx, s, r, o)
			},
			func(ctx context.Context, s Stores, r *bytes.Reader, o Options) (*Report, error) {
				return ImportPlans(ctx, s, r, o)
			},
		} {
			rep, err := run(context.Background(), s, bytes.NewReader(data), Options{DryRun: true})
			if err != nil {
				continue
			}
			for _, p := range rep.Rejected {
				if p.Record == "" || p.Message == "" {
					t.Errorf("rejection without record or message: %+v", p)
				}
			}
			if rep.Imported()+len(rep.Rejected) != rep.Read {
				t.Errorf("read %d, imported %d, rejected %d", rep.Read, rep.Imported(), len(rep.Rejected))
			}
		}
	})
}
