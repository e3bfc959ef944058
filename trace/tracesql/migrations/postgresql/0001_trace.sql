-- Traceability register, documents, code issuances, scans and flags for PostgreSQL.
--
-- Keys use the "C" collation, so ORDER BY gives the byte order of the Go strings.
-- Each register and document record is kept whole as JSON text in body, with the columns
-- that listings filter on beside it; decimals in body are text with every place they
-- were written with. Timestamps are TIMESTAMPTZ (microseconds), dates DATE, NULL for none. Enumerations
-- are INTEGER and hold the values of the Go constants of package trace.

CREATE TABLE trace_producers (
    id         TEXT COLLATE "C" PRIMARY KEY,        -- credit code
    division   TEXT NOT NULL,
    kind       BIGINT NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_producers_division ON trace_producers (division);

CREATE TABLE trace_products (
    id         TEXT COLLATE "C" PRIMARY KEY,
    producer   TEXT NOT NULL,
    category   BIGINT NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_products_producer ON trace_products (producer);

CREATE TABLE trace_batches (
    id           TEXT COLLATE "C" PRIMARY KEY,
    product      TEXT NOT NULL,
    plot         TEXT NOT NULL,         -- '' for none
    origin       TEXT NOT NULL,
    harvested_on DATE NOT NULL,
    body         TEXT NOT NULL,
    version      BIGINT NOT NULL CHECK (version >= 1),
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_batches_product ON trace_batches (product);
CREATE INDEX trace_batches_plot ON trace_batches (plot);
CREATE INDEX trace_batches_origin ON trace_batches (origin);

CREATE TABLE trace_animals (
    id         TEXT COLLATE "C" PRIMARY KEY,        -- ear tag
    farm       TEXT NOT NULL,
    origin     TEXT NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_animals_farm ON trace_animals (farm);

CREATE TABLE trace_certificates (
    id         TEXT COLLATE "C" PRIMARY KEY,        -- certificate number
    batch      TEXT NOT NULL,
    issuer     TEXT NOT NULL,           -- credit code, '' for a household
    issued_on  DATE NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_certificates_batch ON trace_certificates (batch);

CREATE TABLE trace_reports (
    id         TEXT COLLATE "C" PRIMARY KEY,        -- report number
    batch      TEXT NOT NULL,
    product    TEXT NOT NULL,
    result     BIGINT NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_reports_batch ON trace_reports (batch);

-- One row per issuance however many codes it holds: serials first_serial to
-- last_serial of one code space.
CREATE TABLE trace_issuances (
    id           TEXT COLLATE "C" PRIMARY KEY,
    batch        TEXT NOT NULL,
    scheme       BIGINT NOT NULL,
    space        TEXT NOT NULL,
    first_serial BIGINT NOT NULL,
    last_serial  BIGINT NOT NULL CHECK (last_serial >= first_serial),
    state        BIGINT NOT NULL,
    body         TEXT NOT NULL,
    version      BIGINT NOT NULL CHECK (version >= 1),
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_issuances_range ON trace_issuances (scheme, space, first_serial);
CREATE INDEX trace_issuances_batch ON trace_issuances (batch);

-- Codes whose state differs from their issuance: voided or sold.
CREATE TABLE trace_code_states (
    id         TEXT COLLATE "C" PRIMARY KEY,        -- EPC
    issuance   TEXT NOT NULL,
    sales      BIGINT NOT NULL,
    voided     BIGINT NOT NULL,        -- 0 or 1
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 0),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX trace_code_states_issuance ON trace_code_states (issuance);

CREATE TABLE trace_scans (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text     TEXT NOT NULL,
    status   BIGINT NOT NULL,
    epc      TEXT NOT NULL,             -- '' for malformed text
    issuance TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    division TEXT NOT NULL,
    lon      DOUBLE PRECISION,                      -- NULL for no location
    lat      DOUBLE PRECISION,
    client   TEXT NOT NULL
);
CREATE INDEX trace_scans_epc ON trace_scans (epc, at);
CREATE INDEX trace_scans_client ON trace_scans (client, at);

CREATE TABLE trace_flags (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule     BIGINT NOT NULL,
    severity BIGINT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    epc      TEXT NOT NULL,
    issuance TEXT NOT NULL,
    client   TEXT NOT NULL,
    message  TEXT NOT NULL,
    evidence TEXT NOT NULL             -- JSON
);
CREATE INDEX trace_flags_epc ON trace_flags (epc);
