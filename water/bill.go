package water

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/land"
)

// Bill is a water-resource fee or tax bill for one well over a run of days.
type Bill struct {
	// ID identifies the bill, unique in the county.
	ID string
	// Well is the well billed.
	Well WellCode
	// Kind is fee or tax.
	Kind ChargeKind
	// Period is the days billed, both included.
	Period land.Period
	// Charge is the computation behind the amount; Charge.Total is the amount due.
	Charge Charge
	// Issued is the day the bill was issued.
	Issued land.Date
	// Due is the last day to pay; from the next day the unpaid rest is arrears.
	Due land.Date
}

// Amount returns the amount due in yuan.
func (b *Bill) Amount() decimal.Decimal { return b.Charge.Total }

// Validate returns the *[FieldError] values of b joined, or nil when b is valid.
func (b *Bill) Validate() error {
	c := checker{typ: "bill"}
	checkID(&c, "ID", b.ID)
	c.check("Well", b.Well.Validate())
	if !validEnum(chargeKindNames, b.Kind, true) {
		c.fail("Kind", b.Kind, "want fee or tax")
	}
	c.check("Period", b.Period.Validate())
	checkNonNegative(&c, "Charge.Total", b.Charge.Total, "yuan")
	if b.Issued.IsZero() {
		c.fail("Issued", b.Issued, "want the day the bill was issued")
	}
	if b.Due.Before(b.Issued) {
		c.fail("Due", b.Due, "want a due day on or after the issue day %s", b.Issued)
	}
	return c.err()
}

// Payment is money received against a well's bills.
type Payment struct {
	// ID identifies the payment, unique in the county.
	ID string
	// Well is the well whose bills the payment settles.
	Well WellCode
	// Bill is the bill the payer named. Empty means the oldest bills first.
	Bill string
	// Paid is the day the money was received.
	Paid land.Date
	// Amount is the money received in yuan, above 0.
	Amount decimal.Decimal
}

// Validate returns the *[FieldError] values of p joined, or nil when p is valid.
func (p *Payment) Validate() error {
	c := checker{typ: "payment"}
	checkID(&c, "ID", p.ID)
	c.check("Well", p.Well.Validate())
	if p.Bill != "" {
		checkID(&c, "Bill", p.Bill)
	}
	if p.Paid.IsZero() {
		c.fail("Paid", p.Paid, "want the day the money was received")
	}
	if !p.Amount.IsPositive() {
		c.fail("Amount", p.Amount, "want an amount above 0 yuan")
	}
	return c.err()
}

// Account is the state of one well's bills and payments on a day, from [Statement].
type Account struct {
	// Well is the well.
	Well WellCode
	// On is the day of the statement.
	On land.Date
	// Billed is the total of the bills issued by On, in yuan.
	Billed decimal.Decimal
	// Paid is the total of the payments received by On, in yuan.
	Paid decimal.Decimal
	// Balance is Paid − Billed in yuan: below 0 the holder owes, above 0 it is credit.
	Balance decimal.Decimal
	// Arrears is the unpaid part of the bills whose due day is before On, in yuan.
	Arrears decimal.Decimal
	// OldestDue is the due day of the oldest bill with arrears. The zero Date means none.
	OldestDue land.Date
	// Bills is the state of each bill, oldest due day first.
	Bills []BillState
}

// BillState is how far one bill is paid.
type BillState struct {
	// ID is the bill's id.
	ID string
	// Due is the bill's due day.
	Due land.Date
	// Amount is the amount due and Paid the part settled, in yuan.
	Amount, Paid decimal.Decimal
	// Outstanding is Amount − Paid, in yuan.
	Outstanding decimal.Decimal
	// Overdue reports whether Outstanding is above 0 after the due day.
	Overdue bool
}

// Statement returns the account of well on day on from its bills and payments. Bills
// issued and payments received after on are left out, as are those of other wells.
// A payment that names a bill settles that bill first. The rest of it, and payments
// that name no bill, settle the bills with the oldest due day first, ties by id. Money
// left over is credit. It returns an error when a bill or payment is not valid, two
// bills share an id, or a payment names a bill of another well or one not issued by on.
func Statement(well WellCode, bills []Bill, payments []Payment, on land.Date) (Account, error) {
	acc := Account{Well: well, On: on}
	index := make(map[string]int)
	for i := range bills {
		if err := acc.addBill(&bills[i], index); err != nil {
			return Account{}, err
		}
	}
	slices.SortStableFunc(acc.Bills, func(a, b BillState) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID))
	})
	for i := range acc.Bills {
		index[acc.Bills[i].ID] = i
	}
	var pool decimal.Decimal
	for i := range payments {
		left, err := acc.applyNamed(&payments[i], index)
		if err != nil {
			return Account{}, err
		}
		pool = pool.Add(left)
	}
	acc.applyOldestFirst(pool)
	acc.Balance = acc.Paid.Sub(acc.Billed)
	acc.sumArrears()
	return acc, nil
}

func (acc *Account) addBill(b *Bill, index map[string]int) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if b.Well != acc.Well || b.Issued.After(acc.On) {
		return nil
	}
	if _, dup := index[b.ID]; dup {
		return fmt.Errorf("water: statement of well %s: bill id %q appears twice", acc.Well, b.ID)
	}
	index[b.ID] = len(acc.Bills)
	acc.Bills = append(acc.Bills, BillState{ID: b.ID, Due: b.Due, Amount: b.Amount(), Outstanding: b.Amount()})
	acc.Billed = acc.Billed.Add(b.Amount())
	return nil
}

// applyNamed settles the bill p names and returns the amount left for the pool.
func (acc *Account) applyNamed(p *Payment, index map[string]int) (decimal.Decimal, error) {
	if err := p.Validate(); err != nil {
		return decimal.Decimal{}, err
	}
	if p.Well != acc.Well || p.Paid.After(acc.On) {
		return decimal.Decimal{}, nil
	}
	acc.Paid = acc.Paid.Add(p.Amount)
	if p.Bill == "" {
		return p.Amount, nil
	}
	i, ok := index[p.Bill]
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("water: statement of well %s: payment %q names bill %q, not found among the bills issued by %s",
			acc.Well, p.ID, p.Bill, acc.On)
	}
	return acc.Bills[i].settle(p.Amount), nil
}

func (acc *Account) applyOldestFirst(pool decimal.Decimal) {
	for i := range acc.Bills {
		if !pool.IsPositive() {
			return
		}
		pool = acc.Bills[i].settle(pool)
	}
}

// settle pays up to amount against the bill and returns what is left.
func (s *BillState) settle(amount decimal.Decimal) decimal.Decimal {
	pay := decimal.Min(amount, s.Outstanding)
	s.Paid = s.Paid.Add(pay)
	s.Outstanding = s.Outstanding.Sub(pay)
	return amount.Sub(pay)
}

func (acc *Account) sumArrears() {
	for i := range acc.Bills {
		s := &acc.Bills[i]
		s.Overdue = s.Outstanding.IsPositive() && s.Due.Before(acc.On)
		if !s.Overdue {
			continue
		}
		acc.Arrears = acc.Arrears.Add(s.Outstanding)
		if acc.OldestDue.IsZero() || s.Due.Before(acc.OldestDue) {
			acc.OldestDue = s.Due
		}
	}
}

// checkID requires an id that follows the rules of [WellCode].
func checkID(c *checker, field, id string) {
	if reason := codeFault(id); reason != "" {
		c.fail(field, id, reason)
	}
}
