package trace

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// Story is the public lookup's account of a code: the producer, the plot and the day of
// harvest, the steps since, and the certificate and test report.
type Story struct {
	// EPC is the canonical URI of the code looked up.
	EPC      string
	Issuance *Issuance
	Producer *Producer
	Product  *Product
	Batch    *Batch
	// Plot is nil for a batch without a plot or when the land register lacks it.
	Plot *StoryPlot
	// Planting is nil when the batch links none or the land register lacks it.
	Planting *land.Planting
	// Steps are the events that name the code, its lot or a container it was packed in,
	// in time order.
	Steps []StoryStep
	// Certificate is the latest certificate of conformity of the batch, and Report its
	// latest test report; nil when there is none.
	Certificate *Certificate
	Report      *TestReport
	// Scans counts the code's scans so far and gives the time of the first.
	Scans ScanStats
}

// StoryPlot is the part of a plot shown to consumers.
type StoryPlot struct {
	Code    land.PlotCode
	Name    string
	Village land.DivisionCode
	// Area is the declared area in mu.
	Area decimal.Decimal
}

// StoryStep is one event of a [Story].
type StoryStep struct {
	At          time.Time
	BizStep     epcis.BizStep
	Disposition epcis.Disposition
	// Location is the business location URI, or the read point when the event has no
	// business location; empty when it has neither.
	Location string
	Event    *epcis.Event
}

// LandSource is the part of a land.Store that a [StoryBuilder] reads.
type LandSource interface {
	Plot(ctx context.Context, code land.PlotCode) (*land.Plot, error)
	Planting(ctx context.Context, key land.PlantingKey) (*land.Planting, error)
}

// EventSource returns the events that name any of the EPCs (as an EPC, a parent, a child,
// an input or an output) or any of the EPC classes (in a quantity list), in any order.
type EventSource interface {
	EventsNaming(ctx context.Context, epcs, classes []string) ([]*epcis.Event, error)
}

// RepositoryEvents is an [EventSource] on an EPCIS repository, such as a [Store].
type RepositoryEvents struct {
	Repository epcis.Repository
}

// EventsNaming implements [EventSource] with two queries, MATCH_anyEPC and
// MATCH_anyEPCClass, each read to its last page.
func (r RepositoryEvents) EventsNaming(ctx context.Context, epcs, classes []string) ([]*epcis.Event, error) {
	var out []*epcis.Event
	queries := []epcis.Query{{AnyEPCs: epcs}, {AnyEPCClasses: classes}}
	for i, q := range queries {
		if (i == 0 && len(epcs) == 0) || (i == 1 && len(classes) == 0) {
			continue
		}
		q.OrderAscending = true
		for {
			page, err := r.Repository.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			for j := range page.Events {
				out = append(out, &page.Events[j])
			}
			if page.NextPageToken == "" {
				break
			}
			q.PageToken = page.NextPageToken
		}
	}
	return out, nil
}

// StoryBuilder assembles a [Story] from the trace store, the land register and the
// event repository. Land and Events may be nil: the story then lacks plot, planting and
// steps.
type StoryBuilder struct {
	Store    Store
	Land     LandSource
	Events   EventSource
	Resolver Resolver
	Steps    Steps
}

// maxContainerDepth bounds how many levels of containers (case, pallet, container) a
// story follows up from the item.
const maxContainerDepth = 4

// Story returns the story of the code in text. It fails with an error wrapping
// [ErrMalformed] or [ErrNotFound] when the text is not an issued code.
func (b *StoryBuilder) Story(ctx context.Context, text string) (*Story, error) {
	ref, err := b.Resolver.Resolve(text)
	if err != nil {
		return nil, fmt.Errorf("trace: story of %q: %w", text, err)
	}
	st := &Story{EPC: ref.EPC}
	if st.Issuance, err = b.Store.IssuanceFor(ctx, ref); err != nil {
		return nil, err
	}
	if err := b.register(ctx, st); err != nil {
		return nil, err
	}
	if err := b.land(ctx, st); err != nil {
		return nil, err
	}
	if err := b.documents(ctx, st); err != nil {
		return nil, err
	}
	if err := b.events(ctx, st); err != nil {
		return nil, err
	}
	st.Scans, err = b.Store.ScanStats(ctx, st.EPC)
	return st, err
}

