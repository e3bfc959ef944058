-- Names of sources (a gateway or a centre station), devices and fields,
-- numbered so that the readings table keeps integers only.
CREATE TABLE ingest_names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per value read. (source_id, seq, field_id) is the idempotency key:
-- seq is the gateway's outbox sequence number, or the observation time in
-- Unix milliseconds for a centre station.
CREATE TABLE ingest_readings (
    source_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    field_id  INTEGER NOT NULL,
    device_id INTEGER NOT NULL,
    time_ms   INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    scale     INTEGER NOT NULL,
    PRIMARY KEY (source_id, seq, field_id)
) WITHOUT ROWID;

