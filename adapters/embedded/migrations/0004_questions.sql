-- Questions the bot could not answer, for the organizers.
CREATE TABLE questions (
    id        TEXT PRIMARY KEY,
    channel   TEXT NOT NULL,
    text      TEXT NOT NULL,
    asked_at  TEXT NOT NULL,
    asked_ms  INTEGER NOT NULL
) STRICT;

CREATE INDEX questions_by_time ON questions (asked_ms);
