-- The answer kept with a finished update, for a redelivery (WeChat's retries get the
-- same reply without the engine running again).
ALTER TABLE processed_updates ADD COLUMN answer TEXT;
