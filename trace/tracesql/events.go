package tracesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/trace/epcis"
	"github.com/shuxiang/shuxiang/trace/gs1"
)

// Insert stores the events of one capture, all or none, as [epcis.Repository] describes.
func (s *Store) Insert(ctx context.Context, events []epcis.Captured) error {
	return s.handle.WriteTx(ctx, func(tx *sqlstore.Tx) error {
		if err := s.checkDuplicates(ctx, tx, events); err != nil {
			return err
		}
		for i := range events {
			if err := s.insertEvent(ctx, tx, &events[i]); err != nil {
				if sqlstore.IsUniqueViolation(err) {
					// Another transaction stored the same event after the check.
					return &epcis.Error{Path: fmt.Sprintf("eventList[%d]", i), Reason: epcis.ReasonDuplicate,
						Err: fmt.Errorf("event %s already captured", events[i].Event.EventID)}
				}
				return fmt.Errorf("tracesql: insert event %s: %w", events[i].Event.EventID, err)
			}
		}
		return nil
	})
}

func (s *Store) checkDuplicates(ctx context.Context, tx *sqlstore.Tx, events []epcis.Captured) error {
	hashes, ids := map[string]bool{}, map[string]bool{}
	for i, c := range events {
		if c.Event.ErrorDeclaration != nil {
			continue
		}
		path := fmt.Sprintf("eventList[%d]", i)
		if hashes[c.Hash] || ids[c.Event.EventID] {
			return &epcis.Error{Path: path, Reason: epcis.ReasonDuplicate,
				Err: fmt.Errorf("event %s repeats another event of the capture", c.Event.EventID)}
		}
		hashes[c.Hash], ids[c.Event.EventID] = true, true
		var stored string
		err := tx.QueryRowContext(ctx, s.bind("SELECT event_id FROM trace_events WHERE declaration = 0 "+
			"AND (hash = ? OR event_id = ?) LIMIT 1"), c.Hash, c.Event.EventID).Scan(&stored)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("tracesql: look up event %s: %w", c.Event.EventID, err)
		default:
			return &epcis.Error{Path: path, Reason: epcis.ReasonDuplicate,
				Err: fmt.Errorf("event already captured (hash %s, eventID %s)", c.Hash, stored)}
		}
	}
	return nil
}

func (s *Store) insertEvent(ctx context.Context, tx *sqlstore.Tx, c *epcis.Captured) error {
	ev := &c.Event
	body, err := epcis.EncodeJSONEvent(ev)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	declaration := int64(0)
	if ev.ErrorDeclaration != nil {
		declaration = 1
	}
	d := s.dialect.shared()
	var seq int64
	err = tx.QueryRowContext(ctx, s.bind("INSERT INTO trace_events (event_id, hash, declaration, type, "+
		"event_time, record_time, biz_step, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"),
		ev.EventID, c.Hash, declaration, string(ev.Type), d.TimeArg(ev.EventTime.UTC()),
		d.TimeArg(ev.RecordTime.UTC()), string(ev.BizStep), string(body)).Scan(&seq)
	if err != nil {
		return err
	}
	for key := range eventKeys(ev) {
		if _, err := tx.Exec(ctx, "INSERT INTO trace_event_ids (event, id) VALUES (?, ?)", seq, key); err != nil {
			return err
		}
	}
	return nil
}

// eventKeys returns the index keys of the identifiers an event names.
func eventKeys(ev *epcis.Event) map[string]bool {
	keys := map[string]bool{}
	add := func(id string) {
		if id == "" {
			return
		}
		keys[id] = true
		if k, ok := gtinKey(id); ok {
			keys[k] = true
		}
	}
	for _, list := range [][]string{ev.EPCList, ev.ChildEPCs, ev.InputEPCList, ev.OutputEPCList, {ev.ParentID}} {
		for _, id := range list {
			add(id)
		}
	}
	for _, list := range [][]epcis.QuantityElement{ev.QuantityList, ev.ChildQuantityList,
		ev.InputQuantityList, ev.OutputQuantityList} {
		for _, q := range list {
			add(q.EPCClass)
		}
	}
	return keys
}

// gtinKey returns the canonical Digital Link of the GTIN alone of an identifier with a
// GTIN: a GS1 Digital Link on any domain, or an sgtin, lgtin or sgtin pattern EPC URN.
func gtinKey(id string) (string, bool) {
	if strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		dl, err := gs1.ParseDigitalLink(id)
		if err != nil {
			return "", false
		}
		gtin, ok := dl.Elements.Get("01")
		return gs1.CanonicalStem + "/01/" + gtin, ok
	}
	for _, prefix := range []string{"urn:epc:id:sgtin:", "urn:epc:class:lgtin:", "urn:epc:idpat:sgtin:"} {
		rest, ok := strings.CutPrefix(id, prefix)
		if !ok {
			continue
		}
		parts := strings.Split(rest, ".")
		if len(parts) < 2 || len(parts[1]) < 1 {
			return "", false
		}
		body := parts[1][:1] + parts[0] + parts[1][1:]
		check, err := gs1.CheckDigit(body)
		if err != nil || len(body) != 13 {
			return "", false
		}
		return gs1.CanonicalStem + "/01/" + body + string(check), true
	}
	return "", false
}

