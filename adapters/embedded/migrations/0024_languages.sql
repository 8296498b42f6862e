-- The language each applicant and reviewer reads (ar, en, es, fr, ru or zh): their mails
-- are in it, then English. Rows kept before the six languages are English.
ALTER TABLE applications ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE reviewers ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
