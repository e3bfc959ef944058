package landtest

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

// The compare functions check a record read back against the one written. Decimals compare
// by value, so 5.370 equals 5.37, and times by instant. Geometry must come back with the
// same type, layout, coordinates and ring ends; its SRID is not compared because stores may
// keep or drop it.

func assertDecimal(t *testing.T, want, got decimal.Decimal, field string) {
	t.Helper()
	assert.Truef(t, want.Equal(got), "%s: got %s, want %s", field, got, want)
}

func assertGeometry(t *testing.T, want, got geom.T) {
	t.Helper()
	if want == nil {
		assert.Nil(t, got, "geometry")
		return
	}
	if !assert.NotNil(t, got, "geometry") {
		return
	}
	assert.IsType(t, want, got, "geometry type")
	assert.Equal(t, want.Layout(), got.Layout(), "geometry layout")
	assert.Equal(t, want.FlatCoords(), got.FlatCoords(), "geometry coordinates")
	assert.Equal(t, want.Ends(), got.Ends(), "geometry ring ends")
	assert.Equal(t, want.Endss(), got.Endss(), "geometry polygon ends")
}

func assertPlot(t *testing.T, want, got *land.Plot) {
	t.Helper()
	assert.Equal(t, want.Code, got.Code, "code")
	assert.Equal(t, want.Name, got.Name, "name")
	assert.Equal(t, want.Village, got.Village, "village")
	assertGeometry(t, want.Geometry, got.Geometry)
	assert.Equal(t, want.Class, got.Class, "class")
	assert.Equal(t, want.Category, got.Category, "category")
	assert.Equal(t, want.Use, got.Use, "use")
	assertDecimal(t, want.DeclaredArea, got.DeclaredArea, "declared area")
	assert.Equal(t, want.HighStandardFarmland, got.HighStandardFarmland, "high-standard farmland")
	assert.Equal(t, want.Salinity, got.Salinity, "salinity")
	assert.Equal(t, want.Irrigation, got.Irrigation, "irrigation")
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}

func assertStamp(t *testing.T, wantVersion int64, wantAt time.Time, gotVersion int64, gotAt time.Time) {
	t.Helper()
	assert.Equal(t, wantVersion, gotVersion, "version")
	assert.Truef(t, wantAt.Equal(gotAt), "updated at: got %v, want %v", gotAt, wantAt)
}

func assertIssuer(t *testing.T, want, got *land.Issuer) {
	t.Helper()
	assert.Equal(t, want.Code, got.Code, "code")
	assert.Equal(t, want.Name, got.Name, "name")
	assert.Equal(t, want.Village, got.Village, "village")
	assert.Equal(t, want.Representative, got.Representative, "representative")
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}

func assertContractor(t *testing.T, want, got *land.Contractor) {
	t.Helper()
	assert.Equal(t, want.Code, got.Code, "code")
	assert.Equal(t, want.Name, got.Name, "name")
	assert.Equal(t, want.Address, got.Address, "address")
	if assert.Len(t, got.Members, len(want.Members), "members") {
		for i := range want.Members {
			// Compare fields: Member.String masks the ID number, so failure output would hide it.
			assert.Equal(t, want.Members[i].Name, got.Members[i].Name, "member %d name", i)
			assert.Equal(t, want.Members[i].Relation, got.Members[i].Relation, "member %d relation", i)
			assert.Equal(t, want.Members[i].IDNumber, got.Members[i].IDNumber, "member %d ID number", i)
			assert.Equal(t, want.Members[i].Remark, got.Members[i].Remark, "member %d remark", i)
		}
	}
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}

func assertContract(t *testing.T, want, got *land.Contract) {
	t.Helper()
	assert.Equal(t, want.Code, got.Code, "code")
	assert.Equal(t, want.Term, got.Term, "term")
	assertDecimal(t, want.Area, got.Area, "area")
	if assert.Len(t, got.Plots, len(want.Plots), "plots") {
		for i := range want.Plots {
			assert.Equal(t, want.Plots[i].Plot, got.Plots[i].Plot, "plot %d", i)
			assertDecimal(t, want.Plots[i].Area, got.Plots[i].Area, "plot area")
		}
	}
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}

func assertTransfer(t *testing.T, want, got *land.Transfer) {
	t.Helper()
	assert.Equal(t, want.Code, got.Code, "code")
	assert.Equal(t, want.Contract, got.Contract, "contract")
	assert.Equal(t, want.Lessee, got.Lessee, "lessee")
	assert.Equal(t, want.Method, got.Method, "method")
	assert.Equal(t, want.Period, got.Period, "period")
	assert.Equal(t, want.Signed, got.Signed, "signed")
	assertDecimal(t, want.Rent, got.Rent, "rent")
	if assert.Len(t, got.Plots, len(want.Plots), "plots") {
		for i := range want.Plots {
			assert.Equal(t, want.Plots[i].Plot, got.Plots[i].Plot, "plot %d", i)
			assertDecimal(t, want.Plots[i].Area, got.Plots[i].Area, "plot area")
		}
	}
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}

func assertPlanting(t *testing.T, want, got *land.Planting) {
	t.Helper()
	assert.Equal(t, want.Key(), got.Key(), "key")
	assert.Equal(t, want.Variety, got.Variety, "variety")
	assertDecimal(t, want.SownArea, got.SownArea, "sown area")
	assertStamp(t, want.Version, want.UpdatedAt, got.Version, got.UpdatedAt)
}
