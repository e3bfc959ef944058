package watersql

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeLists feeds stored list text, which a database or a hand edit may have
// changed, to every list decoder. A decoder must return an error or a list that
// encodes back to text that decodes to the same list.
func FuzzDecodeLists(f *testing.F) {
	for _, seed := range []string{
		`[{"code":"QD-P-0001","name":"二支渠口","lon":84.61,"lat":44.31,"method":"flume","meter":"QD-RTU1"}]`,
		`[[84.5,44.2],[84.5123456789,44.2100000001]]`,
		`["6542021010010100001"]`,
		`["0.00","10000.00","25000.50","0","0","0","0","0","0","0","0","1e3"]`,
		`[{"household":"654202101001010001","area":"120.5","per_mu":"300.0"}]`,
		`[{"band":0,"volume":"10500","price":"0.20","amount":"2100.00"}]`,
		`[{"name":"year_to_date","value":"110250.500","unit":"m3"}]`,
		`[]`, `null`, `[{"method":"nope"}]`, `["x"]`, `{`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if points, err := decodePoints(text); err == nil {
			again, err := encodePoints(points)
			require.NoError(t, err)
			back, err := decodePoints(again)
			require.NoError(t, err)
			assert.Equal(t, points, back, "points")
		}
		if path, err := decodePath(text); err == nil {
			again, err := encodePath(path)
			require.NoError(t, err)
			back, err := decodePath(again)
			require.NoError(t, err)
			assert.Equal(t, path, back, "path")
		}
		_, _ = decodePlots(text)
		_, _ = decodeMonthly(text)
		_, _ = decodeDecimals(text)
		_, _ = decodeShares(text)
		_, _ = decodeChargeLines(text)
		_, _ = decodeQuantities(text)
	})
}
