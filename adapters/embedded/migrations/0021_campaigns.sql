-- Campaign files installed on this deployment (`casebook campaign install`), one per
-- year, kept as written, with the cases of earlier years it refuses (JSON, gathered when
-- the call was opened); and which call takes applications (no row: the one given).
CREATE TABLE campaigns (
    year INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    installed_at_ms INTEGER NOT NULL,
    earlier TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- `open_year` is the open call's year, or NULL when no call takes applications.
CREATE TABLE open_call (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    open_year INTEGER
) STRICT;
