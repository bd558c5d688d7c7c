-- Page views move to a table of their own that raises no data generation: counting them (a batch every ten seconds
-- while anyone reads) raised the generation and so emptied every process's read cache, derived values and kept pages
-- every ten seconds. Pages read the counts outside the generation (src/domain/sites/view-counter.ts).
CREATE TABLE "ViewCount" (
    "itemId" INTEGER NOT NULL,
    "views" INTEGER NOT NULL,
    CONSTRAINT "ViewCount_pkey" PRIMARY KEY ("itemId"),
    CONSTRAINT "ViewCount_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ContentItem"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "ViewCount" ("itemId", "views") SELECT "id", "viewCount" FROM "ContentItem" WHERE "viewCount" > 0;
ALTER TABLE "ContentItem" DROP COLUMN "viewCount";

-- As before, with the view counts left out too.
CREATE OR REPLACE FUNCTION "ensure_data_generation_triggers"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t record;
  added integer := 0;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p')
       AND c.relname NOT IN ('DataGeneration', 'session', '_prisma_migrations', 'ReviewMarker', 'ViewCount')
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
