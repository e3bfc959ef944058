package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

// stepInput is the body of POST /api/v1/trace/batches/{id}/steps/{step}.
type stepInput struct {
	// At is when the step happened; zero means now.
	At time.Time `json:"at"`
	// Site is the id of the packhouse, lab, cold store, market or shop.
	Site string `json:"site"`
	// Codes are item codes of the batch as scanned: county codes or GS1.
	Codes []string `json:"codes"`
	// Quantity is the amount of the batch the step handled; nil means the
	// batch's quantity.
	Quantity *trace.Quantity `json:"quantity"`
	// Parent is the case or pallet of a packing step, as a URI or a code.
	Parent string `json:"parent"`
	// Report is the number of the test report of an inspection.
	Report string `json:"report"`
	// From and To are the shipping and receiving parties.
	From trace.CreditCode `json:"from"`
	To   trace.CreditCode `json:"to"`
	// ToSite is the receiving site of a shipment.
	ToSite string `json:"toSite"`
	// Destinations are the division codes a shipment is bound for.
	Destinations []land.DivisionCode `json:"destinations"`
	// Place is the division code of the shop of a retail sale.
	Place land.DivisionCode `json:"place"`
}

// stepOutput is the response of a step: the stored events and, for a retail
// sale, the flags it raised.
type stepOutput struct {
	EventIDs []string     `json:"eventIds"`
	Flags    []trace.Flag `json:"flags,omitempty"`
}

// Steps that POST /api/v1/trace/batches/{id}/steps/{step} records.
var stepNames = []string{"packing", "inspection", "shipping", "receiving", "retail-sale"}

// recordStep records a supply-chain step of a batch as an EPCIS event built by
// trace.Steps. Every event names the batch's lot, with the step's quantity or
// the batch's, besides the item codes given, so that the batch's events find
// it.
func (s *Server) recordStep(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !s.traceAccess(w, p, true) {
		return
	}
	step := r.PathValue("step")
	known := false
	for _, n := range stepNames {
		known = known || n == step
	}
	if !known {
		writeError(w, http.StatusNotFound, "not_found",
			fmt.Sprintf("step %q is not known, want one of %v", step, stepNames), "step")
		return
	}
	var in stepInput
	if fe := decodeFields(r, &in); fe != nil {
		writeFieldError(w, fe)
		return
	}
	b, ok := s.scopedBatch(w, r, p, r.PathValue("id"))
	if !ok {
		return
	}
	ctx := r.Context()
	product, err := s.trace.cfg.Store.Product(ctx, b.Product)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	o, fe := s.observation(r, b, product, &in)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	ev, out, fe, err := s.buildStep(r, step, b, o, &in)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	stored, err := s.storeEvents(ctx, ev)
	if err != nil {
		s.epcisError(w, r, err)
		return
	}
	for _, e := range stored {
		out.EventIDs = append(out.EventIDs, e.EventID)
	}
	s.audit(r, p, "create", "trace_step", string(b.ID)+"/"+step, string(b.Origin), nil, stored)
	writeJSON(w, r, http.StatusCreated, out)
}

// observation checks the common fields of a step and returns its observation.
func (s *Server) observation(r *http.Request, b *trace.Batch, product *trace.Product, in *stepInput) (trace.Observation, *fieldError) {
	o := trace.Observation{At: in.At}
	if o.At.IsZero() {
		o.At = s.now()
	}
	if in.Site == "" {
		return o, invalid("site", "site is missing; give the id of the packhouse, lab, store or shop")
	}
	if len(in.Site) > 100 {
		return o, invalid("site", "site is %d bytes long, want at most 100", len(in.Site))
	}
	o.Site = in.Site
	if len(in.Codes) > 10_000 {
		return o, invalid("codes", "%d codes, want at most 10000 per step", len(in.Codes))
	}
	for i, text := range in.Codes {
		ref, err := s.trace.resolver.Resolve(text)
		if err != nil {
			return o, invalid(fmt.Sprintf("codes[%d]", i), "%v", err)
		}
		is, err := s.trace.cfg.Store.IssuanceFor(r.Context(), ref)
		if err != nil || is.Batch != b.ID {
			return o, invalid(fmt.Sprintf("codes[%d]", i), "code %q is not a code issued to batch %s", text, b.ID)
		}
		o.Objects.EPCs = append(o.Objects.EPCs, ref.EPC)
	}
	q := b.Quantity
	if in.Quantity != nil {
		if err := in.Quantity.Validate(); err != nil {
			return o, invalid("quantity", "%v", err)
		}
		q = *in.Quantity
	}
	o.Objects.Lots = []trace.Lot{{Class: s.trace.steps.LotClass(product, b.ID), Quantity: q}}
	return o, nil
}

