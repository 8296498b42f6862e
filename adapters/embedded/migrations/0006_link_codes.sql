-- One-time codes that carry a draft from one channel to another.
CREATE TABLE link_codes (
    code        TEXT PRIMARY KEY,
    payload     TEXT NOT NULL,
    expires_ms  INTEGER NOT NULL
) STRICT;
