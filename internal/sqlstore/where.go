package sqlstore

import (
	"reflect"
	"strings"

	"github.com/shuxiang/shuxiang/land"
)

// Where is the WHERE clause of a listing, built one condition at a time with
// ? placeholders. The zero Where has no condition and keeps every row.
type Where struct {
	conds []string
	// Args are the values of the placeholders, in order.
	Args []any
	// None is set by a condition that no stored row meets, such as a prefix
	// with bytes that stored codes never have. A listing with None set returns
	// nothing without a query.
	None bool
}

// Add appends cond, with args for its placeholders.
func (w *Where) Add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.Args = append(w.Args, args...)
}

// Equal keeps rows whose column col equals v, unless v is nil or the zero
// value of its type, which keeps all.
func (w *Where) Equal(col string, v any) {
	if v == nil || reflect.ValueOf(v).IsZero() {
		return
	}
	w.Add(col+" = ?", v)
}

// Prefix keeps rows whose column col begins with p; an empty p keeps all. It
// compares a range rather than use LIKE, so that an index on col serves it
// in both dialects and p needs no escaping. Stored codes are printable ASCII,
// so a p with other bytes keeps none.
func (w *Where) Prefix(col, p string) {
	if p == "" {
		return
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] > 0x7e {
			w.None = true
			return
		}
	}
	upper := p[:len(p)-1] + string(p[len(p)-1]+1)
	w.Add(col+" >= ? AND "+col+" < ?", p, upper)
}

// Within keeps rows whose division column col lies within d, as
// [land.DivisionCode.Contains] has it: the codes that begin with the
// significant digits of d, 2 for a province and 4 for a prefecture. An empty
// d keeps all and an invalid d keeps none.
func (w *Where) Within(col string, d land.DivisionCode) {
	if d == "" {
		return
	}
	prefix := string(d)
	switch d.Level() {
	case 0:
		w.None = true
		return
	case land.DivisionProvince:
		prefix = prefix[:2]
	case land.DivisionPrefecture:
		prefix = prefix[:4]
	}
	w.Prefix(col, prefix)
}

// String returns the clause with a leading space, or "" for no condition.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
