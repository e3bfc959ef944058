-- Land register schema for PostgreSQL.
--
-- Codes and crop names are TEXT COLLATE "C", so that ORDER BY gives the byte
-- order of the Go strings whatever the database's default collation.
-- Decimal quantities (mu, yuan per mu per year) are NUMERIC without a
-- precision, which keeps the scale they were written with. Timestamps are
-- TIMESTAMPTZ, with the microsecond precision of PostgreSQL. Enumerations
-- are SMALLINT and hold the values of the Go constants of package land.
-- Records name other records by code without foreign keys, because
-- registers and surveys arrive separately and in any order; only the rows
-- that belong to one record (members, contracted and transferred plots)
-- reference it, and go with it.

CREATE TABLE plots (
    code                   TEXT COLLATE "C" PRIMARY KEY,
    name                   TEXT NOT NULL,
    village                TEXT COLLATE "C" NOT NULL,   -- '' when not recorded
    geometry               BYTEA,                       -- EWKB, lon/lat; NULL when not surveyed
    min_lon                DOUBLE PRECISION,            -- bounding box of geometry, degrees
    min_lat                DOUBLE PRECISION,
    max_lon                DOUBLE PRECISION,
    max_lat                DOUBLE PRECISION,
    class                  SMALLINT NOT NULL,
    category               SMALLINT NOT NULL,
    land_use               TEXT COLLATE "C" NOT NULL,   -- GB/T 21010-2017 code, '' when not recorded
    declared_area          NUMERIC NOT NULL,            -- mu
    high_standard_farmland BOOLEAN NOT NULL,
    salinity               SMALLINT NOT NULL,
    irrigation             SMALLINT NOT NULL,
    version                BIGINT NOT NULL CHECK (version >= 1),
    updated_at             TIMESTAMPTZ NOT NULL
);

CREATE INDEX plots_village ON plots (village);
CREATE INDEX plots_land_use ON plots (land_use);
CREATE INDEX plots_bbox ON plots (min_lon, max_lon, min_lat, max_lat);

CREATE TABLE issuers (
    code           TEXT COLLATE "C" PRIMARY KEY,
    name           TEXT NOT NULL,
    village        TEXT COLLATE "C" NOT NULL,
    representative TEXT NOT NULL,
    version        BIGINT NOT NULL CHECK (version >= 1),
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX issuers_village ON issuers (village);

CREATE TABLE contractors (
    code       TEXT COLLATE "C" PRIMARY KEY,
    kind       SMALLINT NOT NULL,                       -- from the code's sequence range
    name       TEXT NOT NULL,
    address    TEXT NOT NULL,
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE contractor_members (
    contractor TEXT COLLATE "C" NOT NULL REFERENCES contractors (code) ON DELETE CASCADE,
    position   INTEGER NOT NULL,                        -- 0 for the household head
    name       TEXT NOT NULL,
    relation   SMALLINT NOT NULL,
    id_number  TEXT NOT NULL,
    remark     TEXT NOT NULL,
    PRIMARY KEY (contractor, position)
);

CREATE TABLE contracts (
    code       TEXT COLLATE "C" PRIMARY KEY,
    contractor TEXT COLLATE "C" NOT NULL,               -- first 18 characters of code
    term_start DATE NOT NULL,
    term_end   DATE NOT NULL,
    area       NUMERIC NOT NULL,                        -- mu, 0 for the sum of the plots
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX contracts_contractor ON contracts (contractor);

CREATE TABLE contract_plots (
    contract TEXT COLLATE "C" NOT NULL REFERENCES contracts (code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    plot     TEXT COLLATE "C" NOT NULL,
    area     NUMERIC NOT NULL,                          -- mu
    PRIMARY KEY (contract, position)
);

CREATE INDEX contract_plots_plot ON contract_plots (plot);

CREATE TABLE transfers (
    code              TEXT COLLATE "C" PRIMARY KEY,
    contract          TEXT COLLATE "C" NOT NULL,
    lessor            TEXT COLLATE "C" NOT NULL,        -- contractor of contract
    lessee_name       TEXT NOT NULL,
    lessee_id         TEXT NOT NULL,
    lessee_contractor TEXT COLLATE "C" NOT NULL,        -- '' when the lessee is no contractor
    method            SMALLINT NOT NULL,
    period_start      DATE NOT NULL,
    period_end        DATE NOT NULL,
    rent              NUMERIC NOT NULL,                 -- yuan per mu per year
    signed            DATE,                             -- NULL when not recorded
    version           BIGINT NOT NULL CHECK (version >= 1),
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX transfers_contract ON transfers (contract);
CREATE INDEX transfers_lessor ON transfers (lessor);

CREATE TABLE transfer_plots (
    transfer TEXT COLLATE "C" NOT NULL REFERENCES transfers (code) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    plot     TEXT COLLATE "C" NOT NULL,
    area     NUMERIC NOT NULL,                          -- mu
    PRIMARY KEY (transfer, position)
);

CREATE INDEX transfer_plots_plot ON transfer_plots (plot);

CREATE TABLE plantings (
    plot       TEXT COLLATE "C" NOT NULL,
    year       INTEGER NOT NULL,
    season     SMALLINT NOT NULL,
    crop       TEXT COLLATE "C" NOT NULL,
    variety    TEXT NOT NULL,
    sown_area  NUMERIC NOT NULL,                        -- mu
    version    BIGINT NOT NULL CHECK (version >= 1),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (plot, year, season, crop)
);

CREATE INDEX plantings_crop ON plantings (crop, year);

-- High-water marks of the code sequences: the highest number handed out or
-- marked as used per key, such as plot:<issuer code>.
CREATE TABLE sequence_marks (
    key  TEXT COLLATE "C" PRIMARY KEY,
    mark INTEGER NOT NULL CHECK (mark >= 1)
);
