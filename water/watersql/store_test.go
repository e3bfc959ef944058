package watersql_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watersql"
	"github.com/shuxiang/shuxiang/water/watertest"
)

func TestStoreSQLite(t *testing.T) {
	watertest.TestStore(t, func(t *testing.T) water.Store { return openStore(t, newDB(t, watersql.SQLite)) })
}

func TestStorePostgreSQL(t *testing.T) {
	watertest.TestStore(t, func(t *testing.T) water.Store { return openStore(t, newDB(t, watersql.PostgreSQL)) })
}
