// Package shapefile reads and writes ESRI shapefiles: the geometry file
// (.shp), its index (.shx), the dBASE attribute table (.dbf), the CRS
// (.prj) and the code page (.cpg), as laid down in the ESRI Shapefile
// Technical Description (July 1998) and the dBASE III/IV file format.
//
// A layer is the set of files sharing one base name. [Decode] reads a layer
// from bytes, [ReadFS] from any [io/fs.FS] such as a folder (os.DirFS) or a
// zip archive (archive/zip), and [Layers] lists the layers in such a file
// system. Shape types Point, PolyLine, Polygon and MultiPoint are read in
// their plain, Z and M variants; MultiPatch is not supported.
//
// Polygons follow the ESRI ring rule: outer rings are clockwise and holes
// counter-clockwise. Each hole goes to the smallest outer ring that
// contains it, a layer record with several outer rings becomes a
// MultiPolygon, and vertices keep their file order (outer rings stay
// clockwise). A counter-clockwise ring inside no outer ring is taken as an
// outer ring, and a record whose rings are all counter-clockwise is sorted
// by nesting depth instead, as GDAL does for such files.
//
// Text in the .dbf is decoded with, in order: [Options.Encoding], the code
// page named in the .cpg file, the language driver ID in the .dbf header,
// else UTF-8 when the text is valid UTF-8 and GB18030 when it is not
// (Chinese land-registration archives often carry GBK without a .cpg).
//
// A record that cannot be decoded gets [Record.Err], a *[RecordError] that
// names the file, the record number and the field, and the other records
// are still read. The record positions come from the .shx, or from a walk
// over the .shp when the .shx is missing, damaged or shorter than the
// .shp, and every .dbf row yields a record even when its shape is missing. Nothing in this package holds state between calls, so
// all functions are safe for concurrent use.
package shapefile
