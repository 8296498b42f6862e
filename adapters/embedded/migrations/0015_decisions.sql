-- Whether each review round is closed (its reviews frozen), saved over its version.
CREATE TABLE round_closings (
    round INTEGER PRIMARY KEY,
    closed INTEGER NOT NULL,
    version INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
) STRICT;

-- The append-only audit log of closings and decisions: who, when, what, why. The id
-- sorts by time; `entry` is the whole entry as JSON.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    entry TEXT NOT NULL
) STRICT;
