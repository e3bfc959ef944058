package sqlstore

import (
	"context"
	"database/sql"
	"strings"
)

// Children is a table of rows that belong to one record and keep its order,
// such as the members of a contractor: the key of the parent record in
// column Parent, the place of the row from 0 in column position, then Cols.
type Children struct {
	Table  string   // such as contractor_members
	Parent string   // the column with the parent record's key
	Cols   []string // the columns after Parent and position
}

// Batch sizes that keep statements well below the parameter limits of both
// dialects (32766 in SQLite since 3.32, 65535 in PostgreSQL).
const (
	insertBatchRows = 100
	selectBatchKeys = 500
)

// Replace stores rows, each with the values of Cols, as the child rows of
// parent in place of those stored before. A new parent, created, has none to
// delete.
func (c *Children) Replace(ctx context.Context, tx *Tx, parent string, rows [][]any, created bool) error {
	if !created {
		if _, err := tx.Exec(ctx, "DELETE FROM "+c.Table+" WHERE "+c.Parent+" = ?", parent); err != nil {
			return err
		}
	}
	for start := 0; start < len(rows); start += insertBatchRows {
		end := min(start+insertBatchRows, len(rows))
		if err := c.insert(ctx, tx, parent, start, rows[start:end]); err != nil {
			return err
		}
	}
	return nil
}

func (c *Children) insert(ctx context.Context, tx *Tx, parent string, first int, rows [][]any) error {
	width := 2 + len(c.Cols)
	tuple := "(" + Placeholders(width) + ")"
	tuples := make([]string, len(rows))
	args := make([]any, 0, len(rows)*width)
	for i, row := range rows {
		tuples[i] = tuple
		args = append(args, parent, int64(first+i))
		args = append(args, row...)
	}
	query := "INSERT INTO " + c.Table + " (" + c.Parent + ", position, " + strings.Join(c.Cols, ", ") +
		") VALUES " + strings.Join(tuples, ", ")
	_, err := tx.Exec(ctx, query, args...)
	return err
}

// LoadChildren reads the child rows in c of parents, in position order, from
// the snapshot that q reads, with a query per 500 parents. scan reads the
// columns Cols of a row, and add appends the child to its parent. key
// returns the key of a parent as column Parent holds it.
func LoadChildren[P, C any](ctx context.Context, q Querier, d Dialect, c *Children, parents []*P,
	key func(*P) string, scan func(row Scanner) (C, error), add func(parent *P, child C)) error {
	byKey := make(map[string]*P, len(parents))
	keys := make([]string, len(parents))
	for i, p := range parents {
		keys[i] = key(p)
		byKey[keys[i]] = p
	}
	for start := 0; start < len(keys); start += selectBatchKeys {
		end := min(start+selectBatchKeys, len(keys))
		err := c.load(ctx, q, d, keys[start:end], func(row *childRow) error {
			child, err := scan(row)
			if err != nil {
				return err
			}
			if p := byKey[row.parent]; p != nil {
				add(p, child)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// childRow is a row of Children.load. Its Scan reads the first column, the
// parent key, into parent, and the other columns into the destinations given.
type childRow struct {
	rows   *sql.Rows
	parent string
}

func (r *childRow) Scan(dest ...any) error {
	return r.rows.Scan(append([]any{&r.parent}, dest...)...)
}

// load runs one query for the child rows of parents and calls scan with each
// row.
func (c *Children) load(ctx context.Context, q Querier, d Dialect, parents []string,
	scan func(row *childRow) error) error {
	query := "SELECT " + c.Parent + ", " + strings.Join(c.Cols, ", ") + " FROM " + c.Table +
		" WHERE " + c.Parent + " IN (" + Placeholders(len(parents)) + ") ORDER BY " + c.Parent + ", position"
	args := make([]any, len(parents))
	for i, p := range parents {
		args[i] = p
	}
	rows, err := q.QueryContext(ctx, d.Bind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(&childRow{rows: rows}); err != nil {
			return err
		}
	}
	return rows.Err()
}
