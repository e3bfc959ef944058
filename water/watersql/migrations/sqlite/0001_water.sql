-- Water register, plans, coefficients, bills and alarms for SQLite.
--
-- Text keys use the BINARY collation, so ORDER BY gives the byte order of the Go
-- strings. Decimal quantities are TEXT with every place they were written with, never
-- REAL. Timestamps are TEXT in UTC with microseconds (2006-01-02T15:04:05.000000Z),
-- dates TEXT as 2006-01-02, NULL for none. Enumerations are INTEGER and hold the values
-- of the Go constants of package water. Lists inside a record are JSON text in its row;
-- the meters of wells and the coefficients of histories have tables of their own, so that
-- a meter id is unique across wells and a history keeps its order.

CREATE TABLE water_wells (
    code            TEXT PRIMARY KEY,
    kind            INTEGER NOT NULL,
    name            TEXT NOT NULL,
    lon             REAL NOT NULL,
    lat             REAL NOT NULL,
    division        TEXT NOT NULL,
    district        TEXT NOT NULL,          -- '' for none
    source          INTEGER NOT NULL,
    water_use       INTEGER NOT NULL,
    permit_number   TEXT NOT NULL,
    permit_annual   TEXT NOT NULL,          -- m³
    permit_start    TEXT,
    permit_end      TEXT,
    holder_name     TEXT NOT NULL,
    holder_code     TEXT NOT NULL,
    plots           TEXT NOT NULL,          -- JSON array of plot codes
    irrigated_area  TEXT NOT NULL,          -- mu
    irrigation      INTEGER NOT NULL,
    depth           TEXT NOT NULL,          -- m
    pump_power      TEXT NOT NULL,          -- kW
    pump_head       TEXT NOT NULL,          -- m
    pump_efficiency TEXT NOT NULL,          -- fraction
    pump_flow       TEXT NOT NULL,          -- m³/h
    version         INTEGER NOT NULL CHECK (version >= 1),
    updated_at      TEXT NOT NULL
);

CREATE INDEX water_wells_division ON water_wells (division);
CREATE INDEX water_wells_district ON water_wells (district);

CREATE TABLE water_well_meters (
    meter     TEXT PRIMARY KEY,
    well      TEXT NOT NULL REFERENCES water_wells (code) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    installed TEXT
);

CREATE INDEX water_well_meters_well ON water_well_meters (well, position);

CREATE TABLE water_reservoirs (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    lon        REAL NOT NULL,
    lat        REAL NOT NULL,
    division   TEXT NOT NULL,
    district   TEXT NOT NULL,
    capacity   TEXT NOT NULL,               -- m³
    points     TEXT NOT NULL,               -- JSON array of measuring points
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);

CREATE TABLE water_canals (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    feeder      TEXT NOT NULL,
    district    TEXT NOT NULL,
    length      TEXT NOT NULL,              -- m
    design_flow TEXT NOT NULL,              -- m³/s
    path        TEXT NOT NULL,              -- JSON array of [lon, lat]
    points      TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    updated_at  TEXT NOT NULL
);

CREATE TABLE water_gates (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       INTEGER NOT NULL,
    canal      TEXT NOT NULL,
    lon        REAL NOT NULL,
    lat        REAL NOT NULL,
    points     TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);

CREATE INDEX water_gates_canal ON water_gates (canal);

CREATE TABLE water_village_meters (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    village         TEXT NOT NULL,
    lon             REAL NOT NULL,
    lat             REAL NOT NULL,
    supply          TEXT NOT NULL,
    meter_kind      INTEGER NOT NULL,
    meter_id        TEXT NOT NULL,
    meter_installed TEXT,
    version         INTEGER NOT NULL CHECK (version >= 1),
    updated_at      TEXT NOT NULL
);

CREATE TABLE water_plans (
    well       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    annual     TEXT NOT NULL,               -- m³
    monthly    TEXT NOT NULL,               -- JSON array of 12 decimals, m³
    shares     TEXT NOT NULL,               -- JSON array of household shares
    warnings   TEXT NOT NULL,               -- JSON array of percentages
    at_limit   INTEGER NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (well, year)
);

CREATE INDEX water_plans_year ON water_plans (year);

CREATE TABLE water_coefficient_histories (
    well       TEXT PRIMARY KEY,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);

CREATE TABLE water_coefficients (
    well       TEXT NOT NULL REFERENCES water_coefficient_histories (well) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    value      TEXT NOT NULL,               -- m³/kWh
    valid_from TEXT NOT NULL,
    valid_to   TEXT,                        -- NULL when open-ended
    reason     INTEGER NOT NULL,
    runs       INTEGER NOT NULL,
    water      TEXT NOT NULL,               -- m³
    energy     TEXT NOT NULL,               -- kWh
    head       TEXT NOT NULL,               -- m
    efficiency TEXT NOT NULL,
    PRIMARY KEY (well, position)
);

CREATE TABLE water_bills (
    id           TEXT PRIMARY KEY,
    well         TEXT NOT NULL,
    kind         INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    plan         TEXT NOT NULL,             -- m³
    used         TEXT NOT NULL,             -- m³
    rate         TEXT NOT NULL,             -- yuan/m³
    band         INTEGER NOT NULL,
    lines        TEXT NOT NULL,             -- JSON array of charge lines
    base         TEXT NOT NULL,             -- yuan
    surcharge    TEXT NOT NULL,             -- yuan
    total        TEXT NOT NULL,             -- yuan
    issued       TEXT NOT NULL,
    due          TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    updated_at   TEXT NOT NULL
);

CREATE INDEX water_bills_well ON water_bills (well, id);

CREATE TABLE water_payments (
    id         TEXT PRIMARY KEY,
    well       TEXT NOT NULL,
    bill       TEXT NOT NULL,               -- '' when the payer named none
    paid       TEXT NOT NULL,
    amount     TEXT NOT NULL,               -- yuan
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
);

CREATE INDEX water_payments_well ON water_payments (well, id);
CREATE INDEX water_payments_bill ON water_payments (bill, id);

-- AUTOINCREMENT keeps the id of a deleted alarm from being given again.
CREATE TABLE water_alarms (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    rule              INTEGER NOT NULL,
    severity          INTEGER NOT NULL,
    action            INTEGER NOT NULL,
    well              TEXT NOT NULL,
    meter             TEXT NOT NULL,
    event             INTEGER NOT NULL,
    raised            TEXT NOT NULL,
    window_from       TEXT,
    window_to         TEXT,
    observed          TEXT NOT NULL,        -- JSON array of quantities
    threshold_name    TEXT NOT NULL,
    threshold_value   TEXT NOT NULL,
    threshold_unit    TEXT NOT NULL,
    message           TEXT NOT NULL,
    status            INTEGER NOT NULL,
    note              TEXT NOT NULL,
    status_changed_at TEXT NOT NULL,
    version           INTEGER NOT NULL CHECK (version >= 1),
    updated_at        TEXT NOT NULL
);

CREATE INDEX water_alarms_well ON water_alarms (well, id);
CREATE INDEX water_alarms_status ON water_alarms (status, id);
