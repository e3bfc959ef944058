// Package trace traces farm products from plot to consumer: the producers, products and
// batches of a county, livestock by ear tag, certificates of conformity and test
// reports, the codes issued to items, the supply-chain steps as EPCIS 2.0 events, the
// product story a consumer sees after scanning a code, and fraud rules on scans and
// sales that raise flags for the county's alarms.
//
// # Register
//
// A [Producer] is a company, cooperative, family farm or collective keyed by its unified
// social credit code ([CreditCode], GB 32100-2015, check character validated). A
// [Product] of a producer carries a GTIN when the producer has a GS1 company prefix, and
// county-minted codes (package trace/mint) otherwise. A [Batch] is a lot of a product,
// linked to the land register by its plot code ([land.PlotCode]) and the key of the
// plot's planting record ([land.PlantingKey]), with its harvest day and a [Quantity] in
// a UN/ECE Recommendation 20 unit. An [Animal] is keyed by its 15-digit [EarTag].
//
// # Documents
//
// A [Certificate] is a certificate of conformity for edible farm products (承诺达标合格证)
// with the basis of its promise ([Bases]) and its test report; [Certificate.Validate]
// names every invalid field in a [ValidationError], and label.CertificateOf in package
// trace/label converts it to what that package prints. A [TestReport] holds a lab's
// results per item.
//
// # Codes and steps
//
// An [Issuance] allocates a range of serial numbers in one code space to a batch: a GTIN
// for GS1 codes, a minted batch ([MintSpace]) for county codes. A [Resolver] turns
// scanned text into a [CodeRef]; [MintResolver] and [GS1Resolver] read the two schemes.
// [Steps] builds the EPCIS 2.0 events of harvest, grading, packing, inspection, cold
// storage, shipping, receiving, retail sale and slaughter, with the CBV 2.0 business
// steps its doc comment lists. Things without GS1 keys are HTTP URIs under the county's
// domain ([Namespace]).
//
// # Scans, rules and flags
//
// A [Tracker] records each [Scan] with a coarse location and a hashed client, runs the
// fraud [Rules] on it (scan count, impossible travel, scan before activation, scan
// outside the destinations, bursts of unknown codes) and on retail sales (a second sale
// of one code), and stores the [Flag]s they raise with their [Evidence].
//
// # Stores and stories
//
// [Store] persists all of it, EPCIS events included through the embedded
// epcis.Repository. [MemoryStore] keeps it in memory; trace/tracesql implements it on
// SQLite and PostgreSQL, and trace/tracetest holds the conformance tests every
// implementation must pass. [StoryBuilder] assembles the [Story] of a code for the
// public lookup from the store, the land register and the events.
//
// The package does no network I/O and imports no SQL driver, MQTT or HTTP code.
package trace
