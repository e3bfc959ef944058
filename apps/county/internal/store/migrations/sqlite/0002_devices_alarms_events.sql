-- Gateways, the field devices behind them and the centre's stations, with
-- their health. id is the kind-qualified key such as "szy206:654229/7" and
-- name the device's own id, which the water register's meter ids refer to.
CREATE TABLE county_devices (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    gateway      TEXT NOT NULL,
    protocol     TEXT NOT NULL,
    division     TEXT NOT NULL,
    well         TEXT NOT NULL,
    state        TEXT NOT NULL,
    since_us     INTEGER NOT NULL,
    last_seen_us INTEGER NOT NULL,
    interval_ms  INTEGER NOT NULL,
    detail       TEXT NOT NULL,
    updated_us   INTEGER NOT NULL
);

CREATE INDEX county_devices_name ON county_devices (name);

-- Alarms about devices rather than wells: gateway alarm events, the central
-- evaluation of iot/alarm rules, terminal alarm words and silence.
CREATE TABLE county_device_alarms (
    id          INTEGER PRIMARY KEY,
    device      TEXT NOT NULL,
    division    TEXT NOT NULL,
    origin      TEXT NOT NULL,
    point       TEXT NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    status      TEXT NOT NULL,
    active      INTEGER NOT NULL,
    raised_us   INTEGER NOT NULL,
    cleared_us  INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    limit_value INTEGER NOT NULL,
    scale       INTEGER NOT NULL,
    unit        TEXT NOT NULL,
    message     TEXT NOT NULL,
    note        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_us  INTEGER NOT NULL
);

CREATE INDEX county_device_alarms_subject ON county_device_alarms (device, point, rule, status);

-- Tamper events of meters, once each: (meter, kind, time) is the key.
CREATE TABLE county_meter_events (
    meter   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    time_us INTEGER NOT NULL,
    well    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (meter, kind, time_us)
);

CREATE INDEX county_meter_events_time ON county_meter_events (time_us);

-- Named settings kept as JSON documents with a version, such as the alarm
-- rules the server evaluates on gateway telemetry.
CREATE TABLE county_settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_us INTEGER NOT NULL
);
