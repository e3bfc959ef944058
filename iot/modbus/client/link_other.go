//go:build !unix

package client

// drainBuffered discards nothing where non-blocking socket reads are not
// implemented.
//
// NOTE: so on such systems only a quiet drain, after a timeout, flushes
// the input of an RTU link over TCP.
func (l *netLink) drainBuffered() (int, error) { return 0, nil }
