-- EPCIS events for SQLite. body is the event in the EPCIS 2.0 JSON-LD binding. An
-- event's identifiers (EPCs, parent, children, inputs, outputs and quantity classes) are
-- rows of trace_event_ids, each as written and, for one with a GTIN, as the canonical
-- Digital Link of the GTIN alone, so that queries narrow by identifier through an index.
-- Error declarations may repeat an eventID; other events may not repeat a hash or an
-- eventID.

CREATE TABLE trace_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT NOT NULL,
    hash        TEXT NOT NULL,
    declaration INTEGER NOT NULL,       -- 1 for an event with an error declaration
    type        TEXT NOT NULL,
    event_time  TEXT NOT NULL,
    record_time TEXT NOT NULL,
    biz_step    TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE UNIQUE INDEX trace_events_hash ON trace_events (hash) WHERE declaration = 0;
CREATE UNIQUE INDEX trace_events_event_id ON trace_events (event_id) WHERE declaration = 0;
CREATE INDEX trace_events_event_time ON trace_events (event_time, seq);
CREATE INDEX trace_events_record_time ON trace_events (record_time, seq);

CREATE TABLE trace_event_ids (
    event INTEGER NOT NULL REFERENCES trace_events (seq) ON DELETE CASCADE,
    id    TEXT NOT NULL,
    PRIMARY KEY (id, event)
);
