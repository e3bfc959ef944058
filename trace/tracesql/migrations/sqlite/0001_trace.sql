-- Traceability register, documents, code issuances, scans and flags for SQLite.
--
-- Keys use the BINARY collation, so ORDER BY gives the byte order of the Go strings.
-- Each register and document record is kept whole as JSON text in body, with the columns
-- that listings filter on beside it; decimals in body are text with every place they
-- were written with. Timestamps are TEXT in UTC with microseconds
-- (2006-01-02T15:04:05.000000Z), dates TEXT as 2006-01-02, NULL for none. Enumerations
-- are INTEGER and hold the values of the Go constants of package trace.

CREATE TABLE trace_producers (
    id         TEXT PRIMARY KEY,        -- credit code
    division   TEXT NOT NULL,
    kind       INTEGER NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_producers_division ON trace_producers (division);

CREATE TABLE trace_products (
    id         TEXT PRIMARY KEY,
    producer   TEXT NOT NULL,
    category   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_products_producer ON trace_products (producer);

CREATE TABLE trace_batches (
    id           TEXT PRIMARY KEY,
    product      TEXT NOT NULL,
    plot         TEXT NOT NULL,         -- '' for none
    origin       TEXT NOT NULL,
    harvested_on TEXT NOT NULL,
    body         TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    updated_at   TEXT NOT NULL
);
CREATE INDEX trace_batches_product ON trace_batches (product);
CREATE INDEX trace_batches_plot ON trace_batches (plot);
CREATE INDEX trace_batches_origin ON trace_batches (origin);

CREATE TABLE trace_animals (
    id         TEXT PRIMARY KEY,        -- ear tag
    farm       TEXT NOT NULL,
    origin     TEXT NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_animals_farm ON trace_animals (farm);

CREATE TABLE trace_certificates (
    id         TEXT PRIMARY KEY,        -- certificate number
    batch      TEXT NOT NULL,
    issuer     TEXT NOT NULL,           -- credit code, '' for a household
    issued_on  TEXT NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_certificates_batch ON trace_certificates (batch);

CREATE TABLE trace_reports (
    id         TEXT PRIMARY KEY,        -- report number
    batch      TEXT NOT NULL,
    product    TEXT NOT NULL,
    result     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_reports_batch ON trace_reports (batch);

-- One row per issuance however many codes it holds: serials first_serial to
-- last_serial of one code space.
CREATE TABLE trace_issuances (
    id           TEXT PRIMARY KEY,
    batch        TEXT NOT NULL,
    scheme       INTEGER NOT NULL,
    space        TEXT NOT NULL,
    first_serial INTEGER NOT NULL,
    last_serial  INTEGER NOT NULL CHECK (last_serial >= first_serial),
    state        INTEGER NOT NULL,
    body         TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    updated_at   TEXT NOT NULL
);
CREATE INDEX trace_issuances_range ON trace_issuances (scheme, space, first_serial);
CREATE INDEX trace_issuances_batch ON trace_issuances (batch);

-- Codes whose state differs from their issuance: voided or sold.
CREATE TABLE trace_code_states (
    id         TEXT PRIMARY KEY,        -- EPC
    issuance   TEXT NOT NULL,
    sales      INTEGER NOT NULL,
    voided     INTEGER NOT NULL,        -- 0 or 1
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 0),
    updated_at TEXT NOT NULL
);
CREATE INDEX trace_code_states_issuance ON trace_code_states (issuance);

CREATE TABLE trace_scans (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    text     TEXT NOT NULL,
    status   INTEGER NOT NULL,
    epc      TEXT NOT NULL,             -- '' for malformed text
    issuance TEXT NOT NULL,
    at       TEXT NOT NULL,
    division TEXT NOT NULL,
    lon      REAL,                      -- NULL for no location
    lat      REAL,
    client   TEXT NOT NULL
);
CREATE INDEX trace_scans_epc ON trace_scans (epc, at);
CREATE INDEX trace_scans_client ON trace_scans (client, at);

CREATE TABLE trace_flags (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    rule     INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    at       TEXT NOT NULL,
    epc      TEXT NOT NULL,
    issuance TEXT NOT NULL,
    client   TEXT NOT NULL,
    message  TEXT NOT NULL,
    evidence TEXT NOT NULL             -- JSON
);
CREATE INDEX trace_flags_epc ON trace_flags (epc);
