package label

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/shopspring/decimal"
)

// Basis is the ground of a producer's promise on a certificate of conformity (承诺依据).
type Basis int

// The bases that a certificate of conformity offers as check boxes.
const (
	BasisQualityControl      Basis = iota + 1 // 内部质量控制: the producer's own quality control
	BasisSelfTesting                          // 自行检测: the producer's own testing
	BasisCommissionedTesting                  // 委托检测: testing commissioned from a laboratory
)

// bases lists the bases in the order the certificate prints their boxes.
var bases = []Basis{BasisQualityControl, BasisSelfTesting, BasisCommissionedTesting}

// String returns the basis in English, such as "own quality control".
func (b Basis) String() string {
	switch b {
	case BasisQualityControl:
		return "own quality control"
	case BasisSelfTesting:
		return "own testing"
	case BasisCommissionedTesting:
		return "commissioned testing"
	}
	return "Basis(" + strconv.Itoa(int(b)) + ")"
}

// Chinese returns the basis as the certificate prints it, such as "内部质量控制".
func (b Basis) Chinese() string {
	switch b {
	case BasisQualityControl:
		return "内部质量控制"
	case BasisSelfTesting:
		return "自行检测"
	case BasisCommissionedTesting:
		return "委托检测"
	}
	return b.String()
}

// Certificate is the printable content of a certificate of conformity (承诺达标合格证),
// which a producer issues with each lot of edible farm produce that it sells.
// [CertificateOf] converts a certificate record of package trace into this form.
type Certificate struct {
	// Issuer is the producer's name (生产者名称).
	Issuer string
	// Product is the product name (产品名称).
	Product string
	// Quantity is the quantity or weight of the lot in Unit.
	Quantity decimal.Decimal
	// Unit is the unit of Quantity, such as "kg" or "箱".
	Unit string
	// Origin is the place where the produce was grown (产地).
	Origin string
	// Phone is the producer's contact telephone number (联系方式).
	Phone string
	// Date is the date of issue (开具日期), printed in its own location.
	Date time.Time
	// Basis is the ground of the promise.
	Basis Basis
	// ReportURL links to the test report, if any.
	ReportURL string
	// LookupURL is the URL that the certificate's QR code carries; empty prints none.
	LookupURL string
}

// Validate returns an error naming the first missing or invalid field.
func (c *Certificate) Validate() error {
	switch {
	case strings.TrimSpace(c.Issuer) == "":
		return fmt.Errorf("label: certificate has no issuer")
	case strings.TrimSpace(c.Product) == "":
		return fmt.Errorf("label: certificate of %s has no product", c.Issuer)
	case !c.Quantity.IsPositive():
		return fmt.Errorf("label: certificate of %s for %s has quantity %s, want more than 0",
			c.Issuer, c.Product, c.Quantity)
	case strings.TrimSpace(c.Unit) == "":
		return fmt.Errorf("label: certificate of %s for %s has no unit", c.Issuer, c.Product)
	case c.Date.IsZero():
		return fmt.Errorf("label: certificate of %s for %s has no date", c.Issuer, c.Product)
	case c.Basis < BasisQualityControl || c.Basis > BasisCommissionedTesting:
		return fmt.Errorf("label: certificate of %s for %s has basis %d; use BasisQualityControl, "+
			"BasisSelfTesting or BasisCommissionedTesting", c.Issuer, c.Product, int(c.Basis))
	}
	return nil
}

// CertificateOptions tunes [WriteCertificates].
type CertificateOptions struct {
	// Font is a TrueType font with CJK glyphs, as the bytes of a .ttf file. With it the
	// certificate is printed in Chinese. Nil prints it in English with the core font
	// Helvetica, and every field must then be printable ASCII.
	Font []byte
	// Recovery is the QR code's error correction level.
	Recovery Recovery
	// Modified fixes the creation and modification dates in the PDF; zero means now.
	Modified time.Time
}

// certificateText holds the fixed wording of a certificate in one language.
type certificateText struct {
	title, pledge                     string
	promises                          []string
	basis, product, quantity, origin  string
	issuer, phone, date, report, scan string
	dateLayout                        string
}

// NOTE: the promise lines follow the national template of the certificate as commonly
// printed. A province may prescribe different wording: check against its current form.
var chineseText = certificateText{
	title:  "承诺达标合格证",
	pledge: "我承诺对生产销售的食用农产品：",
	promises: []string{
		"不使用禁用农药兽药、停用兽药和非法添加物",
		"常规农药兽药残留不超标",
		"对承诺的真实性负责",
	},
	basis: "承诺依据：", product: "产品名称：", quantity: "数量（重量）：", origin: "产地：",
	issuer: "生产者名称：", phone: "联系方式：", date: "开具日期：", report: "检测报告：",
	scan: "扫码查询", dateLayout: "2006年01月02日",
}

var englishText = certificateText{
	title:  "Certificate of conformity",
	pledge: "For the edible farm produce that I produce and sell, I promise:",
	promises: []string{
		"no banned or withdrawn pesticides or veterinary drugs and no illegal additives are used",
		"residues of pesticides and veterinary drugs in common use do not exceed the limits",
		"I am responsible for the truth of this promise",
	},
	basis: "Basis: ", product: "Product: ", quantity: "Quantity: ", origin: "Origin: ",
	issuer: "Producer: ", phone: "Contact: ", date: "Date: ", report: "Test report: ",
	scan: "Scan to look up", dateLayout: "2006-01-02",
}

