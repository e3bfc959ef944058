package sqlstore_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/land"
)

func TestTimeArg(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 30, 15, 123456000, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name    string
		dialect sqlstore.Dialect
		time    time.Time
		want    any
	}{
		{"sqlite", sqlstore.SQLite, at, "2026-03-01T00:30:15.123456Z"},
		{"postgresql", sqlstore.PostgreSQL, at, at.UTC()},
		{"sqlite zero", sqlstore.SQLite, time.Time{}, nil},
		{"postgresql zero", sqlstore.PostgreSQL, time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.dialect.TimeArg(tt.time))
		})
	}
}

func TestDateArg(t *testing.T) {
	day := land.NewDate(2026, time.March, 1)
	tests := []struct {
		name    string
		dialect sqlstore.Dialect
		date    land.Date
		want    any
	}{
		{"sqlite", sqlstore.SQLite, day, "2026-03-01"},
		{"postgresql", sqlstore.PostgreSQL, day, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"sqlite zero", sqlstore.SQLite, land.Date{}, nil},
		{"postgresql zero", sqlstore.PostgreSQL, land.Date{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.dialect.DateArg(tt.date))
		})
	}
}

func TestDecimalText(t *testing.T) {
	tests := []struct {
		value decimal.Decimal
		want  string
	}{
		{decimal.RequireFromString("4.50"), "4.50"},
		{decimal.RequireFromString("-0.001"), "-0.001"},
		{decimal.New(15, 2), "1500"},
		{decimal.Decimal{}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, sqlstore.DecimalText(tt.value))
		})
	}
}

func TestTimeScanner(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 30, 15, 123456000, time.UTC)
	tests := []struct {
		name    string
		src     any
		want    time.Time
		wantErr string
	}{
		{name: "text", src: "2026-03-01T00:30:15.123456Z", want: at},
		{name: "bytes with offset", src: []byte("2026-03-01T08:30:15.123456+08:00"), want: at},
		{name: "time", src: at.In(time.FixedZone("CST", 8*3600)), want: at},
		{name: "null", src: nil},
		{name: "invalid text", src: "yesterday", wantErr: `invalid stored timestamp "yesterday"`},
		{name: "integer", src: int64(1), wantErr: "unsupported value int64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := time.Unix(7, 0)
			err := sqlstore.TimeScanner{T: &got}.Scan(tt.src)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDateScanner(t *testing.T) {
	day := land.NewDate(2026, time.March, 1)
	tests := []struct {
		name    string
		src     any
		want    land.Date
		wantErr string
	}{
		{name: "text", src: "2026-03-01", want: day},
		{name: "bytes", src: []byte("2026-03-01"), want: day},
		{name: "time", src: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), want: day},
		{name: "null", src: nil},
		{name: "invalid text", src: "2026-02-30", wantErr: "invalid stored date"},
		{name: "integer", src: int64(1), wantErr: "unsupported value int64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := land.NewDate(1999, time.May, 5)
			err := sqlstore.DateScanner{D: &got}.Scan(tt.src)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDecimalScanner(t *testing.T) {
	tests := []struct {
		name    string
		src     any
		want    string
		wantErr string
	}{
		{name: "text", src: "4.50", want: "4.50"},
		{name: "bytes", src: []byte("-0.001"), want: "-0.001"},
		{name: "zero", src: "0", want: "0"},
		{name: "invalid text", src: "4,5", wantErr: `invalid stored decimal "4,5"`},
		{name: "float", src: 4.5, wantErr: "unsupported value float64, want text"},
		{name: "null", src: nil, wantErr: "unsupported value <nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got decimal.Decimal
			err := sqlstore.DecimalScanner{D: &got}.Scan(tt.src)
			if tt.wantErr != "" {
				assert.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, sqlstore.DecimalText(got))
		})
	}
}

// TestValuesRoundTrip stores a timestamp, a date and a decimal in the column
// types the stores use and reads them back unchanged.
func TestValuesRoundTrip(t *testing.T) {
	eachDialect(t, func(t *testing.T, db sqlstoretest.Database) {
		ctx := t.Context()
		d := db.Dialect
		ddl := "CREATE TABLE readings (at TEXT, day TEXT, volume TEXT NOT NULL)"
		if d == sqlstore.PostgreSQL {
			ddl = "CREATE TABLE readings (at TIMESTAMPTZ, day DATE, volume NUMERIC NOT NULL)"
		}
		_, err := db.DB.ExecContext(ctx, ddl)
		require.NoError(t, err)

		at := time.Date(2026, 3, 1, 0, 30, 15, 123456000, time.UTC)
		day := land.NewDate(1, time.January, 1)
		volume := decimal.RequireFromString("12345678901234567890.120")
		_, err = db.DB.ExecContext(ctx, d.Bind("INSERT INTO readings (at, day, volume) VALUES (?, ?, ?), (?, ?, ?)"),
			d.TimeArg(at), d.DateArg(day), sqlstore.DecimalText(volume),
			d.TimeArg(time.Time{}), d.DateArg(land.Date{}), "0")
		require.NoError(t, err)

		rows, err := db.DB.QueryContext(ctx, "SELECT at, day, volume FROM readings ORDER BY volume DESC")
		require.NoError(t, err)
		defer rows.Close()
		type row struct {
			at     time.Time
			day    land.Date
			volume decimal.Decimal
		}
		var got []row
		for rows.Next() {
			var r row
			require.NoError(t, rows.Scan(sqlstore.TimeScanner{T: &r.at}, sqlstore.DateScanner{D: &r.day},
				sqlstore.DecimalScanner{D: &r.volume}))
			got = append(got, r)
		}
		require.NoError(t, rows.Err())
		require.Len(t, got, 2)
		assert.Equal(t, at, got[0].at)
		assert.Equal(t, day, got[0].day)
		assert.Equal(t, "12345678901234567890.120", sqlstore.DecimalText(got[0].volume))
		assert.Equal(t, row{}, got[1], "NULL time and date, zero decimal")
	})
}
