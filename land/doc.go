// Package land models rural land in a Chinese county: plots with their codes and boundaries,
// the collective that issues contracts, contractor households, contracts, land transfers
// (土地流转) and planting records, with the checks and statistics a county office runs.
//
// # Codes
//
// Every plot, contract issuer, contractor and contract carries the code that GB/T 35958-2018
// and NY/T 2539-2016 define (one code per plot, one code per contract). The code types
// validate themselves: see [PlotCode], [ContractCode] and their Parse functions.
//
// # Geometry and area
//
// A [Plot] boundary is a go-geom *geom.Polygon or *geom.MultiPolygon with XY layout in
// longitude, latitude order (degrees) on CGCS2000 (EPSG:4490). Holes are allowed. The measured
// area ([Plot.MeasuredArea]) is the ellipsoidal area in m² that land/geodesy computes, so it
// does not depend on ring winding. Declared areas, contracted areas and sown areas are
// decimal mu (shopspring/decimal) as written in the register, because registers are kept to
// a fixed number of decimal places and sums must not drift. One mu is exactly 10000/15 m²
// ([SquareMetresPerMu]); values are rounded only for display.
//
// # Land use
//
// [Use] holds a GB/T 21010-2017 land-use class: a two-digit first-level class such as 01
// (cultivated land) or a four-digit second-level class such as 0102 (irrigated land).
// [ParseUse2007] reads the three-digit classes of GB/T 21010-2007 that older surveys use and
// maps them to the 2017 classes.
//
// # Checks and statistics
//
// [CheckTransfers] finds the irregular land transfers a county office looks for: a transfer
// outside its contract's term, a plot transferred twice for overlapping periods, and more
// area transferred than contracted, per plot and per contract. [Abandoned] finds contracted
// plots without planting records for a run of seasons (撂荒地). The Area functions in
// stats.go total measured and declared area by village, land class, land use and crop.
//
// # Stores
//
// [Store] is the persistence interface the rest of Shuxiang uses. [MemoryStore] keeps
// everything in memory; land/landsql implements it on SQLite and PostgreSQL, and
// land/landtest holds the conformance tests every implementation must pass.
package land
