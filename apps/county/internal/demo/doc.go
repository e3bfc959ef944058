// Package demo generates the demo county that `county demo` serves. For package land it
// makes divisions, contract issuers, plots laid out as strips along canals, households
// with members, contracts, land transfers and planting records. For package water it
// makes wells, plans, water from electricity (以电折水) coefficients, reservoirs, canals,
// gates and village supply meters. County.Devices lists the simulated field devices the
// demo runs for them.
//
// Generate is deterministic: one seed and one Size give the same County every time on
// one platform. The county code 654229 has the GB/T 2260 layout of a county of Tacheng
// prefecture (6542) in Xinjiang, and the county, township, village and person names are
// fictional, built from syllable lists. Coordinates are lon, lat degrees on CGCS2000
// between about 83.3°E and 83.4°E and 44.78°N and 44.85°N for the default size.
package demo
