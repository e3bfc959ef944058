package land

import (
	"strings"
	"testing"
)

// TestPlantingStoreKeyOrder checks that the MemoryStore's string keys sort as
// PlantingKey.Compare does, which its paging relies on.
func TestPlantingStoreKeyOrder(t *testing.T) {
	var keys []PlantingKey
	for _, plot := range []PlotCode{"6531301010010100001", "6531301010010100002", "6531301010010100010"} {
		for _, year := range []int{1999, 2000, 2024} {
			for season := SeasonSpring; season <= SeasonWholeYear; season++ {
				for _, crop := range []string{"", "a", "ab", "b", "棉花", "玉米", "a/b"} {
					keys = append(keys, PlantingKey{Plot: plot, Year: year, Season: season, Crop: crop})
				}
			}
		}
	}
	for _, a := range keys {
		for _, b := range keys {
			want := a.Compare(b)
			got := strings.Compare(plantingStoreKey(a), plantingStoreKey(b))
			if got != want {
				t.Fatalf("%s vs %s: store keys compare %d, keys compare %d", a, b, got, want)
			}
		}
	}
}
