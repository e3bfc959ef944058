package bulk

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/shuxiang/shuxiang/apps/county/internal/server"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// ImportWells imports the wells of a CSV file in the layout of [WellColumns].
// A row whose code is stored updates that well in the columns the file has and
// keeps the other fields. The returned error is for a file that cannot be read
// at all (not CSV, an unknown or missing column) or a failed database write;
// bad rows go to the report.
func ImportWells(ctx context.Context, s Stores, r io.Reader, opts Options) (*Report, error) {
	t, err := openCSV(r, WellColumns(), wellTextColumns...)
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: "wells", DryRun: opts.DryRun}
	var changes []change
	lines := map[water.WellCode]int{}
	for {
		row, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !rejectParseError(rep, err) {
				return nil, err
			}
			continue
		}
		if row.blank() {
			continue
		}
		rep.Read++
		c, unchanged, p := s.wellChange(ctx, row, lines)
		switch {
		case p != nil:
			rep.reject(*p)
		case unchanged:
			rep.Unchanged++
		default:
			changes = append(changes, c)
		}
	}
	return rep, commit(ctx, s, opts, rep, changes)
}

// rejectParseError counts a row with broken quoting as rejected and reports
// whether err was such a row.
func rejectParseError(rep *Report, err error) bool {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return false
	}
	rep.Read++
	rep.reject(Problem{Record: fmt.Sprintf("line %d", pe.StartLine), pos: pe.StartLine, Reason: "invalid_csv",
		Message: fmt.Sprintf("%v; quote a cell that has commas or quotes, and double the quotes inside it", pe.Err)})
	return true
}

// wellChange checks one row and returns the change it makes, or unchanged,
// or the problem that rejects it.
func (s Stores) wellChange(ctx context.Context, row csvRow, lines map[water.WellCode]int) (change, bool, *Problem) {
	reject := func(err error) (change, bool, *Problem) {
		p := row.problem(err)
		return change{}, false, &p
	}
	if err := row.requiredCells(WellColumns()); err != nil {
		return reject(err)
	}
	code, err := water.ParseWellCode(row.cell("code"))
	if err != nil {
		return reject(cellError("code", row.cell("code"), "invalid_code", "%v", err))
	}
	if first, dup := lines[code]; dup {
		return reject(cellError("code", string(code), "duplicate_code",
			"well %s is also on line %d; keep one row per well", code, first))
	}
	lines[code] = row.line

	stored, err := s.Water.Well(ctx, code)
	if err != nil && !errors.Is(err, water.ErrNotFound) {
		return reject(fmt.Errorf("read well %s: %w", code, err))
	}
	rec := &water.WellRecord{}
	if stored != nil {
		rec = cloneWell(stored)
	}
	if err := applyWellRow(&rec.Well, row); err != nil {
		return reject(err)
	}
	if err := rec.Validate(); err != nil {
		return reject(wellValidationError(err))
	}
	if stored != nil && maps.Equal(wellCells(&stored.Well), wellCells(&rec.Well)) {
		return change{}, true, nil
	}

	c := change{record: row.record(), pos: row.line, kind: "well", key: string(code), division: string(rec.Division)}
	if stored != nil {
		if c.before, err = server.WellJSON(stored); err != nil {
			return reject(err)
		}
	}
	c.put = func(ctx context.Context) (string, json.RawMessage, []auditRecord, error) {
		if err := s.Water.PutWell(ctx, rec); err != nil {
			return "", nil, nil, err
		}
		after, err := server.WellJSON(rec)
		return c.key, after, nil, err
	}
	return c, false, nil
}

// requiredCells reports the first required column of layout that is empty.
func (r csvRow) requiredCells(layout []Column) error {
	for _, c := range layout {
		if c.Required {
			if _, err := r.required(c.Name, c.Help); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyWellRow sets the fields of the columns the file has, in layout order.
func applyWellRow(w *water.Well, row csvRow) error {
	for _, c := range wellLayout {
		if _, ok := row.t.index[c.Name]; !ok {
			continue
		}
		v := row.cell(c.Name)
		if err := c.set(w, v); err != nil {
			return cellError(c.Name, v, "invalid_"+c.Name, "%v", err)
		}
	}
	return nil
}

// wellValidationError names the column of the first field error of err.
func wellValidationError(err error) error {
	var fe *water.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	column := wellColumnOf(fe.Field)
	if column == "" {
		return err
	}
	return cellError(column, fe.Value, "invalid_"+column, "%s", fe.Reason)
}

func cloneWell(w *water.WellRecord) *water.WellRecord {
	c := *w
	c.Plots = slices.Clone(w.Plots)
	c.Meters = slices.Clone(w.Meters)
	return &c
}

// ExportWells writes the wells within division (every well when division is
// empty) as CSV in the layout of [WellColumns], in code order.
func ExportWells(ctx context.Context, s Stores, w io.Writer, division land.DivisionCode) (int, error) {
	cw, err := newCSVWriter(w, WellColumns(), wellTextColumns...)
	if err != nil {
		return 0, err
	}
	n := 0
	err = eachWell(ctx, s.Water, division, func(wl *water.WellRecord) error {
		n++
		return cw.write(wellCells(&wl.Well))
	})
	if err != nil {
		return n, err
	}
	return n, cw.flush()
}

// exportPage is the page size of the listings an export walks.
const exportPage = 500

// eachWell calls f for every well within division, in code order.
func eachWell(ctx context.Context, ws water.Store, division land.DivisionCode, f func(*water.WellRecord) error) error {
	after := ""
	for {
		wells, next, err := ws.Wells(ctx, water.WellFilter{Division: division, Page: land.Page{Limit: exportPage, After: after}})
		if err != nil {
			return fmt.Errorf("list wells: %w", err)
		}
		for _, wl := range wells {
			if err := f(wl); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		after = next
	}
}
