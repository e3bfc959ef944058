package client

import (
	"net"
	"testing"
	"time"
)

// TestDrainContinuousNoise checks that draining a line that never goes
// quiet ends.
func TestDrainContinuousNoise(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
				c.Write([]byte{0x55})
			}
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	l := &netLink{Conn: c}
	n, err := l.drain(t.Context(), 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("drained no bytes, want the noise discarded")
	}
}

func TestSilence(t *testing.T) {
	tests := []struct {
		baud int
		want time.Duration
	}{
		{1200, 32083 * time.Microsecond},
		{9600, 4010 * time.Microsecond},
		{19200, 2005 * time.Microsecond},
		{38400, 1750 * time.Microsecond},
		{115200, 1750 * time.Microsecond},
		{0, 1750 * time.Microsecond},
	}
	for _, tt := range tests {
		if got := Silence(tt.baud); got != tt.want {
			t.Errorf("Silence(%d) = %v, want %v", tt.baud, got, tt.want)
		}
	}
}
