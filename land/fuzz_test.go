package land_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/land"
)

func FuzzParseDate(f *testing.F) {
	for _, seed := range []string{"2024-02-29", "2023-02-29", "1998-01-01", "", "0000-00-00", "2024-13-01"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := land.ParseDate(s)
		if err != nil {
			return
		}
		back, err := land.ParseDate(d.String())
		if err != nil {
			t.Fatalf("ParseDate(%q) = %v, but its String %q does not parse: %v", s, d, d.String(), err)
		}
		if back != d {
			t.Fatalf("round trip of %q: got %v, want %v", s, back, d)
		}
	})
}

func FuzzParseUse(f *testing.F) {
	for _, seed := range []string{"0102", "01", "012", "1204", " 1107", "99", "", "01020"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if u, err := land.ParseUse(s); err == nil {
			if u.Name() == "" || u.Level() == 0 {
				t.Fatalf("ParseUse(%q) = %q without a name or level", s, u)
			}
		}
		if u, err := land.ParseUse2007(s); err == nil {
			if err := u.Use().Validate(); err != nil {
				t.Fatalf("ParseUse2007(%q) = %q maps to an invalid class: %v", s, u, err)
			}
		}
	})
}

func FuzzParseEnums(f *testing.F) {
	for _, seed := range []string{"contracted", "10", "whole_year", "drip", "", "unknown", "RENT"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := land.ParseCategory(s); err == nil && c != 0 {
			if back, err := land.ParseCategory(c.String()); err != nil || back != c {
				t.Fatalf("category %q: round trip gave %v, %v", s, back, err)
			}
		}
		if m, err := land.ParseTransferMethod(s); err == nil && m != 0 {
			if back, err := land.ParseTransferMethod(m.String()); err != nil || back != m {
				t.Fatalf("transfer method %q: round trip gave %v, %v", s, back, err)
			}
		}
		if v, err := land.ParseSeason(s); err == nil && v != 0 && v.Validate() != nil {
			t.Fatalf("season %q parsed to invalid %v", s, v)
		}
	})
}
