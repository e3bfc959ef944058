package trace

import (
	"context"
	"time"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// Store persists the traceability records of a county. It is the union of the smaller
// interfaces below, so that a consumer can ask for only the part it uses.
// Implementations are safe for concurrent use. The package trace/tracetest tests that an
// implementation meets the rules below.
//
// Records with a key have four methods, as [land.Store] has. PutX stores a record that
// passes its Validate method and returns the validation error otherwise. A record with
// Version 0 is created, and PutX fails with [ErrConflict] if one with the same key
// exists. A record with another Version replaces the stored record when the stored
// Version equals it, fails with [ErrConflict] when it does not, and fails with
// [ErrNotFound] when there is none. On success PutX sets the record's Version to the new
// version (1 after a create) and UpdatedAt to the store's clock. X returns a copy of one
// record or [ErrNotFound]. DeleteX removes one record or returns [ErrNotFound]. Xs lists
// records in key order, one page at a time, where keys compare as bytes (the C collation
// in SQL), so that every store pages alike.
//
// Scans and flags are added, never changed: the store assigns their IDs, which grow with
// each one added. Events are captured and queried through the [epcis.Repository] that a
// Store embeds, with its rules on duplicates.
//
// Stores keep times in UTC truncated to whole microseconds ([StoreTime]) and decimals
// with the places they were written with. Records passed in and returned are copies.
// Stores keep no references between records, such as from a batch to its product,
// because registers arrive separately and in any order.
type Store interface {
	RegisterStore
	DocumentStore
	CodeStore
	ScanStore
	epcis.Repository
}

// RegisterStore persists producers, products, batches and animals.
type RegisterStore interface {
	PutProducer(ctx context.Context, p *Producer) error
	Producer(ctx context.Context, code CreditCode) (*Producer, error)
	DeleteProducer(ctx context.Context, code CreditCode) error
	Producers(ctx context.Context, f ProducerFilter) (producers []*Producer, next string, err error)

	PutProduct(ctx context.Context, p *Product) error
	Product(ctx context.Context, id ProductID) (*Product, error)
	DeleteProduct(ctx context.Context, id ProductID) error
	Products(ctx context.Context, f ProductFilter) (products []*Product, next string, err error)

	PutBatch(ctx context.Context, b *Batch) error
	Batch(ctx context.Context, id BatchID) (*Batch, error)
	DeleteBatch(ctx context.Context, id BatchID) error
	Batches(ctx context.Context, f BatchFilter) (batches []*Batch, next string, err error)

	PutAnimal(ctx context.Context, a *Animal) error
	Animal(ctx context.Context, tag EarTag) (*Animal, error)
	DeleteAnimal(ctx context.Context, tag EarTag) error
	Animals(ctx context.Context, f AnimalFilter) (animals []*Animal, next string, err error)
}

// DocumentStore persists certificates of conformity and test reports, each keyed by its
// number.
type DocumentStore interface {
	PutCertificate(ctx context.Context, c *Certificate) error
	Certificate(ctx context.Context, number string) (*Certificate, error)
	DeleteCertificate(ctx context.Context, number string) error
	Certificates(ctx context.Context, f CertificateFilter) (certificates []*Certificate, next string, err error)

	PutReport(ctx context.Context, r *TestReport) error
	Report(ctx context.Context, number string) (*TestReport, error)
	DeleteReport(ctx context.Context, number string) error
	Reports(ctx context.Context, f ReportFilter) (reports []*TestReport, next string, err error)
}

// CodeStore persists code issuances and the state of single codes. An issuance is one
// record however many codes it holds, so issuing a million codes writes one row.
type CodeStore interface {
	// PutIssuance stores an issuance as [Store] describes. It also fails with
	// [ErrConflict] when the serial range overlaps that of another issuance in the same
	// code space.
	PutIssuance(ctx context.Context, i *Issuance) error
	Issuance(ctx context.Context, id string) (*Issuance, error)
	DeleteIssuance(ctx context.Context, id string) error
	Issuances(ctx context.Context, f IssuanceFilter) (issuances []*Issuance, next string, err error)
	// IssuanceFor returns the issuance whose space and serial range hold ref, or
	// [ErrNotFound].
	IssuanceFor(ctx context.Context, ref CodeRef) (*Issuance, error)

	PutCodeState(ctx context.Context, s *CodeState) error
	CodeState(ctx context.Context, epc string) (*CodeState, error)
	DeleteCodeState(ctx context.Context, epc string) error
	CodeStates(ctx context.Context, f CodeStateFilter) (states []*CodeState, next string, err error)
	// RecordSale counts one retail sale of the code at the time and place in its state,
	// creating the state when the code has none, in one transaction, and returns the
	// state stored.
	RecordSale(ctx context.Context, sale Sale) (*CodeState, error)
}

// Sale is one retail sale of a code.
type Sale struct {
	EPC      string
	Issuance string
	Serial   uint64
	At       time.Time
	// Place is the division code of the shop; it may be empty.
	Place land.DivisionCode
}

// ScanStore persists scans and the flags the fraud rules raise.
type ScanStore interface {
	// AddScan stores a scan that passes its Validate method, with its time as
	// [StoreTime] returns it, and sets s.ID. It rejects a scan whose ID is set.
	AddScan(ctx context.Context, s *Scan) error
	// Scans lists scans in ID order.
	Scans(ctx context.Context, f ScanFilter) (scans []*Scan, next string, err error)
	// ScanStats returns the count, first time and latest scan of a code.
	ScanStats(ctx context.Context, epc string) (ScanStats, error)
	// ClientFailures returns the IDs of the client's unissued and malformed scans at or
	// after since, in ID order.
	ClientFailures(ctx context.Context, client string, since time.Time) ([]int64, error)

	// AddFlag stores a flag that passes its Validate method and sets f.ID. It rejects a
	// flag whose ID is set.
	AddFlag(ctx context.Context, f *Flag) error
	Flag(ctx context.Context, id int64) (*Flag, error)
	// Flags lists flags in ID order.
	Flags(ctx context.Context, f FlagFilter) (flags []*Flag, next string, err error)
}

// ProducerFilter selects producers; each zero field matches every producer.
type ProducerFilter struct {
	// Division keeps producers whose Division lies within this division.
	Division land.DivisionCode
	Kind     ProducerKind
	land.Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f ProducerFilter) Match(p *Producer) bool {
	return within(p.Division, f.Division) && (f.Kind == 0 || p.Kind == f.Kind)
}

// ProductFilter selects products; each zero field matches every product.
type ProductFilter struct {
	Producer CreditCode
	Category Category
	land.Page
}

// Match reports whether p passes the filter, ignoring the page.
func (f ProductFilter) Match(p *Product) bool {
	return (f.Producer == "" || p.Producer == f.Producer) && (f.Category == 0 || p.Category == f.Category)
}

// BatchFilter selects batches; each zero field matches every batch.
type BatchFilter struct {
	Product ProductID
	Plot    land.PlotCode
	// Origin keeps batches whose Origin lies within this division.
	Origin land.DivisionCode
	// HarvestedFrom and HarvestedTo keep batches harvested on these days, both included.
	HarvestedFrom, HarvestedTo land.Date
	land.Page
}

// Match reports whether b passes the filter, ignoring the page.
func (f BatchFilter) Match(b *Batch) bool {
	return (f.Product == "" || b.Product == f.Product) &&
		(f.Plot == "" || b.Plot == f.Plot) &&
		within(b.Origin, f.Origin) &&
		(f.HarvestedFrom.IsZero() || !b.HarvestedOn.Before(f.HarvestedFrom)) &&
		(f.HarvestedTo.IsZero() || !b.HarvestedOn.After(f.HarvestedTo))
}

// AnimalFilter selects animals; each zero field matches every animal.
type AnimalFilter struct {
	Farm    CreditCode
	Species Species
	// Origin keeps animals whose Origin lies within this division.
	Origin land.DivisionCode
	land.Page
}

// Match reports whether a passes the filter, ignoring the page.
func (f AnimalFilter) Match(a *Animal) bool {
	return (f.Farm == "" || a.Farm == f.Farm) && (f.Species == 0 || a.Tag.Species() == f.Species) &&
		within(a.Origin, f.Origin)
}

// CertificateFilter selects certificates; each zero field matches every certificate.
type CertificateFilter struct {
	Batch BatchID
	// Issuer keeps the certificates of the issuer with this credit code.
	Issuer CreditCode
	// IssuedFrom and IssuedTo keep certificates issued on these days, both included.
	IssuedFrom, IssuedTo land.Date
	land.Page
}

// Match reports whether c passes the filter, ignoring the page.
func (f CertificateFilter) Match(c *Certificate) bool {
	return (f.Batch == "" || c.Batch == f.Batch) && (f.Issuer == "" || c.Issuer.Code == f.Issuer) &&
		(f.IssuedFrom.IsZero() || !c.IssuedOn.Before(f.IssuedFrom)) &&
		(f.IssuedTo.IsZero() || !c.IssuedOn.After(f.IssuedTo))
}

// ReportFilter selects test reports; each zero field matches every report.
type ReportFilter struct {
	Batch   BatchID
	Product ProductID
	Result  Result
	land.Page
}

// Match reports whether r passes the filter, ignoring the page.
func (f ReportFilter) Match(r *TestReport) bool {
	return (f.Batch == "" || r.Batch == f.Batch) && (f.Product == "" || r.Product == f.Product) &&
		(f.Result == 0 || r.Result == f.Result)
}

// IssuanceFilter selects issuances; each zero field matches every issuance.
type IssuanceFilter struct {
	Batch  BatchID
	Scheme Scheme
	Space  string
	State  IssuanceState
	land.Page
}

// Match reports whether i passes the filter, ignoring the page.
func (f IssuanceFilter) Match(i *Issuance) bool {
	return (f.Batch == "" || i.Batch == f.Batch) && (f.Scheme == 0 || i.Scheme == f.Scheme) &&
		(f.Space == "" || i.Space == f.Space) && (f.State == 0 || i.State == f.State)
}

// CodeStateFilter selects code states; each zero field matches every state.
type CodeStateFilter struct {
	Issuance string
	// Sold keeps codes with at least one sale; Resold keeps codes with more than one.
	Sold, Resold bool
	// Voided keeps voided codes.
	Voided bool
	land.Page
}

// Match reports whether s passes the filter, ignoring the page.
func (f CodeStateFilter) Match(s *CodeState) bool {
	return (f.Issuance == "" || s.Issuance == f.Issuance) && (!f.Sold || s.Sales > 0) &&
		(!f.Resold || s.Sales > 1) && (!f.Voided || s.Voided)
}

// ScanFilter selects scans; each zero field matches every scan.
type ScanFilter struct {
	EPC      string
	Client   string
	Issuance string
	Status   ScanStatus
	// Since and Until keep scans at or after Since and before Until.
	Since, Until time.Time
	land.Page
}

// Match reports whether s passes the filter, ignoring the page.
func (f ScanFilter) Match(s *Scan) bool {
	return (f.EPC == "" || s.EPC == f.EPC) && (f.Client == "" || s.Client == f.Client) &&
		(f.Issuance == "" || s.Issuance == f.Issuance) && (f.Status == 0 || s.Status == f.Status) &&
		(f.Since.IsZero() || !s.At.Before(f.Since)) && (f.Until.IsZero() || s.At.Before(f.Until))
}

// FlagFilter selects flags; each zero field matches every flag.
type FlagFilter struct {
	EPC      string
	Issuance string
	Rule     RuleKind
	// MinSeverity keeps flags of this severity or more.
	MinSeverity Severity
	// Since keeps flags raised at or after this time.
	Since time.Time
	land.Page
}

// Match reports whether fl passes the filter, ignoring the page.
func (f FlagFilter) Match(fl *Flag) bool {
	return (f.EPC == "" || fl.EPC == f.EPC) && (f.Issuance == "" || fl.Issuance == f.Issuance) &&
		(f.Rule == 0 || fl.Rule == f.Rule) && fl.Severity >= f.MinSeverity &&
		(f.Since.IsZero() || !fl.At.Before(f.Since))
}

// within reports whether d lies within division, or whether division is empty.
func within(d, division land.DivisionCode) bool {
	return division == "" || division.Contains(d)
}
