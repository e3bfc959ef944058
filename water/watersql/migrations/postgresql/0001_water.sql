-- Water register, plans, coefficients, bills and alarms for PostgreSQL.
--
-- Text keys are TEXT COLLATE "C", so ORDER BY gives the byte order of the Go strings
-- whatever the database's default collation. Decimal quantities are NUMERIC without a
-- precision, which keeps every place they were written with. Timestamps are TIMESTAMPTZ,
-- with the microsecond precision of PostgreSQL, and dates DATE, NULL for none.
-- Enumerations are SMALLINT and hold the values of the Go constants of package water.
-- Lists inside a record are JSON in TEXT columns, so they come back byte for byte; the
-- meters of wells and the coefficients of histories have tables of their own, so that a
-- meter id is unique across wells and a history keeps its order.

CREATE TABLE water_wells (
    code            TEXT COLLATE "C" PRIMARY KEY,
    kind            SMALLINT NOT NULL,
    name            TEXT NOT NULL,
    lon             DOUBLE PRECISION NOT NULL,
    lat             DOUBLE PRECISION NOT NULL,
    division        TEXT COLLATE "C" NOT NULL,
    district        TEXT COLLATE "C" NOT NULL, -- '' for none
    source          SMALLINT NOT NULL,
    water_use       SMALLINT NOT NULL,
    permit_number   TEXT NOT NULL,
    permit_annual   NUMERIC NOT NULL,        -- m³
    permit_start    DATE,
    permit_end      DATE,
    holder_name     TEXT NOT NULL,
    holder_code     TEXT NOT NULL,
    plots           TEXT NOT NULL,           -- JSON array of plot codes
    irrigated_area  NUMERIC NOT NULL,        -- mu
    irrigation      SMALLINT NOT NULL,
    depth           NUMERIC NOT NULL,        -- m
    pump_power      NUMERIC NOT NULL,        -- kW
    pump_head       NUMERIC NOT NULL,        -- m
    pump_efficiency NUMERIC NOT NULL,        -- fraction
    pump_flow       NUMERIC NOT NULL,        -- m³/h
    version         BIGINT NOT NULL CHECK (version >= 1),
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE INDEX water_wells_division ON water_wells (division);
CREATE INDEX water_wells_district ON water_wells (district);

CREATE TABLE water_well_meters (
    meter     TEXT COLLATE "C" PRIMARY KEY,
    well      TEXT COLLATE "C" NOT NULL REFERENCES water_wells (code) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      SMALLINT NOT NULL,
    installed DATE
);

CREATE INDEX water_well_meters_well ON water_well_meters (well, position);

CREATE TABLE water_reservoirs (
    code       TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    lon        DOUBLE PRECISION NOT NULL,
    lat        DOUBLE PRECISION NOT NULL,
    division   TEXT COLLATE "C" NOT NULL,
    district   TEXT COLLATE "C" NOT NULL,
    capacity   NUMERIC NOT NULL,             -- m³
    points     TEXT NOT NULL,                -- JSON array of measuring points
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE water_canals (
    code        TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    level       SMALLINT NOT NULL,
    feeder      TEXT COLLATE "C" NOT NULL,
    district    TEXT COLLATE "C" NOT NULL,
    length      NUMERIC NOT NULL,            -- m
    design_flow NUMERIC NOT NULL,            -- m³/s
    path        TEXT NOT NULL,               -- JSON array of [lon, lat]
    points      TEXT NOT NULL,
    version     BIGINT NOT NULL CHECK (version >= 1),
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE water_gates (
    code       TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       SMALLINT NOT NULL,
    canal      TEXT COLLATE "C" NOT NULL,
    lon        DOUBLE PRECISION NOT NULL,
    lat        DOUBLE PRECISION NOT NULL,
    points     TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX water_gates_canal ON water_gates (canal);

CREATE TABLE water_village_meters (
    code            TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT NOT NULL,
    village         TEXT COLLATE "C" NOT NULL,
    lon             DOUBLE PRECISION NOT NULL,
    lat             DOUBLE PRECISION NOT NULL,
    supply          TEXT COLLATE "C" NOT NULL,
    meter_kind      SMALLINT NOT NULL,
    meter_id        TEXT COLLATE "C" NOT NULL,
    meter_installed DATE,
    version         BIGINT NOT NULL CHECK (version >= 1),
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE water_plans (
    well       TEXT COLLATE "C" NOT NULL,
    year       INTEGER NOT NULL,
    annual     NUMERIC NOT NULL,             -- m³
    monthly    TEXT NOT NULL,                -- JSON array of 12 decimals, m³
    shares     TEXT NOT NULL,                -- JSON array of household shares
    warnings   TEXT NOT NULL,                -- JSON array of percentages
    at_limit   SMALLINT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (well, year)
);

CREATE INDEX water_plans_year ON water_plans (year);

CREATE TABLE water_coefficient_histories (
    well       TEXT COLLATE "C" PRIMARY KEY,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE water_coefficients (
    well       TEXT COLLATE "C" NOT NULL REFERENCES water_coefficient_histories (well) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    value      NUMERIC NOT NULL,             -- m³/kWh
    valid_from TIMESTAMPTZ NOT NULL,
    valid_to   TIMESTAMPTZ,                  -- NULL when open-ended
    reason     SMALLINT NOT NULL,
    runs       INTEGER NOT NULL,
    water      NUMERIC NOT NULL,             -- m³
    energy     NUMERIC NOT NULL,             -- kWh
    head       NUMERIC NOT NULL,             -- m
    efficiency NUMERIC NOT NULL,
    PRIMARY KEY (well, position)
);

CREATE TABLE water_bills (
    id           TEXT COLLATE "C" PRIMARY KEY,
    well         TEXT COLLATE "C" NOT NULL,
    kind         SMALLINT NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    plan         NUMERIC NOT NULL,           -- m³
    used         NUMERIC NOT NULL,           -- m³
    rate         NUMERIC NOT NULL,           -- yuan/m³
    band         INTEGER NOT NULL,
    lines        TEXT NOT NULL,              -- JSON array of charge lines
    base         NUMERIC NOT NULL,           -- yuan
    surcharge    NUMERIC NOT NULL,           -- yuan
    total        NUMERIC NOT NULL,           -- yuan
    issued       DATE NOT NULL,
    due          DATE NOT NULL,
    version      BIGINT NOT NULL CHECK (version >= 1),
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX water_bills_well ON water_bills (well, id);

CREATE TABLE water_payments (
    id         TEXT COLLATE "C" PRIMARY KEY,
    well       TEXT COLLATE "C" NOT NULL,
    bill       TEXT COLLATE "C" NOT NULL,    -- '' when the payer named none
    paid       DATE NOT NULL,
    amount     NUMERIC NOT NULL,             -- yuan
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX water_payments_well ON water_payments (well, id);
CREATE INDEX water_payments_bill ON water_payments (bill, id);

-- An identity column never gives the id of a deleted alarm again.
CREATE TABLE water_alarms (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule              SMALLINT NOT NULL,
    severity          SMALLINT NOT NULL,
    action            SMALLINT NOT NULL,
    well              TEXT COLLATE "C" NOT NULL,
    meter             TEXT COLLATE "C" NOT NULL,
    event             SMALLINT NOT NULL,
    raised            TIMESTAMPTZ NOT NULL,
    window_from       TIMESTAMPTZ,
    window_to         TIMESTAMPTZ,
    observed          TEXT NOT NULL,         -- JSON array of quantities
    threshold_name    TEXT NOT NULL,
    threshold_value   NUMERIC NOT NULL,
    threshold_unit    TEXT NOT NULL,
    message           TEXT NOT NULL,
    status            SMALLINT NOT NULL,
    note              TEXT NOT NULL,
    status_changed_at TIMESTAMPTZ NOT NULL,
    version           BIGINT NOT NULL CHECK (version >= 1),
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX water_alarms_well ON water_alarms (well, id);
CREATE INDEX water_alarms_status ON water_alarms (status, id);