func (b *StoryBuilder) register(ctx context.Context, st *Story) error {
	var err error
	if st.Batch, err = b.Store.Batch(ctx, st.Issuance.Batch); err != nil {
		return err
	}
	if st.Product, err = b.Store.Product(ctx, st.Batch.Product); err != nil {
		return err
	}
	st.Producer, err = optional(b.Store.Producer(ctx, st.Product.Producer))
	return err
}

func (b *StoryBuilder) land(ctx context.Context, st *Story) error {
	if b.Land == nil || st.Batch.Plot == "" {
		return nil
	}
	plot, err := optional(b.Land.Plot(ctx, st.Batch.Plot))
	if err != nil {
		return err
	}
	if plot != nil {
		st.Plot = &StoryPlot{Code: plot.Code, Name: plot.Name, Village: plot.Village, Area: plot.DeclaredArea}
	}
	if st.Batch.Planting == (land.PlantingKey{}) {
		return nil
	}
	st.Planting, err = optional(b.Land.Planting(ctx, st.Batch.Planting))
	return err
}

func (b *StoryBuilder) documents(ctx context.Context, st *Story) error {
	certs, _, err := b.Store.Certificates(ctx, CertificateFilter{Batch: st.Batch.ID})
	if err != nil {
		return err
	}
	if len(certs) > 0 {
		st.Certificate = slices.MaxFunc(certs, func(a, c *Certificate) int { return a.IssuedOn.Compare(c.IssuedOn) })
	}
	reports, _, err := b.Store.Reports(ctx, ReportFilter{Batch: st.Batch.ID})
	if err != nil {
		return err
	}
	if len(reports) > 0 {
		st.Report = slices.MaxFunc(reports, func(a, c *TestReport) int { return a.IssuedOn.Compare(c.IssuedOn) })
	}
	return nil
}

// events collects the events of the code and its lot, then those of every container the
// code was packed into, up to maxContainerDepth levels.
func (b *StoryBuilder) events(ctx context.Context, st *Story) error {
	if b.Events == nil {
		return nil
	}
	epcs := []string{st.EPC}
	classes := []string{b.Steps.LotClass(st.Product, st.Batch.ID)}
	seen := map[string]bool{st.EPC: true}
	byID := map[*epcis.Event]bool{}
	var all []*epcis.Event
	for depth := 0; depth <= maxContainerDepth && len(epcs) > 0; depth++ {
		events, err := b.Events.EventsNaming(ctx, epcs, classes)
		if err != nil {
			return fmt.Errorf("trace: story of %s: events: %w", st.EPC, err)
		}
		epcs, classes = nil, nil
		for _, e := range events {
			if byID[e] {
				continue
			}
			byID[e] = true
			all = append(all, e)
			if e.Type == epcis.AggregationEvent && e.Action == epcis.ActionAdd && !seen[e.ParentID] &&
				e.ParentID != "" {
				seen[e.ParentID] = true
				epcs = append(epcs, e.ParentID)
			}
		}
	}
	st.Steps = storySteps(dedupe(all))
	return nil
}

// dedupe drops events with an EventID seen before, keeping the first.
func dedupe(events []*epcis.Event) []*epcis.Event {
	seen := map[string]bool{}
	out := events[:0:0]
	for _, e := range events {
		if e.EventID != "" && seen[e.EventID] {
			continue
		}
		seen[e.EventID] = true
		out = append(out, e)
	}
	return out
}

func storySteps(events []*epcis.Event) []StoryStep {
	steps := make([]StoryStep, len(events))
	for i, e := range events {
		steps[i] = StoryStep{At: e.EventTime, BizStep: e.BizStep, Disposition: e.Disposition, Event: e}
		switch {
		case e.BizLocation != nil:
			steps[i].Location = e.BizLocation.ID
		case e.ReadPoint != nil:
			steps[i].Location = e.ReadPoint.ID
		}
	}
	slices.SortStableFunc(steps, func(a, c StoryStep) int { return cmp.Compare(a.At.UnixNano(), c.At.UnixNano()) })
	return steps
}

// optional returns v, or nil and no error when err wraps ErrNotFound of this package or
// of package land.
func optional[T any](v *T, err error) (*T, error) {
	if errors.Is(err, ErrNotFound) || errors.Is(err, land.ErrNotFound) {
		return nil, nil
	}
	return v, err
}
