-- Daily totals are kept per time zone, because a calendar day of Asia/Urumqi
-- (UTC+6) covers other hours than one of Asia/Shanghai (UTC+8). Totals stored
-- before this migration were counted in Asia/Shanghai, the only zone then.
ALTER TABLE county_daily ADD COLUMN zone TEXT COLLATE "C" NOT NULL DEFAULT 'Asia/Shanghai';
ALTER TABLE county_daily ALTER COLUMN zone DROP DEFAULT;
ALTER TABLE county_daily DROP CONSTRAINT county_daily_pkey;
ALTER TABLE county_daily ADD PRIMARY KEY (well, zone, day);
