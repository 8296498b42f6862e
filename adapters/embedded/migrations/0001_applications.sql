-- Applications: the columns the store filters on, plus the applicant's content as JSON.
CREATE TABLE applications (
    id              TEXT PRIMARY KEY,
    campaign        INTEGER NOT NULL,
    reference       TEXT UNIQUE,
    status          TEXT NOT NULL,
    version         INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    submitted_at    TEXT,
    content         TEXT NOT NULL,
    edit_token_hash TEXT NOT NULL
) STRICT;

CREATE INDEX applications_by_campaign_status ON applications (campaign, status);

-- One row per reference series ("PC2024"): the last number handed out.
CREATE TABLE reference_counters (
    series TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
) STRICT;
