-- Chat updates already taken, so a redelivered update is answered once.
CREATE TABLE processed_updates (
    key        TEXT PRIMARY KEY,
    taken_at   TEXT NOT NULL
) STRICT;
