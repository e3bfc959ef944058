package sl651

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMessageJSON(t *testing.T) {
	for name, m := range roundTripCases() {
		t.Run(name, func(t *testing.T) {
			f, err := m.AppendFrame(nil, Options{})
			require.NoError(t, err)
			got, err := Decode(f)
			require.NoError(t, err)
			_, err = json.Marshal(got)
			require.NoError(t, err)
		})
	}
}

func TestMessageJSONFields(t *testing.T) {
	m, err := Decode(mustHex(t, timedReport))
	require.NoError(t, err)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var out struct {
		Header struct {
			Function string `json:"function"`
			Password string `json:"password"`
		} `json:"header"`
		Elements []struct {
			ID    string          `json:"id"`
			Value json.RawMessage `json:"value"`
			Unit  string          `json:"unit"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, "0x32 timed report", out.Header.Function)
	assert.Equal(t, "A000", out.Header.Password)
	require.Len(t, out.Elements, 10)
	assert.Equal(t, "Z", out.Elements[2].ID)
	assert.Equal(t, "0.138", string(out.Elements[2].Value), "exact decimal")
	assert.Equal(t, "m", out.Elements[2].Unit)
}
