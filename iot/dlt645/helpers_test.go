package dlt645_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/dlt645"
)

// rawFrame builds a frame with a valid checksum around data, given without
// the 0x33 offset, so that tests can put impossible content in it.
func rawFrame(t testing.TB, addr string, c dlt645.Control, data ...byte) []byte {
	t.Helper()
	var f dlt645.Frame
	a, err := dlt645.ParseAddress(addr)
	require.NoError(t, err)
	f.Address, f.Control = a, c
	require.NoError(t, f.SetData(data))
	b, err := f.AppendBinary(nil)
	require.NoError(t, err)
	return b
}

func mustAddress(t testing.TB, s string) dlt645.Address {
	t.Helper()
	a, err := dlt645.ParseAddress(s)
	require.NoError(t, err)
	return a
}

func decode(t testing.TB, b []byte) *dlt645.Message {
	t.Helper()
	var m dlt645.Message
	require.NoError(t, m.UnmarshalBinary(b))
	return &m
}

// withSum sets the checksum of a frame without preamble after a test
// changed one of its bytes.
func withSum(b []byte) []byte {
	var sum byte
	for _, c := range b[:len(b)-2] {
		sum += c
	}
	b[len(b)-2] = sum
	return b
}
