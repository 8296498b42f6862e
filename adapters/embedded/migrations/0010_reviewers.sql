-- The registry of reviewers. An e-mail is registered once, in any case.
CREATE TABLE reviewers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    country       TEXT NOT NULL,
    organization  TEXT NOT NULL,
    areas         TEXT NOT NULL,
    generation    INTEGER NOT NULL,
    revoked       INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
