package trace_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func TestCertificateValid(t *testing.T) {
	require.NoError(t, fixtureCertificate().Validate())

	household := fixtureCertificate()
	household.Issuer = trace.CertificateIssuer{Name: "阿不都拉·买买提", Phone: "0903-2512345"}
	household.ProductID, household.Batch, household.Report, household.ReportURL = "", "", "", ""
	household.Bases = trace.Bases(trace.QualityControl)
	household.Quantity = trace.Quantity{Value: dec("30"), Unit: trace.Piece}
	assert.NoError(t, household.Validate())
}

func TestCertificateInvalid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(c *trace.Certificate)
		field  string
		reason string
	}{
		{"number missing", func(c *trace.Certificate) { c.Number = "" }, "number", "want 1 to 40"},
		{"number space", func(c *trace.Certificate) { c.Number = "HT 0001" }, "number", "want 1 to 40"},
		{"issuer name", func(c *trace.Certificate) { c.Issuer.Name = " " }, "issuer.name", "is required"},
		{"issuer code", func(c *trace.Certificate) { c.Issuer.Code = "93653221MA78ABCD1A" }, "issuer.code", "check character"},
		{"phone missing", func(c *trace.Certificate) { c.Issuer.Phone = "" }, "issuer.phone", "is required"},
		{"phone short", func(c *trace.Certificate) { c.Issuer.Phone = "1391234" }, "issuer.phone", "want a mobile number"},
		{"product", func(c *trace.Certificate) { c.Product = "" }, "product", "is required"},
		{"product id", func(c *trace.Certificate) { c.ProductID = "红枣" }, "productId", "invalid product id"},
		{"batch", func(c *trace.Certificate) { c.Batch = "2024-HT-0001-TOO-LONG-ID" }, "batch", "invalid batch id"},
		{"quantity zero", func(c *trace.Certificate) { c.Quantity.Value = dec("0") }, "quantity.value", "want more than 0"},
		{"quantity negative", func(c *trace.Certificate) { c.Quantity.Value = dec("-1") }, "quantity.value", "want more than 0"},
		{"quantity unit", func(c *trace.Certificate) { c.Quantity.Unit = "jin" }, "quantity.unit", "invalid unit"},
		{"origin", func(c *trace.Certificate) { c.Origin = "65322" }, "origin", "invalid"},
		{"issued on", func(c *trace.Certificate) { c.IssuedOn = land.Date{} }, "issuedOn", "is required"},
		{"no basis", func(c *trace.Certificate) { c.Bases = 0 }, "bases", "want at least one"},
		{"unknown basis", func(c *trace.Certificate) { c.Bases = 0x10 }, "bases", "unknown bits"},
		{"commissioned without report", func(c *trace.Certificate) { c.Report = "" }, "report", "commissioned testing"},
		{"report url", func(c *trace.Certificate) { c.ReportURL = "ftp://x/y" }, "reportUrl", "http or https"},
		{"report url relative", func(c *trace.Certificate) { c.ReportURL = "/report/1" }, "reportUrl", "absolute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := fixtureCertificate()
			tt.modify(c)
			err := c.Validate()
			var verr *trace.ValidationError
			require.True(t, errors.As(err, &verr), "error %v is a *ValidationError", err)
			require.Len(t, verr.Fields, 1, "fields: %v", verr.Fields)
			f := verr.Field(tt.field)
			require.NotNil(t, f, "field %s in %v", tt.field, verr.Fields)
			assert.Contains(t, f.Reason, tt.reason)
		})
	}
}

func TestCertificateAllFields(t *testing.T) {
	err := (&trace.Certificate{}).Validate()
	var verr *trace.ValidationError
	require.ErrorAs(t, err, &verr)
	var fields []string
	for _, f := range verr.Fields {
		fields = append(fields, f.Field)
	}
	assert.Equal(t, []string{"number", "issuer.name", "issuer.phone", "product", "quantity.unit",
		"quantity.value", "origin", "issuedOn", "bases"}, fields)
	assert.Contains(t, err.Error(), "trace: invalid certificate: number")
}

