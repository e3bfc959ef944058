package landsql

import (
	"context"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
)

// childTable describes rows that belong to one record and keep its order,
// such as the members of a contractor.
type childTable struct {
	name   string   // SQL table name
	parent string   // column with the parent record's code
	cols   []string // columns after parent and position
}

// Batch sizes that keep statements well below the parameter limits of both
// dialects (32766 in SQLite since 3.32, 65535 in PostgreSQL).
const (
	insertBatchRows = 100
	selectBatchKeys = 500
)

// replace stores rows as the child rows of parent, numbered from 0 in order,
// in place of those stored before. A new parent has none to delete.
func (c childTable) replace(ctx context.Context, tx *sqlstore.Tx, parent string, rows [][]any, created bool) error {
	if !created {
		if _, err := tx.Exec(ctx, "DELETE FROM "+c.name+" WHERE "+c.parent+" = ?", parent); err != nil {
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

func (c childTable) insert(ctx context.Context, tx *sqlstore.Tx, parent string, first int, rows [][]any) error {
	width := 2 + len(c.cols)
	tuple := "(" + sqlstore.Placeholders(width) + ")"
	tuples := make([]string, len(rows))
	args := make([]any, 0, len(rows)*width)
	for i, row := range rows {
		tuples[i] = tuple
		args = append(args, parent, int64(first+i))
		args = append(args, row...)
	}
	query := "INSERT INTO " + c.name + " (" + c.parent + ", position, " + strings.Join(c.cols, ", ") +
		") VALUES " + strings.Join(tuples, ", ")
	_, err := tx.Exec(ctx, query, args...)
	return err
}

// load scans the child rows of parents in parent and position order. Each
// row has the parent code first, then the columns of c.
func (c childTable) load(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, parents []string,
	scan func(sqlstore.Scanner) error) error {
	for start := 0; start < len(parents); start += selectBatchKeys {
		end := min(start+selectBatchKeys, len(parents))
		if err := c.loadBatch(ctx, q, d, parents[start:end], scan); err != nil {
			return err
		}
	}
	return nil
}

func (c childTable) loadBatch(ctx context.Context, q sqlstore.Querier, d sqlstore.Dialect, parents []string,
	scan func(sqlstore.Scanner) error) error {
	query := "SELECT " + c.parent + ", " + strings.Join(c.cols, ", ") + " FROM " + c.name +
		" WHERE " + c.parent + " IN (" + sqlstore.Placeholders(len(parents)) + ") ORDER BY " + c.parent + ", position"
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
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
