-- Which drafts gave which contact address (its SHA-256), for the cap on open drafts per
-- address. Entries may be stale; readers check them against the application.
CREATE TABLE draft_addresses (
    address         TEXT NOT NULL,
    application_id  TEXT NOT NULL,
    PRIMARY KEY (address, application_id)
) STRICT, WITHOUT ROWID;
