package demo_test

import (
	"testing"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
)

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := demo.Generate(uint64(i), demo.Size{}); err != nil {
			b.Fatal(err)
		}
	}
}
