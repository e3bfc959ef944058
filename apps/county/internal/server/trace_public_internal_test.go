package server

import "testing"

func TestAddressKey(t *testing.T) {
	tests := []struct{ host, want string }{
		{"192.0.2.7", "192.0.2.7"},
		{"::ffff:192.0.2.7", "::ffff:192.0.2.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb:cccc:dddd:eeee", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"not an address", "not an address"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := addressKey(tt.host); got != tt.want {
			t.Errorf("addressKey(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}
