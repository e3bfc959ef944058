CREATE TABLE county_accounts (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL,
    division      TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_us    INTEGER NOT NULL
);

CREATE TABLE county_tokens (
    id          TEXT PRIMARY KEY,
    account     TEXT NOT NULL REFERENCES county_accounts (name) ON DELETE CASCADE,
    secret_hash TEXT NOT NULL,
    created_us  INTEGER NOT NULL,
    expires_us  INTEGER NOT NULL
);

CREATE INDEX county_tokens_account ON county_tokens (account);

CREATE TABLE county_audit (
    id        INTEGER PRIMARY KEY,
    at_us     INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record    TEXT NOT NULL,
    division  TEXT NOT NULL,
    before    TEXT,
    after     TEXT
);

CREATE INDEX county_audit_record ON county_audit (kind, record);

CREATE TABLE county_daily (
    well       TEXT NOT NULL,
    day        TEXT NOT NULL,
    volume     TEXT NOT NULL,
    energy     TEXT NOT NULL,
    readings   INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (well, day)
);
