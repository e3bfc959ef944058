package szy206

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
	m, err := Decode(mustHex(t, "681568B34406070001C0AAAAAAAAAA004040000000000101E516"))
	require.NoError(t, err)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var out struct {
		Header struct {
			AFN     string `json:"afn"`
			Address struct {
				Region  string `json:"region"`
				Station int    `json:"station"`
			} `json:"address"`
		} `json:"header"`
		Items []struct {
			Quantity string          `json:"quantity"`
			Value    json.RawMessage `json:"value"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, "C0 self-report", out.Header.AFN)
	assert.Equal(t, "440607", out.Header.Address.Region)
	assert.Equal(t, 256, out.Header.Address.Station)
	require.Len(t, out.Items, 2)
	assert.Equal(t, "null", string(out.Items[0].Value), "no data")
	assert.Equal(t, "404000", string(out.Items[1].Value))
}
