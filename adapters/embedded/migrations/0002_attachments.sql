-- Attachments of an application; the file itself is a blob keyed by the ids.
CREATE TABLE attachments (
    id                TEXT PRIMARY KEY,
    application       TEXT NOT NULL REFERENCES applications (id),
    campaign          INTEGER NOT NULL,
    filename          TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    size              INTEGER NOT NULL,
    status            TEXT NOT NULL,
    reason            TEXT,
    version           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    upload_expires_at TEXT NOT NULL,
    -- The same instant in milliseconds since the epoch, for comparisons.
    upload_expires_ms INTEGER NOT NULL,
    uploaded          INTEGER NOT NULL
) STRICT;

CREATE INDEX attachments_by_application ON attachments (application, created_at);
CREATE INDEX attachments_pending ON attachments (status, upload_expires_ms);
