package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// The forwarding headers that Config.ForwardedHeader may name.
const (
	// HeaderXForwardedFor is X-Forwarded-For: a comma-separated list of
	// addresses, to which each proxy appends the address of its own peer.
	HeaderXForwardedFor = "X-Forwarded-For"
	// HeaderForwarded is Forwarded of RFC 7239: comma-separated elements,
	// one per proxy, whose for= parameter is the address of its peer.
	HeaderForwarded = "Forwarded"
)

// ParseTrustedProxies reads a comma-separated list of networks in CIDR
// notation, such as "10.0.0.0/8, 2001:db8::/32", or of single addresses,
// which stand for a /32 or /128.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			a, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q is not an IP address or a network such as 10.0.0.0/8", item)
			}
			a = a.Unmap().WithZone("")
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy network %q is invalid, want CIDR notation such as 10.0.0.0/8: %v", item, err)
		}
		if p.Addr().Is4In6() {
			return nil, fmt.Errorf("trusted proxy network %q is IPv4-mapped, write it as an IPv4 network", item)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// clientAddress returns the IP address of the client of a request. It is
// the TCP peer's address, unless the peer is one of Config.TrustedProxies:
// then the forwarding header is read from the right, past every hop that is
// a trusted proxy too, and the first other hop is the client. Each trusted
// proxy vouches only for the hop to its left, so the hops further left, which
// the client may have written, are never read.
func (s *Server) clientAddress(r *http.Request) string {
	host := peerHost(r.RemoteAddr)
	if len(s.cfg.TrustedProxies) == 0 {
		return host
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(peer) {
		return host
	}
	var hops []string
	if strings.EqualFold(s.cfg.ForwardedHeader, HeaderForwarded) {
		hops = forwardedFor(r.Header.Values(HeaderForwarded))
	} else {
		for _, v := range r.Header.Values(HeaderXForwardedFor) {
			hops = append(hops, strings.Split(v, ",")...)
		}
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			// A trusted proxy wrote a hop that is not an address, such as
			// "unknown": the proxy to its right is as far as the chain holds.
			break
		}
		client = hop
		if !s.trustedProxy(hop) {
			break
		}
	}
	return client.String()
}

// trustedProxy reports whether a lies in one of Config.TrustedProxies.
func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peerHost returns the host of a RemoteAddr of the form host:port, or the
// whole of it when it has no port.
func peerHost(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// parseHop reads one hop of a forwarding header: an IPv4 address, an IPv6
// address in brackets or not, either with a port or not. It returns the
// address without port, zone or IPv4 mapping.
func parseHop(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	a, err := netip.ParseAddr(hop)
	if err != nil {
		ap, perr := netip.ParseAddrPort(hop)
		if perr == nil {
			a, err = ap.Addr(), nil
		} else if inner, ok := strings.CutPrefix(hop, "["); ok {
			if inner, ok = strings.CutSuffix(inner, "]"); ok {
				a, err = netip.ParseAddr(inner)
			}
		}
	}
	if err != nil || !a.IsValid() {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// forwardedFor returns the for= node of each element of Forwarded header
// lines (RFC 7239, section 4), in order. An element without one gives an
// empty node, which is not an address and so ends the walk.
func forwardedFor(lines []string) []string {
	var nodes []string
	for _, line := range lines {
		for _, element := range splitQuoted(line, ',') {
			node := ""
			for _, pair := range splitQuoted(element, ';') {
				name, value, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(strings.TrimSpace(name), "for") {
					node = unquote(strings.TrimSpace(value))
				}
			}
			nodes = append(nodes, node)
		}
	}
	return nodes
}

// splitQuoted splits s at sep outside of quoted strings, in which a
// backslash escapes the next character (RFC 9110, section 5.6.4).
func splitQuoted(s string, sep byte) []string {
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote returns the content of a quoted string with its escapes removed,
// or s itself when it is not quoted.
func unquote(s string) string {
	inner, ok := strings.CutPrefix(s, `"`)
	if !ok {
		return s
	}
	inner, ok = strings.CutSuffix(inner, `"`)
	if !ok {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' && i+1 < len(inner) {
			i++
		}
		b.WriteByte(inner[i])
	}
	return b.String()
}
