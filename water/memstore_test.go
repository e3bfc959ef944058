package water_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/watertest"
)

func TestMemoryStore(t *testing.T) {
	watertest.TestStore(t, func(t *testing.T) water.Store { return water.NewMemoryStore(nil) })
}

func TestMemoryStoreZeroValue(t *testing.T) {
	watertest.TestStore(t, func(t *testing.T) water.Store { return &water.MemoryStore{} })
}
