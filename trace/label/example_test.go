package label_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/trace/label"
	"github.com/shuxiang/shuxiang/trace/mint"
)

func ExampleStream() {
	// A fixed secret for the example; a county draws its secret from crypto/rand.
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("0123456789abcdef")})
	if err != nil {
		panic(err)
	}
	m, err := mint.NewMinter(keys, 1)
	if err != nil {
		panic(err)
	}
	links, err := label.NewLinks("https://trace.example.cn")
	if err != nil {
		panic(err)
	}
	batch, err := m.NewBatch(3)
	if err != nil {
		panic(err)
	}

	// Issue the batch into a CSV file for the print shop; a store would be a second sink.
	var out bytes.Buffer
	csv, err := label.NewCSVWriter(&out, links, label.CSVOptions{})
	if err != nil {
		panic(err)
	}
	if _, err := label.Stream(context.Background(), m, batch, "库尔勒香梨", label.StreamOptions{}, csv); err != nil {
		panic(err)
	}
	if err := csv.Flush(); err != nil {
		panic(err)
	}
	// CSV lines end in CRLF: print them with plain line ends.
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n"))
	// Output:
	// code,url,batch,serial,product
	// 1SE6-1XHP-SF46-E73Q,https://trace.example.cn/t/1SE61XHPSF46E73Q,0,0,库尔勒香梨
	// 1P5T-0PAT-8PF8-MPW0,https://trace.example.cn/t/1P5T0PAT8PF8MPW0,0,1,库尔勒香梨
	// 1F13-F838-YD7Y-XWQ5,https://trace.example.cn/t/1F13F838YD7YXWQ5,0,2,库尔勒香梨
}

func ExampleWriteCertificates() {
	cert := label.Certificate{
		Issuer:    "Korla Pear Cooperative",
		Product:   "Korla fragrant pear",
		Quantity:  decimal.RequireFromString("120"),
		Unit:      "boxes",
		Origin:    "Korla, Xinjiang",
		Phone:     "0996-1234567",
		Date:      time.Date(2026, 9, 12, 0, 0, 0, 0, time.UTC),
		Basis:     label.BasisSelfTesting,
		LookupURL: "https://trace.example.cn/t/1SE61XHPSF46E73Q",
	}
	// Without a font the certificate is printed in English. For Chinese, read a
	// TrueType font with CJK glyphs into CertificateOptions.Font.
	f, err := os.CreateTemp("", "certificate-*.pdf")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := label.WriteCertificates(f, []label.Certificate{cert}, label.CertificateOptions{}); err != nil {
		panic(err)
	}
	fmt.Println("written")
	// Output: written
}
