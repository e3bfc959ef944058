package label

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// Record is one issued code with what a printer or a store needs.
type Record struct {
	// Code is the trace code.
	Code mint.Code
	// ID is what the code carries: key version, batch and serial.
	ID mint.ID
	// Product is the product name printed beside the code, such as "库尔勒香梨".
	Product string
}

// LookupPath is the path segment between the base URL and the code in a lookup URL.
const LookupPath = "/t/"

// Links builds the lookup URLs of codes: the county's base URL, [LookupPath] and the
// code in compact form. The zero Links is not usable: call [NewLinks].
type Links struct {
	prefix string
}

// NewLinks returns the Links of a base URL such as "https://trace.example.cn". The URL
// needs the scheme https or http and a host, and may have a path but no query or
// fragment.
func NewLinks(base string) (Links, error) {
	u, err := url.Parse(base)
	if err != nil {
		return Links{}, fmt.Errorf("label: base URL %q: %w", base, err)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return Links{}, fmt.Errorf("label: base URL %q needs the scheme https or http", base)
	case u.Host == "":
		return Links{}, fmt.Errorf("label: base URL %q has no host", base)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return Links{}, fmt.Errorf("label: base URL %q may not have a query, a fragment or user information", base)
	}
	prefix := u.Scheme + "://" + u.Host + strings.TrimSuffix(u.EscapedPath(), "/") + LookupPath
	return Links{prefix: prefix}, nil
}

// AppendURL appends the lookup URL of c to dst.
func (l Links) AppendURL(dst []byte, c mint.Code) []byte {
	dst = append(dst, l.prefix...)
	return c.Append(dst)
}

// URL returns the lookup URL of c.
func (l Links) URL(c mint.Code) string {
	return string(l.AppendURL(make([]byte, 0, len(l.prefix)+mint.Len), c))
}

// IsZero reports whether l is the zero Links.
func (l Links) IsZero() bool { return l.prefix == "" }

// errZeroLinks is returned by the writers given the zero Links.
var errZeroLinks = fmt.Errorf("label: no base URL for lookup links; build them with NewLinks")
