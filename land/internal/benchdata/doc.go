// Package benchdata loads the synthetic plots and query points used by the
// spatial, topology and area benchmarks.
//
// The data comes from the genplots generator as three CSV files without a
// header, all in lon/lat degrees on EPSG:4326:
//
//	plots.csv     id,"SRID=4326;POLYGON((lon lat,...))"               100,000 plots
//	overlaps.csv  id,"SRID=4326;POLYGON((lon lat,...))",neighbour_id  replacements
//	points.csv    id,lon,lat                                          query points
//
// Each replacement plot overlaps exactly the neighbour it names, so applying
// all of them ([Set.PlotsWithOverlaps]) gives a set with a known list of
// overlapping pairs ([Set.ExpectedPairs]).
//
// The package never locates the data itself: callers pass the folder, and
// tests pass the generator's module folder to [Cache.Load].
package benchdata
