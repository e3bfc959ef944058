package layers_test

import (
	"fmt"
	"log"

	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/layers"
)

// square returns the lon/lat square whose south-west corner is (lon, lat).
func square(lon, lat, side float64) *geom.Polygon {
	ring := []float64{lon, lat, lon + side, lat, lon + side, lat + side, lon, lat + side, lon, lat}
	return geom.NewPolygonFlat(geom.XY, ring, []int{len(ring)})
}

// Example lays contracted plots over state land and wells over the plots:
// one plot reaches into a state forest, and one well is far from the
// plot it is registered to irrigate.
func Example() {
	plots, err := layers.NewLayer(layers.ContractedPlots, []layers.Feature{
		{ID: "6542021010010100001", Geometry: square(87.600, 43.800, 0.002)},
		{ID: "6542021010010100002", Geometry: square(87.610, 43.800, 0.002)},
	})
	if err != nil {
		log.Fatal(err)
	}
	state, err := layers.NewLayer(layers.StateLand, []layers.Feature{
		{ID: "state-forest", Geometry: square(87.601, 43.801, 0.004)},
	})
	if err != nil {
		log.Fatal(err)
	}
	wells, err := layers.NewLayer(layers.Wells, []layers.Feature{
		{ID: "J0001", Geometry: geom.NewPointFlat(geom.XY, []float64{87.6010, 43.8010}),
			Attributes: layers.Attributes{Irrigates: []string{"6542021010010100001"}}},
		{ID: "J0002", Geometry: geom.NewPointFlat(geom.XY, []float64{87.6000, 43.8100}),
			Attributes: layers.Attributes{Irrigates: []string{"6542021010010100002"}}},
	})
	if err != nil {
		log.Fatal(err)
	}
	m, err := layers.NewMap(plots, state, wells)
	if err != nil {
		log.Fatal(err)
	}

	onState, err := m.ContractedOnStateLand(0)
	if err != nil {
		log.Fatal(err)
	}
	for _, o := range onState {
		fmt.Printf("plot %s on %s: %.0f m²\n", o.ID, o.OtherID, o.Area)
	}
	far, err := m.WellsFarFromPlots(500)
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range far {
		fmt.Printf("well %s is %.0f m from plot %s\n", w.WellID, w.Distance, w.PlotID)
	}
	// Output:
	// plot 6542021010010100001 on state-forest: 8941 m²
	// well J0002 is 1199 m from plot 6542021010010100002
}
