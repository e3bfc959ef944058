package land_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/landtest"
)

func TestMemoryStore(t *testing.T) {
	landtest.TestStore(t, func(t *testing.T) land.Store { return land.NewMemoryStore(nil) })
}

func TestMemoryStoreZeroValue(t *testing.T) {
	landtest.TestStore(t, func(t *testing.T) land.Store { return new(land.MemoryStore) })
}
