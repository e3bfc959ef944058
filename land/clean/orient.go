package clean

import (
	"math"
	"math/big"
)

// xy is a planar point in lon/lat degrees.
type xy struct{ x, y float64 }

// orientErrorBound is the relative error bound of the floating-point
// determinant in orient, (3 + 16ε)ε with ε = 2⁻⁵³, from J. R. Shewchuk,
// "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric
// Predicates" (1997).
const orientErrorBound = (3 + 16*0x1p-53) * 0x1p-53

// orient returns +1 when c lies to the left of the directed line a→b, -1
// when it lies to the right and 0 when the three points are collinear.
// The sign is exact: a determinant too close to zero for float64 is
// recomputed in rational arithmetic.
func orient(a, b, c xy) int {
	left := (a.x - c.x) * (b.y - c.y)
	right := (a.y - c.y) * (b.x - c.x)
	det := left - right
	bound := orientErrorBound * (math.Abs(left) + math.Abs(right))
	switch {
	case det > bound:
		return 1
	case det < -bound:
		return -1
	}
	return orientExact(a, b, c)
}

func orientExact(a, b, c xy) int {
	rat := func(f float64) *big.Rat { return new(big.Rat).SetFloat64(f) }
	acx := new(big.Rat).Sub(rat(a.x), rat(c.x))
	bcy := new(big.Rat).Sub(rat(b.y), rat(c.y))
	acy := new(big.Rat).Sub(rat(a.y), rat(c.y))
	bcx := new(big.Rat).Sub(rat(b.x), rat(c.x))
	left := new(big.Rat).Mul(acx, bcy)
	right := new(big.Rat).Mul(acy, bcx)
	return left.Cmp(right)
}

// between reports whether p, known to be collinear with a and b, lies on the
// closed segment a–b.
func between(a, b, p xy) bool {
	return math.Min(a.x, b.x) <= p.x && p.x <= math.Max(a.x, b.x) &&
		math.Min(a.y, b.y) <= p.y && p.y <= math.Max(a.y, b.y)
}

// signedArea2 returns twice the signed planar area of the closed ring in
// flat (stride values per vertex, last vertex equal to the first): positive
// for counter-clockwise. Coordinates are taken relative to the first vertex
// to keep the products small.
func signedArea2(flat []float64, stride int) float64 {
	n := len(flat) / stride
	if n < 4 {
		return 0
	}
	x0, y0 := flat[0], flat[1]
	var sum float64
	for i := 1; i+1 < n; i++ {
		ax, ay := flat[i*stride]-x0, flat[i*stride+1]-y0
		bx, by := flat[(i+1)*stride]-x0, flat[(i+1)*stride+1]-y0
		sum += ax*by - ay*bx
	}
	return sum
}