// buildStep builds the event of the step. A retail sale also counts a sale of
// each code and runs the second-sale rule, and a shipment adds its
// destinations to the batch's issuances.
func (s *Server) buildStep(r *http.Request, step string, b *trace.Batch, o trace.Observation,
	in *stepInput) (*epcis.Event, *stepOutput, *fieldError, error) {
	ctx := r.Context()
	steps := s.trace.steps
	out := &stepOutput{}
	var ev *epcis.Event
	var err error
	switch step {
	case "packing":
		if in.Parent == "" {
			return nil, nil, invalid("parent", "parent is missing; give the case or pallet the items go into"), nil
		}
		parent := in.Parent
		if ref, rerr := s.trace.resolver.Resolve(parent); rerr == nil {
			parent = ref.EPC
		}
		ev, err = steps.Pack(trace.Aggregation{At: o.At, Site: o.Site, Parent: parent, Children: o.Objects})
	case "inspection":
		if in.Report == "" {
			return nil, nil, invalid("report", "report is missing; give the number of the test report"), nil
		}
		rep, rerr := s.trace.cfg.Store.Report(ctx, in.Report)
		if errors.Is(rerr, trace.ErrNotFound) || rerr == nil && rep.Batch != "" && rep.Batch != b.ID {
			return nil, nil, invalid("report", "test report %s of batch %s is not found; create it first", in.Report, b.ID), nil
		}
		if rerr != nil {
			return nil, nil, nil, rerr
		}
		ev, err = steps.Inspect(o, rep)
	case "shipping":
		for i, d := range in.Destinations {
			if derr := d.Validate(); derr != nil {
				return nil, nil, invalid(fmt.Sprintf("destinations[%d]", i), "%v", derr), nil
			}
		}
		ev, err = steps.Ship(o, trace.Shipment{From: in.From, To: in.To, ToSite: in.ToSite, Destinations: in.Destinations})
		if err == nil && len(in.Destinations) > 0 {
			if _, serr := s.trace.tracker.ShipBatch(ctx, b.ID, in.Destinations); serr != nil {
				return nil, nil, nil, serr
			}
			s.traceChanged(true)
		}
	case "receiving":
		ev, err = steps.Receive(o, in.From, in.To)
	case "retail-sale":
		if len(in.Codes) == 0 {
			return nil, nil, invalid("codes", "codes are missing; a retail sale names the codes sold"), nil
		}
		if in.Place != "" {
			if perr := in.Place.Validate(); perr != nil {
				return nil, nil, invalid("place", "%v", perr), nil
			}
		}
		ev, err = steps.Sell(o)
		if err == nil {
			for _, text := range in.Codes {
				_, flags, serr := s.trace.tracker.Sell(ctx, text, o.At, in.Place)
				if serr != nil {
					return nil, nil, nil, serr
				}
				for i := range flags {
					s.RaiseTraceAlarm(ctx, &flags[i])
				}
				out.Flags = append(out.Flags, flags...)
			}
		}
	}
	if err != nil {
		return nil, nil, &fieldError{status: http.StatusUnprocessableEntity, code: "invalid_step", msg: err.Error()}, nil
	}
	return ev, out, nil, nil
}
