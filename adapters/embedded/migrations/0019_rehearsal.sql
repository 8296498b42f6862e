-- The rehearsal clock kept with the data (`casebook rehearse --at`): at most one row.
CREATE TABLE rehearsal (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    at_ms       INTEGER NOT NULL,
    set_at_ms   INTEGER NOT NULL
) STRICT;
