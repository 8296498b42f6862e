-- The questions' chat and language (where an answer can be written, and in what), and
-- how an organizer dealt with each. Questions kept before read as English, chat unknown.
ALTER TABLE questions ADD COLUMN chat TEXT;
ALTER TABLE questions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE questions ADD COLUMN answered_at TEXT;
ALTER TABLE questions ADD COLUMN answered_by TEXT;
ALTER TABLE questions ADD COLUMN reply TEXT;
