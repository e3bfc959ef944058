-- Names of the administrative divisions (GB/T 2260 codes and their township
-- and village extensions), for labels: 654229 青杨县, 654229101 青杨镇.
CREATE TABLE county_divisions (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    updated_us INTEGER NOT NULL
);
