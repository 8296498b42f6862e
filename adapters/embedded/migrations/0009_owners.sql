-- Who may open an application, as a JSON list ("token:<sha-256 hex>", "chat:telegram:1").
-- Rows written before this migration have only their edit_token_hash; an application
-- made in a chat has an empty edit_token_hash.
ALTER TABLE applications ADD COLUMN owners TEXT;
