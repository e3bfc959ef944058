-- Daily totals are kept per time zone, because a calendar day of Asia/Urumqi
-- (UTC+6) covers other hours than one of Asia/Shanghai (UTC+8). Totals stored
-- before this migration were counted in Asia/Shanghai, the only zone then.
CREATE TABLE county_daily_zoned (
    well       TEXT NOT NULL,
    zone       TEXT NOT NULL,
    day        TEXT NOT NULL,
    volume     TEXT NOT NULL,
    energy     TEXT NOT NULL,
    readings   INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (well, zone, day)
);

INSERT INTO county_daily_zoned (well, zone, day, volume, energy, readings, updated_us)
SELECT well, 'Asia/Shanghai', day, volume, energy, readings, updated_us FROM county_daily;

DROP TABLE county_daily;

ALTER TABLE county_daily_zoned RENAME TO county_daily;
