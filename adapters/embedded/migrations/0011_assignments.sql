-- Who reviews which case in which round; `conflict` holds the reason once declared.
CREATE TABLE assignments (
    round        INTEGER NOT NULL,
    application  TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    assigned_at  TEXT NOT NULL,
    conflict     TEXT,
    PRIMARY KEY (round, application, reviewer)
) STRICT;
CREATE INDEX assignments_by_reviewer ON assignments (reviewer);
