package trace_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/mint"
)

func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91512081ma62k0260e", "", "IIIIIIIIIIIIIIIIII", "9135010"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := trace.ParseCreditCode(s)
		if err != nil {
			return
		}
		if err := code.Validate(); err != nil {
			t.Fatalf("parsed %q to %q, which does not validate: %v", s, code, err)
		}
		if trace.CreditCheckChar(string(code[:17])) != code[17] {
			t.Fatalf("check character of %q", code)
		}
	})
}

func FuzzParseEarTag(f *testing.F) {
	for _, s := range []string{"165322100000001", "3-653221-00000042", "", "4653221", "1 650000 00000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tag, err := trace.ParseEarTag(s)
		if err != nil {
			return
		}
		again, err := trace.ParseEarTag(tag.Printed())
		if err != nil || again != tag {
			t.Fatalf("printed form %q of %q does not parse back: %v", tag.Printed(), tag, err)
		}
	})
}

func FuzzResolve(f *testing.F) {
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	if err != nil {
		f.Fatal(err)
	}
	ns := trace.Namespace{Domain: "trace.hotan.example.cn"}
	r := trace.Resolvers{trace.MintResolver{Keys: keys, Namespace: ns}, trace.GS1Resolver{}}
	for _, s := range []string{"1SE6-1XHP-SF46-E73Q", "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q",
		"https://id.gs1.org/01/06901234000016/21/12345", "(01)06901234000016(21)12345",
		"]Q3https://example.cn/01/06901234000016/21/1", "]d2010690123400001621123", "", "%%", "https://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := r.Resolve(s)
		if errors.Is(err, trace.ErrMalformed) {
			return
		}
		if ref.EPC == "" {
			t.Fatalf("resolve %q: no EPC for a well-formed code (err %v)", s, err)
		}
		if err == nil && ref.Scheme.Validate() != nil {
			t.Fatalf("resolve %q: scheme %v", s, ref.Scheme)
		}
	})
}

func FuzzQuantityJSON(f *testing.F) {
	for _, s := range []string{`{"value":"1200.50","unit":"KGM"}`, `{"value":"0"}`, `{"value":"1e3"}`, `{}`, `[]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var q trace.Quantity
		if json.Unmarshal([]byte(s), &q) != nil {
			return
		}
		data, err := json.Marshal(q)
		if err != nil {
			t.Fatalf("marshal %v: %v", q, err)
		}
		var back trace.Quantity
		if err := json.Unmarshal(data, &back); err != nil || !back.Value.Equal(q.Value) || back.Unit != q.Unit {
			t.Fatalf("round trip of %s: %s gives %v, err %v", s, data, back, err)
		}
	})
}
