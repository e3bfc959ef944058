// Package geodesy measures and projects land parcels on the Earth's
// ellipsoid: area in m² of lon/lat polygons, the transverse Mercator
// projections used for Chinese cadastral maps (CGCS2000 Gauss-Krüger zones)
// and GPS surveys (UTM), a registry of the EPSG codes that name them, and the
// GCJ-02 offset of Chinese web maps.
//
// Coordinates are lon, lat in degrees unless a name says otherwise.
// Projected coordinates are easting, northing in metres in function
// signatures, whatever axis order the EPSG definition of a CRS states
// (see [AxisOrder]).
//
// Area is measured on the authalic sphere, an exact equal-area map of the
// ellipsoid, with great-circle edges. [Ellipsoid.RingArea] describes the
// method and how far its edges differ from geodesics. The transverse Mercator projection uses
// Krüger's series in the third flattening n to order n⁶ as given by Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85
// (2011), accurate to well under 1 mm within 1000 km of the central meridian.
//
// Nothing in the package holds mutable state: every function and method is
// safe for concurrent use.
package geodesy
