-- A reviewer's scores (JSON, criterion id to score) and comment on a case in a round.
CREATE TABLE reviews (
    round        INTEGER NOT NULL,
    application  TEXT NOT NULL,
    reviewer     TEXT NOT NULL,
    scores       TEXT NOT NULL,
    comment      TEXT NOT NULL,
    submitted    INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (round, application, reviewer)
) STRICT;
