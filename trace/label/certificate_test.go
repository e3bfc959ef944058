package label

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func testCertificate() Certificate {
	return Certificate{
		Issuer:    "库尔勒市某某香梨专业合作社",
		Product:   "库尔勒香梨",
		Quantity:  decimal.RequireFromString("500.5"),
		Unit:      "kg",
		Origin:    "新疆巴音郭楞蒙古自治州库尔勒市",
		Phone:     "0996-1234567",
		Date:      time.Date(2026, 9, 12, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Basis:     BasisSelfTesting,
		ReportURL: "https://trace.example.cn/r/2026-0912-07",
		LookupURL: "https://trace.example.cn/t/1SE61XHPSF46E73Q",
	}
}

func testCertificateASCII() Certificate {
	c := testCertificate()
	c.Issuer = "Korla Pear Cooperative"
	c.Product = "Korla fragrant pear"
	c.Origin = "Korla, Xinjiang"
	c.Unit = "boxes"
	c.Basis = BasisCommissionedTesting
	return c
}

func TestCertificateValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Certificate)
		want   string
	}{
		{"no issuer", func(c *Certificate) { c.Issuer = " " }, "no issuer"},
		{"no product", func(c *Certificate) { c.Product = "" }, "no product"},
		{"zero quantity", func(c *Certificate) { c.Quantity = decimal.Zero }, "quantity 0"},
		{"negative quantity", func(c *Certificate) { c.Quantity = decimal.NewFromInt(-3) }, "quantity -3"},
		{"no unit", func(c *Certificate) { c.Unit = "" }, "no unit"},
		{"no date", func(c *Certificate) { c.Date = time.Time{} }, "no date"},
		{"no basis", func(c *Certificate) { c.Basis = 0 }, "basis 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testCertificate()
			tc.change(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
			if err := WriteCertificates(io.Discard, []Certificate{c}, CertificateOptions{}); err == nil {
				t.Fatal("WriteCertificates accepted an invalid certificate")
			}
		})
	}
	c := testCertificate()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate of a full certificate = %v", err)
	}
}

func TestWriteCertificatesEnglish(t *testing.T) {
	certs := []Certificate{testCertificateASCII(), testCertificateASCII()}
	certs[1].LookupURL = ""
	certs[1].ReportURL = ""
	var buf bytes.Buffer
	if err := WriteCertificates(&buf, certs, CertificateOptions{}); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes(), 2)
}

func TestWriteCertificatesNeedsFont(t *testing.T) {
	err := WriteCertificates(io.Discard, []Certificate{testCertificate()}, CertificateOptions{})
	if !errors.Is(err, ErrFontRequired) {
		t.Fatalf("WriteCertificates in Chinese without a font = %v, want ErrFontRequired", err)
	}
	if err := WriteCertificates(io.Discard, nil, CertificateOptions{}); err == nil {
		t.Fatal("WriteCertificates of no certificates succeeded")
	}
}

func TestWriteCertificatesChinese(t *testing.T) {
	font := requireCJKFont(t)
	certs := make([]Certificate, 3)
	for i := range certs {
		certs[i] = testCertificate()
		certs[i].Basis = bases[i]
	}
	var buf bytes.Buffer
	if err := WriteCertificates(&buf, certs, CertificateOptions{Font: font}); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes(), 3)
}

func TestBasisStrings(t *testing.T) {
	tests := []struct {
		basis            Basis
		english, chinese string
	}{
		{BasisQualityControl, "own quality control", "内部质量控制"},
		{BasisSelfTesting, "own testing", "自行检测"},
		{BasisCommissionedTesting, "commissioned testing", "委托检测"},
		{9, "Basis(9)", "Basis(9)"},
	}
	for _, tc := range tests {
		if got := tc.basis.String(); got != tc.english {
			t.Errorf("String = %q, want %q", got, tc.english)
		}
		if got := tc.basis.Chinese(); got != tc.chinese {
			t.Errorf("Chinese = %q, want %q", got, tc.chinese)
		}
	}
}
