package trace_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/tracetest"
)

func TestMemoryStore(t *testing.T) {
	tracetest.TestStore(t, func(t *testing.T) trace.Store { return trace.NewMemoryStore(nil) })
}
