package label

import (
	"strings"
	"testing"

	"github.com/shuxiang/shuxiang/trace/mint"
)

func TestNewLinks(t *testing.T) {
	code, err := mint.Parse("1SE6-1XHP-SF46-E73Q")
	if err != nil {
		t.Fatal(err)
	}
	valid := []struct{ base, want string }{
		{"https://trace.example.cn", "https://trace.example.cn/t/1SE61XHPSF46E73Q"},
		{"https://trace.example.cn/", "https://trace.example.cn/t/1SE61XHPSF46E73Q"},
		{"http://127.0.0.1:8080/county", "http://127.0.0.1:8080/county/t/1SE61XHPSF46E73Q"},
		{"https://例子.cn", "https://例子.cn/t/1SE61XHPSF46E73Q"},
	}
	for _, tc := range valid {
		t.Run(tc.base, func(t *testing.T) {
			links, err := NewLinks(tc.base)
			if err != nil {
				t.Fatal(err)
			}
			if got := links.URL(code); got != tc.want {
				t.Fatalf("URL = %q, want %q", got, tc.want)
			}
		})
	}
	invalid := []struct{ base, want string }{
		{"trace.example.cn", "scheme"},
		{"ftp://trace.example.cn", "scheme"},
		{"https://", "no host"},
		{"https://trace.example.cn/?a=1", "query"},
		{"https://trace.example.cn/#x", "fragment"},
		{"https://u:p@trace.example.cn", "user"},
		{"https://trace example.cn", "invalid character"},
	}
	for _, tc := range invalid {
		t.Run(tc.base, func(t *testing.T) {
			_, err := NewLinks(tc.base)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewLinks(%q) error = %v, want it to contain %q", tc.base, err, tc.want)
			}
		})
	}
}

func TestZeroLinksRejected(t *testing.T) {
	if _, err := NewCSVWriter(nil, Links{}, CSVOptions{}); err == nil {
		t.Error("NewCSVWriter accepted the zero Links")
	}
	if _, err := NewPNGArchive(nil, Links{}, QROptions{}); err == nil {
		t.Error("NewPNGArchive accepted the zero Links")
	}
	if _, err := NewSheetWriter(Links{}, SheetOptions{}, nil); err == nil {
		t.Error("NewSheetWriter accepted the zero Links")
	}
}
