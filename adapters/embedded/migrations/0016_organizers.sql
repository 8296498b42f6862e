-- The registry of organizers: the people who may act on the call. An e-mail is
-- registered once, in any case.
CREATE TABLE organizers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    generation    INTEGER NOT NULL,
    revoked       INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
