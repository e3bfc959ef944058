// Package gs1 reads, checks and writes GS1 identifiers for traceability:
// check digits and GTINs, Application Identifier (AI) element strings,
// GS1 Digital Link URIs and the scan data of GS1 barcodes.
//
// # Keys and check digits
//
// [CheckDigit], [ValidateCheckDigit] and [HasValidCheckDigit] implement the
// GS1 mod-10 check digit that GTINs, SSCCs, GLNs, GSRNs, GDTIs, GSINs and
// GRAIs end in. [ValidateGTIN] accepts GTIN-8, -12, -13 and -14, and
// [GTIN14] pads the shorter ones to the 14 digits that AI (01), EPCIS and
// Digital Link use. [Key] names the GS1 keys, and GLN.Validate(v) checks a
// key against the format of its AI; [ValidateValue] does the same for the
// value of any AI.
//
// # Application Identifiers
//
// [Lookup] returns an [AI] from the table of every AI of the GS1 General
// Specifications: its format, whether it needs an FNC1 separator, its
// Digital Link role (primary key, key qualifiers, data attribute) and its
// association rules. A value is checked component by component: length,
// character set (numeric, set 82, set 39, set 64), and content checks such
// as check digits, dates, ISO 3166 countries, ISO 4217 currencies, IBANs,
// percent-encoding and coupon structure. A failed check returns an
// [*Error] that names the AI, the value, the byte at fault and a [Reason].
// Callers branch on the reason with errors.Is(err, gs1.IncorrectCheckDigit).
//
// # Element strings
//
// [ParseBracketed] reads "(01)09520123456788(10)ABC" and
// [ParseElementString] reads the unbracketed form a barcode carries, with
// FNC1 written as GS (ASCII 29) or "^". Both return [Elements], which write
// themselves back with [Elements.String] and [Elements.AppendElementString].
// [Parser.CheckAssociations] applies the rules between AIs: repeated AIs,
// AIs that exclude each other, AIs that require others.
//
// # GS1 Digital Link
//
// [ParseDigitalLink] reads a GS1 Digital Link URI into a [DigitalLink]: the
// stem, the primary key and key qualifiers of the path, the data attributes
// of the query string and the other query parameters. [BuildDigitalLink]
// and [Parser.NewDigitalLink] go the other way from element strings,
// [CanonicalDigitalLink] writes the canonical form under
// https://id.gs1.org, and [EventHashDigitalLink] the constrained form that
// the EPCIS 2.0 event hash uses. [PathEscape] and [QueryEscape] apply the
// percent-encoding rules of Digital Link.
//
// # Scan data
//
// [ParseScanData] reads what a barcode scanner transmits: an AIM symbology
// identifier such as ]d2 (GS1 DataMatrix), ]Q3 (GS1 QR Code), ]C1 (GS1-128),
// ]e0 (GS1 DataBar and composites) or ]E0 (EAN-13, UPC-A), followed by the
// data. [ScanData.Encode] produces it.
//
// # Options
//
// A zero [Parser] applies the current rules strictly. Its fields permit
// unknown AIs, the GTIN-8/12/13 and short names such as /gtin/ of Digital
// Link 1.0 and 1.1, unordered key qualifiers, and turn off the association
// checks for data that is later combined with other barcodes on the same
// item. The package-level functions use a zero Parser.
//
// The parsers do not allocate beyond the returned slice of elements unless
// a value needs decoding. Everything in this package is safe for
// concurrent use.
package gs1
