package spatial

import "math"

// hilbertBits is the resolution of each axis on the Hilbert curve.
const hilbertBits = 16

// hilbertKey returns the distance along a Hilbert curve of order 16 through
// extent to the centre of b. Empty boxes get the largest key, so they sort
// last.
func hilbertKey(b, extent Box) uint64 {
	if b.IsEmpty() {
		return math.MaxUint32
	}
	const cells = 1<<hilbertBits - 1
	x := scaleToGrid((b.MinLon+b.MaxLon)/2, extent.MinLon, extent.MaxLon, cells)
	y := scaleToGrid((b.MinLat+b.MaxLat)/2, extent.MinLat, extent.MaxLat, cells)
	return uint64(hilbertDistance(x, y))
}

func scaleToGrid(v, lo, hi float64, cells uint32) uint32 {
	if !(hi > lo) {
		return 0
	}
	return uint32(math.Round((v - lo) / (hi - lo) * float64(cells)))
}

// hilbertDistance maps grid cell (x, y), each below 2^16, to its position
// along the Hilbert curve by walking the quadrants from the largest down,
// rotating the frame so each sub-square is entered the same way.
func hilbertDistance(x, y uint32) uint32 {
	var d uint32
	for s := uint32(1) << (hilbertBits - 1); s > 0; s >>= 1 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				x = s - 1 - x&(s-1)
				y = s - 1 - y&(s-1)
			}
			x, y = y, x
		}
	}
	return d
}
