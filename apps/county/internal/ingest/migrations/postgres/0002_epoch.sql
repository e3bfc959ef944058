-- The outbox epoch joins the idempotency key, so that a reinstalled gateway,
-- whose outbox starts again at seq 1 in a new epoch, has its readings
-- stored. epoch is the 64-bit value of the message's epoch as a signed
-- integer of the same bits, or 0 for a message without one and for a centre
-- station.
ALTER TABLE ingest_readings ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ingest_readings DROP CONSTRAINT ingest_readings_pkey;
ALTER TABLE ingest_readings ADD PRIMARY KEY (source_id, epoch, seq, field_id);
