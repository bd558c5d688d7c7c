-- The change feed is gone (docs/decisions/0007-one-named-cache.md): each request reads the data generation with its
-- session, so nobody LISTENs for these notifications any more.
DROP TRIGGER IF EXISTS data_generation_notify ON "DataGeneration";
DROP TRIGGER IF EXISTS session_notify ON "session";
DROP TRIGGER IF EXISTS session_notify_truncate ON "session";
DROP FUNCTION IF EXISTS "notify_data_generation"();
DROP FUNCTION IF EXISTS "notify_session_change"();
