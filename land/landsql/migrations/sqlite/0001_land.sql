-- Land register schema for SQLite.
--
-- Codes are TEXT compared with the BINARY collation, so that ORDER BY gives
-- the byte order of the Go strings. Decimal quantities (mu, yuan per mu per
-- year) are TEXT in the exact form of shopspring/decimal's String. Dates are
-- TEXT in the form 2006-01-02, timestamps TEXT in UTC in the fixed-width
-- form 2006-01-02T15:04:05.000000Z, so that text order is time order.
-- Enumerations are INTEGER and hold the values of the Go constants of package
-- land. Records name other records by code without foreign keys, because
-- registers and surveys arrive separately and in any order; only the rows
-- that belong to one record (members, contracted and transferred plots)
-- reference it, and go with it.

CREATE TABLE plots (
    code                   TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    village                TEXT NOT NULL,           -- '' when not recorded
    geometry               BLOB,                    -- EWKB, lon/lat; NULL when not surveyed
    min_lon                REAL,                    -- bounding box of geometry, degrees
    min_lat                REAL,
    max_lon                REAL,
    max_lat                REAL,
    class                  INTEGER NOT NULL,
    category               INTEGER NOT NULL,
    land_use               TEXT NOT NULL,           -- GB/T 21010-2017 code, '' when not recorded
    declared_area          TEXT NOT NULL,           -- mu
    high_standard_farmland INTEGER NOT NULL CHECK (high_standard_farmland IN (0, 1)),
    salinity               INTEGER NOT NULL,
    irrigation             INTEGER NOT NULL,
    version                INTEGER NOT NULL CHECK (version >= 1),
    updated_at             TEXT NOT NULL
) STRICT;

CREATE INDEX plots_village ON plots (village);
CREATE INDEX plots_land_use ON plots (land_use);
CREATE INDEX plots_bbox ON plots (min_lon, max_lon, min_lat, max_lat);

CREATE TABLE issuers (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    village        TEXT NOT NULL,
    representative TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    updated_at     TEXT NOT NULL
) STRICT;

CREATE INDEX issuers_village ON issuers (village);

CREATE TABLE contractors (
    code       TEXT PRIMARY KEY,
    kind       INTEGER NOT NULL,                    -- from the code's sequence range
    name       TEXT NOT NULL,
    address    TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE contractor_members (
    contractor TEXT NOT NULL REFERENCES contractors (code) ON DELETE CASCADE,
    position   INTEGER NOT NULL,                    -- 0 for the household head
    name       TEXT NOT NULL,
    relation   INTEGER NOT NULL,
    id_number  TEXT NOT NULL,
    remark     TEXT NOT NULL,
    PRIMARY KEY (contractor, position)
) STRICT;

CREATE TABLE contracts (
    code       TEXT PRIMARY KEY,
    contractor TEXT NOT NULL,                       -- first 18 characters of code
    term_start TEXT NOT NULL,
    term_end   TEXT NOT NULL,
    area       TEXT NOT NULL,                       -- mu, 0 for the sum of the plots
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX contracts_contractor ON contracts (contractor);

CREATE TABLE contract_plots (
    contract TEXT NOT NULL REFERENCES contracts (code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    plot     TEXT NOT NULL,
    area     TEXT NOT NULL,                         -- mu
    PRIMARY KEY (contract, position)
) STRICT;

CREATE INDEX contract_plots_plot ON contract_plots (plot);

CREATE TABLE transfers (
    code              TEXT PRIMARY KEY,
    contract          TEXT NOT NULL,
    lessor            TEXT NOT NULL,                -- contractor of contract
    lessee_name       TEXT NOT NULL,
    lessee_id         TEXT NOT NULL,
    lessee_contractor TEXT NOT NULL,                -- '' when the lessee is no contractor
    method            INTEGER NOT NULL,
    period_start      TEXT NOT NULL,
    period_end        TEXT NOT NULL,
    rent              TEXT NOT NULL,                -- yuan per mu per year
    signed            TEXT,                         -- NULL when not recorded
    version           INTEGER NOT NULL CHECK (version >= 1),
    updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX transfers_contract ON transfers (contract);
CREATE INDEX transfers_lessor ON transfers (lessor);

CREATE TABLE transfer_plots (
    transfer TEXT NOT NULL REFERENCES transfers (code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    plot     TEXT NOT NULL,
    area     TEXT NOT NULL,                         -- mu
    PRIMARY KEY (transfer, position)
) STRICT;

CREATE INDEX transfer_plots_plot ON transfer_plots (plot);

CREATE TABLE plantings (
    plot       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    season     INTEGER NOT NULL,
    crop       TEXT NOT NULL,
    variety    TEXT NOT NULL,
    sown_area  TEXT NOT NULL,                       -- mu
    version    INTEGER NOT NULL CHECK (version >= 1),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (plot, year, season, crop)
) STRICT;

CREATE INDEX plantings_crop ON plantings (crop, year);

-- High-water marks of the code sequences: the highest number handed out or
-- marked as used per key, such as plot:<issuer code>.
CREATE TABLE sequence_marks (
    key  TEXT PRIMARY KEY,
    mark INTEGER NOT NULL CHECK (mark >= 1)
) STRICT;
