package server

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies, err := ParseTrustedProxies("10.0.0.0/8, 2001:db8:ffff::/48, 192.0.2.10")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		header  string // ForwardedHeader
		peer    string
		xff     []string
		fwd     []string
		want    string
	}{
		{"no proxies", nil, "", "198.51.100.7:4000", []string{"1.2.3.4"}, nil, "198.51.100.7"},
		{"untrusted peer spoofs", proxies, "", "198.51.100.7:4000", []string{"1.2.3.4"}, []string{"for=1.2.3.4"}, "198.51.100.7"},
		{"trusted peer", proxies, "", "10.0.0.1:4000", []string{"203.0.113.5"}, nil, "203.0.113.5"},
		{"single trusted address", proxies, "", "192.0.2.10:4000", []string{"203.0.113.5"}, nil, "203.0.113.5"},
		{"rightmost untrusted hop", proxies, "", "10.0.0.1:4000", []string{"6.6.6.6, 203.0.113.5, 10.0.0.2"}, nil, "203.0.113.5"},
		{"hops over two lines", proxies, "", "10.0.0.1:4000", []string{"6.6.6.6", "203.0.113.5,10.0.0.2"}, nil, "203.0.113.5"},
		{"every hop trusted", proxies, "", "10.0.0.1:4000", []string{"10.0.0.3, 10.0.0.2"}, nil, "10.0.0.3"},
		{"no header", proxies, "", "10.0.0.1:4000", nil, nil, "10.0.0.1"},
		{"garbage hop", proxies, "", "10.0.0.1:4000", []string{"203.0.113.5, unknown"}, nil, "10.0.0.1"},
		{"garbage left of a trusted hop", proxies, "", "10.0.0.1:4000", []string{"junk, 10.0.0.2"}, nil, "10.0.0.2"},
		{"hop with port", proxies, "", "10.0.0.1:4000", []string{"203.0.113.5:5555"}, nil, "203.0.113.5"},
		{"IPv6 hop in brackets", proxies, "", "10.0.0.1:4000", []string{"[2001:db8::5]:443"}, nil, "2001:db8::5"},
		{"IPv6 trusted peer", proxies, "", "[2001:db8:ffff::1]:4000", []string{"2001:db8::5"}, nil, "2001:db8::5"},
		{"mapped IPv4 peer", proxies, "", "[::ffff:10.0.0.1]:4000", []string{"203.0.113.5"}, nil, "203.0.113.5"},
		{"mapped IPv4 hop", proxies, "", "10.0.0.1:4000", []string{"::ffff:203.0.113.5"}, nil, "203.0.113.5"},
		{"Forwarded ignored by default", proxies, "", "10.0.0.1:4000", nil, []string{"for=203.0.113.5"}, "10.0.0.1"},
		{"Forwarded", proxies, HeaderForwarded, "10.0.0.1:4000", []string{"6.6.6.6"}, []string{"for=203.0.113.5;proto=https"}, "203.0.113.5"},
		{"Forwarded chain", proxies, HeaderForwarded, "10.0.0.1:4000", nil,
			[]string{`for=6.6.6.6, for="[2001:db8::5]:4711";by=10.0.0.2`, "For=10.0.0.2"}, "2001:db8::5"},
		{"Forwarded quoted comma", proxies, HeaderForwarded, "10.0.0.1:4000", nil,
			[]string{`for="6.6.6.6, 7.7.7.7";x="a\"b", for=203.0.113.5`}, "203.0.113.5"},
		{"Forwarded unknown", proxies, HeaderForwarded, "10.0.0.1:4000", nil, []string{"for=203.0.113.5, for=unknown"}, "10.0.0.1"},
		{"Forwarded without for", proxies, HeaderForwarded, "10.0.0.1:4000", nil, []string{"for=203.0.113.5, proto=http"}, "10.0.0.1"},
		{"Forwarded lower case", proxies, "forwarded", "10.0.0.1:4000", nil, []string{"for=203.0.113.5"}, "203.0.113.5"},
		{"peer without port", proxies, "", "10.0.0.1", []string{"203.0.113.5"}, nil, "203.0.113.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Server{cfg: Config{TrustedProxies: tt.trusted, ForwardedHeader: tt.header}}
			r := httptest.NewRequest("GET", "/t/X", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			for _, v := range tt.fwd {
				r.Header.Add("Forwarded", v)
			}
			if got := s.clientAddress(r); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.1.2.3/8 ,,::1, 2001:db8::/32")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "::1/128", "2001:db8::/32"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("item %d: got %s, want %s", i, got[i], want[i])
		}
	}
	if got, err := ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty list: got %v, %v", got, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.cn", "10.0.0.0/8,x", "::ffff:10.0.0.0/104"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q: got nil error", bad)
		}
	}
}

// FuzzClientAddress checks that any forwarding headers from a trusted peer
// give a valid IP address.
func FuzzClientAddress(f *testing.F) {
	f.Add("203.0.113.5, 10.0.0.2", `for="[2001:db8::5]:4711";by=x, for=unknown`)
	f.Add("[::1]:80,,", `for="\`)
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	f.Fuzz(func(t *testing.T, xff, fwd string) {
		for _, header := range []string{HeaderXForwardedFor, HeaderForwarded} {
			s := &Server{cfg: Config{TrustedProxies: proxies, ForwardedHeader: header}}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = "10.0.0.1:1"
			r.Header.Set("X-Forwarded-For", xff)
			r.Header.Set("Forwarded", fwd)
			got := s.clientAddress(r)
			if _, err := netip.ParseAddr(got); err != nil {
				t.Errorf("%s: client address %q is not an IP address", header, got)
			}
		}
	})
}
