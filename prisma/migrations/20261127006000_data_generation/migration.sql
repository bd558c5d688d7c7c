-- The data generation: a number that every committed write raises, so the app can cache what it read and know,
-- in the same round trip that loads the session, whether anything has changed since (src/db/generation.ts).
CREATE TABLE "DataGeneration" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "n" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "DataGeneration_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DataGeneration_one_row" CHECK ("id" = 1)
);
INSERT INTO "DataGeneration" ("id", "n") VALUES (1, 0);

-- Evaluated in the triggers' WHEN clause as each row changes: true for the first change of a transaction only, so a
-- transaction queues one deferred event however many rows it writes (a bulk load stays cheap).
CREATE FUNCTION "data_generation_first_change"() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF current_setting('portal.generation_pending', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('portal.generation_pending', 'on', true);
  RETURN true;
END $$;

-- Runs at commit (the triggers are deferred): the row lock on the one generation row is held only while the
-- transaction commits, after all its other statements, so writers cannot deadlock on it; the new number becomes
-- visible in the same instant as the writes.
CREATE FUNCTION "bump_data_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "DataGeneration" SET "n" = "n" + 1 WHERE "id" = 1;
  RETURN NULL;
END $$;

-- Attaches the triggers to every table that holds the portal's data; the migrator calls it after each run, so a
-- table added by a later migration is covered without anyone remembering to. Left out: the sessions, and the morning
-- review's per-person marker, which every look at the review moves (raising the generation would empty the cache
-- for everyone each time) and which is only ever read outside the cache (src/domain/review/marker.service.ts).
CREATE FUNCTION "ensure_data_generation_triggers"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t record;
  added integer := 0;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p')
       AND c.relname NOT IN ('DataGeneration', 'session', '_prisma_migrations', 'ReviewMarker')
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_generation_rows')
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER data_generation_rows AFTER INSERT OR UPDATE OR DELETE ON %I
                      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                      WHEN ("data_generation_first_change"()) EXECUTE FUNCTION "bump_data_generation"()', t.relname);
    EXECUTE format('CREATE TRIGGER data_generation_truncate AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_generation"()', t.relname);
    added := added + 1;
  END LOOP;
  RETURN added;
END $$;

SELECT "ensure_data_generation_triggers"();