// WriteCertificates writes certificates to w as a PDF, one A4 page each, with the
// certificate in a frame of 180 × 128 mm at the top of the page. It fails before
// writing anything when a certificate is invalid, or when a field is not printable
// ASCII and opts.Font is nil ([ErrFontRequired]).
func WriteCertificates(w io.Writer, certs []Certificate, opts CertificateOptions) error {
	if len(certs) == 0 {
		return fmt.Errorf("label: no certificates to write")
	}
	hasFont := opts.Font != nil
	for i := range certs {
		if err := certs[i].Validate(); err != nil {
			return err
		}
		if err := certs[i].checkText(hasFont); err != nil {
			return err
		}
	}
	if _, err := opts.Recovery.level(); err != nil {
		return err
	}
	pdf, err := newPDF(opts.Font, opts.Modified)
	if err != nil {
		return err
	}
	ts := newTypesetter(pdf, hasFont)
	text := englishText
	if hasFont {
		text = chineseText
	}
	for i := range certs {
		pdf.AddPage()
		if err := drawCertificate(ts, &certs[i], text, opts.Recovery); err != nil {
			return err
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("label: write certificates: %w", err)
	}
	return nil
}

// checkText checks every printed field for glyphs that the core font lacks.
func (c *Certificate) checkText(hasFont bool) error {
	fields := []struct{ name, value string }{
		{"issuer", c.Issuer}, {"product", c.Product}, {"unit", c.Unit}, {"origin", c.Origin},
		{"phone", c.Phone}, {"report URL", c.ReportURL},
	}
	for _, f := range fields {
		if err := checkText(hasFont, "certificate "+f.name, f.value); err != nil {
			return err
		}
	}
	return nil
}

// Layout of a certificate in millimetres.
const (
	certX, certY        = 15.0, 15.0
	certWidth           = 180.0
	certHeight          = 128.0
	certPadding         = 8.0
	certQRSide          = 38.0
	certLine            = 8.0
	certBox             = 3.2
	certFontSize        = 11.0
	certTitleFontSize   = 20.0
	certPromiseFontSize = 10.0
)

// drawCertificate draws one certificate on the current page.
func drawCertificate(ts *typesetter, c *Certificate, text certificateText, r Recovery) error {
	pdf := ts.pdf
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetTextColor(0, 0, 0)
	pdf.SetLineWidth(0.6)
	pdf.Rect(certX, certY, certWidth, certHeight, "D")

	titleWidth := ts.width(text.title, certTitleFontSize)
	ts.draw(certX+(certWidth-titleWidth)/2, certY+certPadding+7, text.title, certTitleFontSize)

	left := certX + certPadding
	y := certY + certPadding + 18
	ts.draw(left, y, text.pledge, certPromiseFontSize)
	for _, promise := range text.promises {
		y += certLine * 0.8
		drawBox(pdf, left+2, y, true)
		ts.draw(left+2+certBox+2, y, promise, certPromiseFontSize)
	}

	y += certLine * 1.2
	ts.draw(left, y, text.basis, certFontSize)
	x := left + ts.width(text.basis, certFontSize) + 1
	for _, b := range bases {
		label := b.String()
		if ts.hasFont {
			label = b.Chinese()
		}
		drawBox(pdf, x, y, b == c.Basis)
		ts.draw(x+certBox+1.5, y, label, certFontSize)
		x += certBox + 1.5 + ts.width(label, certFontSize) + 5
	}

	quantity := c.Quantity.String() + " " + c.Unit
	rows := [][2]string{
		{text.product, c.Product},
		{text.quantity, quantity},
		{text.origin, c.Origin},
		{text.issuer, c.Issuer},
		{text.phone, c.Phone},
		{text.date, c.Date.Format(text.dateLayout)},
	}
	if c.ReportURL != "" {
		rows = append(rows, [2]string{text.report, c.ReportURL})
	}
	fieldWidth := certWidth - 2*certPadding - certQRSide - 4
	for _, row := range rows {
		y += certLine
		drawField(ts, left, y, fieldWidth, row[0], row[1])
	}

	if c.LookupURL != "" {
		qrX := certX + certWidth - certPadding - certQRSide
		qrY := certY + certHeight - certPadding - certQRSide - 5
		if err := drawQR(pdf, c.LookupURL, r, qrX, qrY, certQRSide); err != nil {
			return err
		}
		scanWidth := ts.width(text.scan, 9)
		ts.draw(qrX+(certQRSide-scanWidth)/2, qrY+certQRSide+3, text.scan, 9)
	}
	return pdf.Error()
}

// drawField draws a field's name and value on the baseline y, cutting the value to
// width with an ellipsis.
func drawField(ts *typesetter, x, y, width float64, name, value string) {
	ts.draw(x, y, name, certFontSize)
	nameWidth := ts.width(name, certFontSize)
	lines := ts.wrap(value, width-nameWidth, certFontSize, 1)
	if len(lines) > 0 {
		ts.draw(x+nameWidth, y, lines[0], certFontSize)
	}
}

// drawBox draws a check box whose bottom sits on the baseline y, ticked when checked.
func drawBox(pdf *fpdf.Fpdf, x, y float64, checked bool) {
	top := y - certBox + 0.2
	pdf.SetLineWidth(0.25)
	pdf.Rect(x, top, certBox, certBox, "D")
	if !checked {
		return
	}
	pdf.SetLineWidth(0.45)
	pdf.Line(x+0.6, top+certBox*0.55, x+certBox*0.4, top+certBox-0.6)
	pdf.Line(x+certBox*0.4, top+certBox-0.6, x+certBox-0.5, top+0.5)
}
