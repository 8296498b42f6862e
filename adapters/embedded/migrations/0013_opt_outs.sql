-- Addresses that asked for no more reminders: the SHA-256 of the lower-cased address.
CREATE TABLE opt_outs (
    key TEXT PRIMARY KEY,
    at_ms INTEGER NOT NULL
) STRICT;
