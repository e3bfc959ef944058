-- The outbox epoch joins the idempotency key, so that a reinstalled gateway,
-- whose outbox starts again at seq 1 in a new epoch, has its readings
-- stored. epoch is the 64-bit value of the message's epoch as a signed
-- integer of the same bits, or 0 for a message without one and for a centre
-- station. SQLite cannot change a primary key, so the table is rebuilt.
CREATE TABLE ingest_readings_epoch (
    source_id INTEGER NOT NULL,
    epoch     INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    field_id  INTEGER NOT NULL,
    device_id INTEGER NOT NULL,
    time_ms   INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    scale     INTEGER NOT NULL,
    PRIMARY KEY (source_id, epoch, seq, field_id)
) WITHOUT ROWID;

INSERT INTO ingest_readings_epoch (source_id, epoch, seq, field_id, device_id, time_ms, value, scale)
SELECT source_id, 0, seq, field_id, device_id, time_ms, value, scale FROM ingest_readings;

DROP TABLE ingest_readings;

ALTER TABLE ingest_readings_epoch RENAME TO ingest_readings;
