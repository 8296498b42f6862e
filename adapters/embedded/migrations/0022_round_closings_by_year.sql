-- Each year's rounds close on their own: round closings are kept per (year, round).
-- Closings kept before had no year; they are the first call's, 2024's (UNDATED_YEAR).
CREATE TABLE round_closings_by_year (
    year INTEGER NOT NULL,
    round INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    version INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    PRIMARY KEY (year, round)
) STRICT;

INSERT INTO round_closings_by_year (year, round, closed, version, changed_at, changed_by)
    SELECT 2024, round, closed, version, changed_at, changed_by FROM round_closings;

DROP TABLE round_closings;
ALTER TABLE round_closings_by_year RENAME TO round_closings;
