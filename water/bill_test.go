package water_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func bill(id string, total string, issued, due land.Date) water.Bill {
	return water.Bill{ID: id, Well: "W-01", Kind: water.ResourceFee,
		Period: land.Period{Start: issued.AddDate(0, -1, 0), End: issued.AddDate(0, 0, -1)},
		Charge: water.Charge{Total: dec(total)}, Issued: issued, Due: due}
}

func payment(id, billID, amount string, paid land.Date) water.Payment {
	return water.Payment{ID: id, Well: "W-01", Bill: billID, Paid: paid, Amount: dec(amount)}
}

func TestStatement(t *testing.T) {
	bills := []water.Bill{
		bill("B-2", "300", land.NewDate(2024, 5, 1), land.NewDate(2024, 5, 31)),
		bill("B-1", "200", land.NewDate(2024, 4, 1), land.NewDate(2024, 4, 30)),
		bill("B-3", "100", land.NewDate(2024, 6, 1), land.NewDate(2024, 6, 30)),
	}
	payments := []water.Payment{
		payment("P-1", "", "250", land.NewDate(2024, 5, 10)),   // oldest first: B-1 200, B-2 50
		payment("P-2", "B-3", "120", land.NewDate(2024, 6, 5)), // B-3 100, 20 to B-2
		payment("P-3", "", "999", land.NewDate(2024, 7, 1)),    // after the statement day
		{ID: "P-4", Well: "W-02", Paid: land.NewDate(2024, 6, 1), Amount: dec("5")},
	}

	acc, err := water.Statement("W-01", bills, payments, land.NewDate(2024, 6, 15))
	require.NoError(t, err)

	assertDecimal(t, "600", acc.Billed)
	assertDecimal(t, "370", acc.Paid)
	assertDecimal(t, "-230", acc.Balance)
	assertDecimal(t, "230", acc.Arrears, "B-2 was due 31 May with 230 unpaid")
	assert.Equal(t, land.NewDate(2024, 5, 31), acc.OldestDue)
	require.Len(t, acc.Bills, 3)
	wantIDs := []string{"B-1", "B-2", "B-3"}
	wantOutstanding := []string{"0", "230", "0"}
	wantOverdue := []bool{false, true, false}
	for i, s := range acc.Bills {
		assert.Equal(t, wantIDs[i], s.ID)
		assertDecimal(t, wantOutstanding[i], s.Outstanding, s.ID)
		assert.Equal(t, wantOverdue[i], s.Overdue, s.ID)
	}
}

func TestStatementDueDayIsNotOverdue(t *testing.T) {
	bills := []water.Bill{bill("B-1", "200", land.NewDate(2024, 4, 1), land.NewDate(2024, 4, 30))}

	onDue, err := water.Statement("W-01", bills, nil, land.NewDate(2024, 4, 30))
	require.NoError(t, err)
	dayAfter, err := water.Statement("W-01", bills, nil, land.NewDate(2024, 5, 1))
	require.NoError(t, err)

	assert.True(t, onDue.Arrears.IsZero())
	assert.True(t, onDue.OldestDue.IsZero())
	assertDecimal(t, "200", dayAfter.Arrears)
}

func TestStatementCredit(t *testing.T) {
	bills := []water.Bill{bill("B-1", "200", land.NewDate(2024, 4, 1), land.NewDate(2024, 4, 30))}
	payments := []water.Payment{payment("P-1", "", "500", land.NewDate(2024, 3, 1))}

	acc, err := water.Statement("W-01", bills, payments, land.NewDate(2024, 6, 1))
	require.NoError(t, err)

	assertDecimal(t, "300", acc.Balance)
	assert.True(t, acc.Arrears.IsZero())
}

func TestStatementRejects(t *testing.T) {
	b := bill("B-1", "200", land.NewDate(2024, 4, 1), land.NewDate(2024, 4, 30))
	on := land.NewDate(2024, 6, 1)
	tests := []struct {
		name     string
		bills    []water.Bill
		payments []water.Payment
	}{
		{"duplicate bill", []water.Bill{b, b}, nil},
		{"unknown bill named", []water.Bill{b}, []water.Payment{payment("P-1", "B-9", "1", on)}},
		{"zero payment", []water.Bill{b}, []water.Payment{payment("P-1", "", "0", on)}},
		{"negative bill", []water.Bill{bill("B-2", "-1", land.NewDate(2024, 4, 1), land.NewDate(2024, 4, 30))}, nil},
		{"due before issue", []water.Bill{bill("B-2", "1", land.NewDate(2024, 4, 1), land.NewDate(2024, 3, 30))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.Statement("W-01", tt.bills, tt.payments, on)
			assert.Error(t, err)
		})
	}
}

func TestRateTable(t *testing.T) {
	fee := water.Rate{Source: water.DeepGroundwater, Use: water.Industry, Kind: water.ResourceFee,
		Yuan: dec("1.5"), From: land.NewDate(2020, 1, 1), Until: land.NewDate(2024, 11, 30)}
	tax := water.Rate{Source: water.DeepGroundwater, Use: water.Industry, Kind: water.ResourceTax,
		Yuan: dec("2"), From: land.NewDate(2024, 12, 1)}
	farm := water.Rate{Source: water.DeepGroundwater, Use: water.Agriculture, Kind: water.ResourceTax,
		Yuan: dec("0"), From: land.NewDate(2024, 12, 1)}
	table, err := water.NewRateTable([]water.Rate{tax, farm, fee})
	require.NoError(t, err)
	tests := []struct {
		name string
		use  water.Use
		day  land.Date
		want string
		kind water.ChargeKind
	}{
		{"last day of fee", water.Industry, land.NewDate(2024, 11, 30), "1.5", water.ResourceFee},
		{"first day of tax", water.Industry, land.NewDate(2024, 12, 1), "2", water.ResourceTax},
		{"open end", water.Industry, land.NewDate(2030, 1, 1), "2", water.ResourceTax},
		{"agriculture", water.Agriculture, land.NewDate(2025, 1, 1), "0", water.ResourceTax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := table.Rate(water.DeepGroundwater, tt.use, tt.day)
			require.NoError(t, err)
			assertDecimal(t, tt.want, r.Yuan)
			assert.Equal(t, tt.kind, r.Kind)
		})
	}

	_, err = table.Rate(water.DeepGroundwater, water.Agriculture, land.NewDate(2024, 1, 1))
	assert.ErrorIs(t, err, water.ErrNoRate)
	_, err = table.Rate(water.SurfaceWater, water.Industry, land.NewDate(2025, 1, 1))
	assert.ErrorIs(t, err, water.ErrNoRate)
}

func TestRateTableRejectsOverlap(t *testing.T) {
	a := water.Rate{Source: water.SurfaceWater, Use: water.Industry, Kind: water.ResourceFee,
		Yuan: dec("0.3"), From: land.NewDate(2020, 1, 1), Until: land.NewDate(2024, 12, 1)}
	b := a
	b.Kind, b.From, b.Until = water.ResourceTax, land.NewDate(2024, 12, 1), land.Date{}

	_, err := water.NewRateTable([]water.Rate{a, b})
	assert.ErrorIs(t, err, water.ErrOverlap, "both in force on 1 December")
}
