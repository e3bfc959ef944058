package label_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/label"
)

func traceCertificate() *trace.Certificate {
	return &trace.Certificate{Number: "HT20241009-0001",
		Issuer:  trace.CertificateIssuer{Name: "和田县红枣专业合作社", Phone: "13912345678"},
		Product: "和田骏枣", ProductID: "HT-JUNZAO", Batch: "2024-HT-0001",
		Quantity: trace.Kilograms("1200.50"), Origin: "653221203", OriginName: "和田县拉依喀乡",
		IssuedOn: land.NewDate(2024, time.October, 9),
		Bases:    trace.Bases(trace.QualityControl | trace.CommissionedTesting),
		Report:   "R2024-0815", ReportURL: "https://trace.hotan.example.cn/report/R2024-0815"}
}

func TestCertificateOf(t *testing.T) {
	c := traceCertificate()
	p, err := label.CertificateOf(c, "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q")
	require.NoError(t, err)
	assert.Equal(t, label.BasisCommissionedTesting, p.Basis)
	assert.Equal(t, "和田县拉依喀乡", p.Origin)
	assert.Equal(t, "kg", p.Unit)
	assert.Equal(t, "1200.50", trace.DecimalText(p.Quantity))
	assert.Equal(t, "2024-10-09", p.Date.Format("2006-01-02"))
	assert.Equal(t, "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q", p.LookupURL)
}

func TestCertificateOfOwnTesting(t *testing.T) {
	c := traceCertificate()
	c.Bases = trace.Bases(trace.QualityControl | trace.OwnTesting)
	c.OriginName = ""
	p, err := label.CertificateOf(c, "")
	require.NoError(t, err)
	assert.Equal(t, label.BasisSelfTesting, p.Basis)
	assert.Equal(t, "653221203", p.Origin)
}

func TestCertificateOfQualityControl(t *testing.T) {
	c := traceCertificate()
	c.Bases = trace.Bases(trace.QualityControl)
	c.Report, c.ReportURL = "", ""
	p, err := label.CertificateOf(c, "")
	require.NoError(t, err)
	assert.Equal(t, label.BasisQualityControl, p.Basis)
}

func TestCertificateOfInvalid(t *testing.T) {
	c := traceCertificate()
	c.Issuer.Phone = ""
	_, err := label.CertificateOf(c, "")
	var ve *trace.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.NotNil(t, ve.Field("issuer.phone"))
}
