// Package label exports issued trace codes for printing: CSV files for print shops, QR
// code images in PNG, PDF sheets of labels on A4, and the printable certificate of
// conformity (承诺达标合格证) that producers hand over with a lot.
//
// # Records and links
//
// A [Record] is one issued code with its batch, serial and product name. [Links] turns
// a code into the lookup URL that its QR code carries, such as
// https://trace.example.cn/t/1SE61XHPSF46E73Q, with the code in its compact form.
// Labels print the code in its grouped form, 1SE6-1XHP-SF46-E73Q, for people to type.
//
// # Streaming
//
// [Stream] issues a batch through a [mint.Minter] in chunks and hands each chunk to
// every [Sink]: a [CSVWriter], a [PNGArchive], a [SheetWriter] or the caller's store.
// Memory stays bounded by the chunk size whatever the batch size, except inside a PDF
// file (see [SheetWriter]).
//
// # Fonts
//
// Product names and certificates in Chinese need a TrueType font with CJK glyphs, which
// the caller passes as bytes in [SheetOptions.Font] or [CertificateOptions.Font]; no
// font ships with this package. Without one, the PDF writers use the PDF core fonts,
// which print ASCII only, and reject any other text with [ErrFontRequired]. A font
// collection (.ttc) or an OpenType font with CFF outlines (.otf) does not load: use a
// .ttf file, such as DroidSansFallbackFull.ttf from Debian's fonts-droid-fallback.
package label
