-- Conversations with the bot, one row per channel user; the state is the bot's JSON.
CREATE TABLE dialogues (
    key        TEXT PRIMARY KEY,
    state      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