// queryKeys returns the index keys that narrow a query on one identifier list. It
// returns false when the list cannot narrow the query: when it is empty, or when it names
// a GS1 identifier without a GTIN, such as an SSCC, whose other spellings the index lacks.
func queryKeys(values []string) ([]any, bool) {
	if len(values) == 0 {
		return nil, false
	}
	keys := make([]any, 0, len(values))
	for _, v := range values {
		if k, ok := gtinKey(v); ok {
			keys = append(keys, k)
			continue
		}
		if strings.HasPrefix(v, "urn:epc:") || isDigitalLink(v) {
			return nil, false
		}
		keys = append(keys, v)
	}
	return keys, true
}

func isDigitalLink(v string) bool {
	_, err := gs1.ParseDigitalLink(v)
	return err == nil
}

// Query returns one page of the events that match q, as [epcis.Repository] describes.
// The database narrows the events by type, time, business step, eventID and the
// identifiers of the query; [epcis.Query.Matches] then decides on each. The page token
// is the offset of the next event among the matches, as for [epcis.MemoryRepository].
func (s *Store) Query(ctx context.Context, q epcis.Query) (epcis.Page, error) {
	offset := 0
	if q.PageToken != "" {
		n, err := strconv.Atoi(q.PageToken)
		if err != nil || n < 0 {
			return epcis.Page{}, &epcis.Error{Path: "nextPageToken", Reason: epcis.ReasonInvalid,
				Err: fmt.Errorf("invalid page token %q: use the token a previous page returned", q.PageToken)}
		}
		offset = n
	}
	size := q.PageSize
	if size <= 0 {
		size = epcis.DefaultPageSize
	}
	query, args := s.eventQuery(&q)
	var page epcis.Page
	err := s.handle.Read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.bind(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		matched := 0
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			ev, err := epcis.DecodeJSONEvent([]byte(body))
			if err != nil {
				return fmt.Errorf("decode stored event: %w", err)
			}
			if !q.Matches(ev) {
				continue
			}
			matched++
			switch {
			case matched <= offset:
			case len(page.Events) < size:
				page.Events = append(page.Events, *ev)
			default:
				page.NextPageToken = strconv.Itoa(offset + size)
				return nil
			}
		}
		return rows.Err()
	})
	if err != nil {
		return epcis.Page{}, fmt.Errorf("tracesql: query events: %w", err)
	}
	return page, nil
}

// eventQuery returns the SQL that selects the candidate events of q in q's order.
func (s *Store) eventQuery(q *epcis.Query) (string, []any) {
	var w sqlstore.Where
	d := s.dialect.shared()
	in := func(col string, values []any) {
		if len(values) > 0 {
			w.Add(col+" IN ("+sqlstore.Placeholders(len(values))+")", values...)
		}
	}
	in("type", anys(q.EventTypes))
	in("biz_step", anys(q.BizSteps))
	in("event_id", anys(q.EventIDs))

	if !q.EventTimeFrom.IsZero() {
		w.Add("event_time >= ?", d.TimeArg(q.EventTimeFrom.UTC()))
	}
	if !q.EventTimeTo.IsZero() {
		w.Add("event_time < ?", d.TimeArg(q.EventTimeTo.UTC()))
	}
	if !q.RecordTimeFrom.IsZero() {
		w.Add("record_time >= ?", d.TimeArg(q.RecordTimeFrom.UTC()))
	}
	if !q.RecordTimeTo.IsZero() {
		w.Add("record_time < ?", d.TimeArg(q.RecordTimeTo.UTC()))
	}

	for _, list := range [][]string{q.EPCs, q.ParentIDs, q.InputEPCs, q.OutputEPCs, q.AnyEPCs, q.EPCClasses,
		q.InputEPCClasses, q.OutputEPCClasses, q.AnyEPCClasses} {
		if keys, ok := queryKeys(list); ok {
			w.Add("seq IN (SELECT event FROM trace_event_ids WHERE id IN ("+sqlstore.Placeholders(len(keys))+"))",
				keys...)
		}
	}

	col, dir := "event_time", "DESC"
	if q.OrderBy == "recordTime" {
		col = "record_time"
	}
	if q.OrderAscending {
		dir = "ASC"
	}
	return "SELECT body FROM trace_events" + w.String() + " ORDER BY " + col + " " + dir + ", seq", w.Args
}

func anys[T ~string](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
