package trace_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

func fieldOf(t *testing.T, err error, field string) *trace.FieldError {
	t.Helper()
	var verr *trace.ValidationError
	require.ErrorAs(t, err, &verr)
	f := verr.Field(field)
	require.NotNil(t, f, "field %s in %v", field, verr.Fields)
	return f
}

func TestProducerValidate(t *testing.T) {
	require.NoError(t, fixtureProducer().Validate())

	p := fixtureProducer()
	p.Kind = trace.Company
	assert.Contains(t, fieldOf(t, p.Validate(), "kind").Reason, "does not fit credit code category 93")

	p = fixtureProducer()
	p.GS1Prefix = "69012"
	assert.Contains(t, fieldOf(t, p.Validate(), "gs1Prefix").Reason, "6 to 12 digits")

	p = fixtureProducer()
	p.Phone = "12345"
	assert.Contains(t, fieldOf(t, p.Validate(), "phone").Reason, "mobile number")
}

func TestProductValidate(t *testing.T) {
	require.NoError(t, fixtureProduct().Validate())
	p := fixtureProduct()
	p.GTIN = gtin
	require.NoError(t, p.Validate())
	assert.Equal(t, trace.SchemeGS1, p.Scheme())

	p.GTIN = "06901234000018"
	assert.Contains(t, fieldOf(t, p.Validate(), "gtin").Reason, "check digit should be 6")
	p.GTIN = "6901234000016"
	assert.Contains(t, fieldOf(t, p.Validate(), "gtin").Reason, "14 digits")
}

func TestBatchValidate(t *testing.T) {
	require.NoError(t, fixtureBatch().Validate())

	b := fixtureBatch()
	b.Planting.Plot = "6532211010010100043"
	assert.Contains(t, fieldOf(t, b.Validate(), "planting.plot").Reason, "want the batch's plot")

	b = fixtureBatch()
	b.Planting.Crop = ""
	assert.Contains(t, fieldOf(t, b.Validate(), "planting").Reason, "crop is required")

	b = fixtureBatch()
	b.Quantity.Value = dec("-1")
	assert.Contains(t, fieldOf(t, b.Validate(), "quantity").Reason, "negative")

	b = fixtureBatch()
	b.Plot, b.Planting = "", land.PlantingKey{}
	assert.NoError(t, b.Validate(), "a batch without plot")
}

func TestIssuanceValidate(t *testing.T) {
	require.NoError(t, fixtureIssuance().Validate())
	tests := []struct {
		name   string
		modify func(i *trace.Issuance)
		field  string
	}{
		{"count zero", func(i *trace.Issuance) { i.Count = 0 }, "count"},
		{"count too large", func(i *trace.Issuance) { i.Count = trace.MaxIssuanceCount + 1 }, "count"},
		{"overflow", func(i *trace.Issuance) { i.First = ^uint64(0) - 10 }, "first"},
		{"gs1 space", func(i *trace.Issuance) { i.Scheme = trace.SchemeGS1 }, "space"},
		{"active without time", func(i *trace.Issuance) { i.ActivatedAt = time.Time{} }, "activatedAt"},
		{"destination", func(i *trace.Issuance) { i.Destinations = append(i.Destinations, "99") }, "destinations[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := fixtureIssuance()
			tt.modify(i)
			fieldOf(t, i.Validate(), tt.field)
		})
	}
}

func TestIssuanceHolds(t *testing.T) {
	i := fixtureIssuance()
	ref := trace.CodeRef{Scheme: trace.SchemeMinted, Space: i.Space}
	for _, tt := range []struct {
		serial uint64
		want   bool
	}{{0, true}, {999, true}, {1000, false}} {
		ref.Serial = tt.serial
		assert.Equal(t, tt.want, i.Holds(ref), "serial %d", tt.serial)
	}
	ref.Serial, ref.Space = 5, trace.MintSpace(1, 1)
	assert.False(t, i.Holds(ref), "other space")
}

func TestNamespace(t *testing.T) {
	n := trace.Namespace{Domain: "trace.hotan.example.cn"}
	require.NoError(t, n.Validate())
	assert.Equal(t, "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q", n.Item("1SE61XHPSF46E73Q"))
	assert.Equal(t, "https://trace.hotan.example.cn/lot/2024-HT-0001", n.Lot("2024-HT-0001"))
	assert.Equal(t, "https://trace.hotan.example.cn/plot/"+string(plotCode), n.Plot(plotCode))
	code, ok := n.ParseItem("https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q")
	assert.True(t, ok)
	assert.Equal(t, "1SE61XHPSF46E73Q", code)
	_, ok = n.ParseItem("https://other.example.cn/t/1SE61XHPSF46E73Q")
	assert.False(t, ok)
	assert.Error(t, trace.Namespace{Domain: "https://x.cn"}.Validate())
	assert.Error(t, trace.Namespace{}.Validate())
}

func TestQuantity(t *testing.T) {
	q := trace.Kilograms("12.50")
	assert.Equal(t, "12.50 kg", q.String())
	assert.NoError(t, q.Validate())
	assert.Error(t, trace.Quantity{Value: dec("1.5"), Unit: trace.Piece}.Validate())
	u, err := trace.ParseUnit("kg")
	require.NoError(t, err)
	assert.Equal(t, trace.Kilogram, u)
	u, err = trace.ParseUnit("tne")
	require.NoError(t, err)
	assert.Equal(t, trace.Tonne, u)
	_, err = trace.ParseUnit("jin")
	assert.Error(t, err)
}
