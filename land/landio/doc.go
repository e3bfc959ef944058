// Package landio imports and exports plot geometries: GeoJSON (RFC 7946),
// WKT, WKB and PostGIS EWKB, with shapefiles, GeoPackage, KML and GPX read
// through the packages land/shapefile, land/gpkg, land/kml and land/gpx.
//
// [ReadFile] picks the format from the file name or content and returns
// every feature of the file in file order as a [Feature]: an index, an
// ID, a go-geom geometry in lon/lat degrees and the attributes. A feature
// that cannot be decoded or converted carries a [*FeatureError] in
// [Feature.Err] naming its index, its ID and the fault, and the other
// features of the file are still returned. Only faults that spoil the
// whole file (unreadable, unknown format or CRS, malformed JSON or XML)
// are returned as the error.
//
// Feature IDs come from, by format: the GeoJSON "id" member, the
// GeoPackage primary key, the KML Placemark id attribute, or else the
// property named by [Options.IDProperty], else the first of the properties
// "id", "fid" and "code" (GeoJSON, matched exactly) or "id", "fid", "code"
// and "dkbm" (shapefile fields and KML ExtendedData, matched without case;
// DKBM is the plot code field of NY/T 2539-2016). KML Placemarks and GPX
// tracks without any of these take their name. WKT and WKB features have
// no ID.
//
// Coordinates are converted to lon/lat with the projection that
// land/geodesy registers for the source EPSG code: the .prj of a
// shapefile, gpkg_spatial_ref_sys of a GeoPackage, the legacy "crs" member
// of GeoJSON, the SRID of EWKT and EWKB, else [Options.SourceEPSG]. KML and
// GPX are WGS 84 by definition. A file that names no CRS is taken as
// lon/lat: it is rejected when no feature lies within lon/lat range, and
// otherwise a feature with a coordinate outside that range gets
// [Feature.Err].
// Projected x is always the easting and y the northing, the order
// shapefiles, GeoPackage and PostGIS store, whatever axis order the EPSG
// definition states. The source CRS is returned as [CRSInfo].
//
// Ring orientation and validity are left as the file has them; land/clean
// checks and repairs them. The functions keep no state between calls and
// are safe for concurrent use.
package landio