func TestCertificatePromise(t *testing.T) {
	c := fixtureCertificate()
	assert.Equal(t, trace.DefaultPromise, c.PromiseText())
	c.Promise = "自定义承诺"
	assert.Equal(t, "自定义承诺", c.PromiseText())
}

func TestBasesText(t *testing.T) {
	b, err := trace.ParseBases("quality_control, commissioned_testing")
	require.NoError(t, err)
	assert.True(t, b.Has(trace.QualityControl))
	assert.False(t, b.Has(trace.OwnTesting))
	assert.Equal(t, "quality_control,commissioned_testing", b.String())
	_, err = trace.ParseBases("tasting")
	assert.ErrorContains(t, err, `invalid basis "tasting"`)
}

func TestCertificateJSON(t *testing.T) {
	c := fixtureCertificate()
	data, err := json.Marshal(c)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"quantity":{"value":"1200.50","unit":"KGM"}`)
	assert.Contains(t, string(data), `"bases":"quality_control,commissioned_testing"`)
	var back trace.Certificate
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, c, &back)
}

func TestReportValid(t *testing.T) {
	require.NoError(t, fixtureReport().Validate())
	failed := fixtureReport()
	failed.Result = trace.Fail
	failed.Items[1].Value, failed.Items[1].Result = dec("0.8"), trace.Fail
	assert.NoError(t, failed.Validate())
}

func TestReportInvalid(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *trace.TestReport)
		field  string
		reason string
	}{
		{"number", func(r *trace.TestReport) { r.Number = "" }, "number", "want 1 to 40"},
		{"lab", func(r *trace.TestReport) { r.Lab.Name = "" }, "lab.name", "is required"},
		{"issued on", func(r *trace.TestReport) { r.IssuedOn = land.Date{} }, "issuedOn", "is required"},
		{"sampled after", func(r *trace.TestReport) { r.SampledOn = land.NewDate(2024, 10, 10) }, "sampledOn", "after the report day"},
		{"result", func(r *trace.TestReport) { r.Result = 0 }, "result", "invalid result"},
		{"no items", func(r *trace.TestReport) { r.Items = nil }, "items", "at least one"},
		{"item name", func(r *trace.TestReport) { r.Items[0].Name = "" }, "items[0].name", "is required"},
		{"item over limit", func(r *trace.TestReport) { r.Items[1].Value = dec("0.51") }, "items[1].result", "exceeds limit"},
		{"item fail within", func(r *trace.TestReport) {
			r.Items[1].Result = trace.Fail
			r.Result = trace.Fail
		}, "items[1].result", "is within limit"},
		{"fail without failed item", func(r *trace.TestReport) { r.Result = trace.Fail }, "result", "no item failed"},
		{"pass with failed item", func(r *trace.TestReport) {
			r.Items[1].Value, r.Items[1].Result = dec("0.8"), trace.Fail
		}, "result", "an item failed"},
		{"negative", func(r *trace.TestReport) { r.Items[0].Limit = dec("-0.5") }, "items[0].limit", "is negative"},
		{"document url", func(r *trace.TestReport) { r.DocumentURL = "report.pdf" }, "documentUrl", "absolute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fixtureReport()
			tt.modify(r)
			var verr *trace.ValidationError
			require.ErrorAs(t, r.Validate(), &verr)
			f := verr.Field(tt.field)
			require.NotNil(t, f, "field %s in %v", tt.field, verr.Fields)
			assert.Contains(t, f.Reason, tt.reason)
		})
	}
}

func TestReportItemLimitEdge(t *testing.T) {
	r := fixtureReport()
	r.Items[1].Value = dec("0.50") // equal to the limit passes
	assert.NoError(t, r.Validate())
}

func TestReportJSONKeepsPlaces(t *testing.T) {
	r := fixtureReport()
	data, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"value":"0.010"`)
	var back trace.TestReport
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, r, &back)
}
