// Package bulk imports and exports the county registers as files. Plots come
// from boundary files (GeoJSON, Shapefile, GeoPackage, KML, GPX, WKT) and go to
// GeoJSON or a zipped Shapefile. Wells and water-use plans come from and go to
// CSV, and the wells' daily water totals go to CSV. The county command's import and export
// subcommands are thin layers over it.
//
// An import checks every record on its own. A bad record becomes a [Problem]
// that names the record, the field, the value and the fix, and the other
// records are imported, unless [Options.Atomic] asks for all or nothing.
// A record whose key is already stored is compared field by field: when
// nothing differs it is left alone, and otherwise it is updated with the
// version read, so importing a file twice changes nothing the second time.
// Every create and update is written to the audit log in the form the HTTP
// API writes, with the actor of [Options.Actor].
//
// The CSV column layouts are the same for import and export, so an exported
// file imports back unchanged. They are listed by [WellColumns] and
// [PlanColumns] and described in the county command's README.
package bulk
