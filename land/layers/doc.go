// Package layers puts the land maps of a county on top of each other
// ("three maps in one", 三图合一). State land, collective land, contracted
// plots, saline land, high-standard farmland and village boundaries are
// polygon layers. Canals are lines, and gates and wells are points.
//
// A [Layer] holds features of one [Kind], each with an ID, a geometry in
// lon/lat degrees (CGCS2000) and a few typed [Attributes]. A [Map] holds at
// most one layer per kind and answers overlay queries between them:
// contracted plots on state land, contracted area on saline land,
// high-standard farmland coverage by village, and wells farther than a
// distance from the plots they are registered to irrigate. Areas are
// ellipsoidal in m² and distances in metres.
//
// Layers and maps are immutable after construction and safe for concurrent
// use.
package layers
