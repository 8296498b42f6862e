-- A chat update is taken with a lease: while `lease_until_ms` lies ahead it is being
-- handled; after it, a redelivery may take it again (the handler died); NULL: finished.
-- Rows written before this migration were finished.
ALTER TABLE processed_updates ADD COLUMN lease_until_ms INTEGER;
