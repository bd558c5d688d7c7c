-- Search (issue 20, docs/decisions/0009-h20-search-index.md): one row per thing a person can find, kept by triggers
-- on the tables it is made from, in the same transaction as the write; Chinese is indexed by single characters and
-- two-character pieces (no word splitting, no extension).

-- What is matched: NFKC (full-width letters and digits as ASCII) and lower case, on both sides of the comparison.
CREATE FUNCTION "search_norm"(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(normalize(t, NFKC)) $$;

-- The pieces a text is indexed by: every character and every pair of neighbouring characters, none across a space.
CREATE FUNCTION "search_grams"(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out text[] := '{}';
  prev text;
  ch text;
BEGIN
  FOREACH ch IN ARRAY string_to_array(t, NULL) LOOP
    IF ch COLLATE "C" <= ' ' THEN
      prev := NULL;
      CONTINUE;
    END IF;
    out := out || ch;
    IF prev IS NOT NULL THEN
      out := out || (prev || ch);
    END IF;
    prev := ch;
  END LOOP;
  RETURN out;
END $$;

-- The pieces a search term needs: its pairs (fewer and rarer than its characters), a lone character by itself.
CREATE FUNCTION "search_query_grams"(t text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out text[] := '{}';
  word text;
BEGIN
  FOREACH word IN ARRAY regexp_split_to_array(t, '[[:space:]]+') LOOP
    IF char_length(word) = 1 THEN
      out := out || word;
    ELSIF char_length(word) > 1 THEN
      out := out || ARRAY(SELECT g FROM unnest("search_grams"(word)) g WHERE char_length(g) = 2);
    END IF;
  END LOOP;
  RETURN out;
END $$;

-- Sanitized rich text as the plain text a reader sees (block ends become line breaks, inline tags vanish).
CREATE FUNCTION "search_plain"(html text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(replace(replace(
           regexp_replace(regexp_replace(html, '</(p|h[1-6]|li|tr|blockquote)>|<br\s*/?>', E'\n', 'gi'), '<[^>]*>', '', 'g'),
           '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
$$;

-- The values of a record's fields (labels are added when a snippet is shown, from the record type).
CREATE FUNCTION "search_field_values"(fields jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(fields) = 'object' THEN coalesce((SELECT string_agg(value, ' ') FROM jsonb_each_text(fields)), '') ELSE '' END
$$;

-- Only what someone may find is here: published pages and records (not deleted, module not retired), published
-- notices, knowledge articles, voices made public, units. `audience` and `membersOnly` carry the notices' audience
-- rule, checked in the search query itself (src/domain/search/search.sql.ts).
CREATE TABLE "SearchDoc" (
    "kind" TEXT NOT NULL,
    "entityId" INTEGER NOT NULL,
    "unitId" INTEGER,
    "year" INTEGER,
    "at" TIMESTAMP(3),
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "titleLen" INTEGER NOT NULL,
    "audience" TEXT,
    "membersOnly" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SearchDoc_pkey" PRIMARY KEY ("kind", "entityId")
);

-- Every document as its sources make it now; `search_refresh` writes the rows of some of them. A set-returning SQL
-- function rather than a view (every relation has a Prisma model, tests/db/drift.test.ts); simple enough to be
-- inlined, so a caller's conditions on kind and id reach each source's primary key.
CREATE FUNCTION "search_sources"() RETURNS SETOF "SearchDoc" LANGUAGE sql STABLE AS $$
SELECT CASE WHEN m.key = 'featured' AND i.kind = 'RECORD' THEN 'exchange' ELSE 'content' END AS kind,
       i.id AS "entityId", i."unitId", extract(year FROM coalesce(i."eventDate", i."publishedAt"))::int AS year, i."publishedAt" AS at,
       r.title, "search_norm"(r.title) || E'\n' || "search_norm"("search_plain"(r.body) || ' ' || "search_field_values"(r.fields)) AS text,
       char_length("search_norm"(r.title)) AS "titleLen", NULL::text AS audience, false AS "membersOnly"
  FROM "ContentItem" i
  JOIN "Revision" r ON r.id = i."publishedRevisionId"
  JOIN "ModuleDef" m ON m.id = i."moduleId" AND m."retiredAt" IS NULL
 WHERE i."deletedAt" IS NULL
UNION ALL
SELECT 'notices', n.id, n."unitId", extract(year FROM n."publishedAt")::int, n."publishedAt", n.title,
       "search_norm"(n.title) || E'\n' || "search_norm"(n."docNumber" || ' ' || "search_plain"(n.body)),
       char_length("search_norm"(n.title)), CASE WHEN n.audience <> 'ALL' THEN n.audience::text END, n."membersOnly"
  FROM "Notice" n
 WHERE n.status = 'PUBLISHED'
UNION ALL
SELECT 'knowledge', a.id, NULL, extract(year FROM a."updatedAt")::int, a."updatedAt", a.title,
       "search_norm"(a.title) || E'\n' || "search_norm"(a."bodyText"), char_length("search_norm"(a.title)), NULL, false
  FROM "Article" a
UNION ALL
SELECT 'voices', v.id, v."unitId", extract(year FROM v."publishedAt")::int, v."publishedAt", v.title,
       "search_norm"(v.title) || E'\n' || "search_norm"(v.body || ' ' || coalesce((SELECT string_agg(x.body, ' ' ORDER BY x.id) FROM "VoiceMessage" x WHERE x."voiceId" = v.id), '')),
       char_length("search_norm"(v.title)), NULL, false
  FROM "Voice" v
 WHERE v."publishedAt" IS NOT NULL AND v."publicConsent"
UNION ALL
SELECT 'units', u.id, u.id, NULL, NULL, u.name,
       "search_norm"(u.name) || E'\n' || "search_norm"(u.code || ' ' || u.location || ' ' || u.factory), char_length("search_norm"(u.name)), NULL, false
  FROM "Unit" u
$$;

-- Brings the documents made from `ids` of a source up to date: `source` names the table the ids are of
-- ('content', 'revision', 'module', 'notice', 'article', 'voice', 'unit'); NULL ids: every one.
CREATE FUNCTION "search_refresh"(source text, ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  kinds text[];
  eids integer[];
BEGIN
  CASE source
    WHEN 'content' THEN kinds := '{content,exchange}'; eids := ids;
    WHEN 'revision' THEN kinds := '{content,exchange}';
      eids := ARRAY(SELECT id FROM "ContentItem" WHERE "publishedRevisionId" = ANY(ids));
    WHEN 'module' THEN kinds := '{content,exchange}';
      eids := ARRAY(SELECT id FROM "ContentItem" WHERE "moduleId" = ANY(ids));
    WHEN 'notice' THEN kinds := '{notices}'; eids := ids;
    WHEN 'article' THEN kinds := '{knowledge}'; eids := ids;
    WHEN 'voice' THEN kinds := '{voices}'; eids := ids;
    WHEN 'unit' THEN kinds := '{units}'; eids := ids;
  END CASE;
  IF ids IS NULL THEN
    DELETE FROM "SearchDoc" WHERE kind = ANY(kinds);
    INSERT INTO "SearchDoc" SELECT * FROM "search_sources"() WHERE kind = ANY(kinds);
    RETURN;
  END IF;
  IF cardinality(eids) = 0 THEN
    RETURN;
  END IF;
  -- Upsert rather than delete-and-insert: two writers refreshing one document (an item and its module) cannot collide.
  WITH fresh AS MATERIALIZED (SELECT * FROM "search_sources"() s WHERE s.kind = ANY(kinds) AND s."entityId" = ANY(eids)),
       gone AS (DELETE FROM "SearchDoc" d WHERE d.kind = ANY(kinds) AND d."entityId" = ANY(eids)
                   AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.kind = d.kind AND f."entityId" = d."entityId"))
  INSERT INTO "SearchDoc" SELECT * FROM fresh
  ON CONFLICT ("kind", "entityId") DO UPDATE SET "unitId" = EXCLUDED."unitId", year = EXCLUDED.year, at = EXCLUDED.at,
    title = EXCLUDED.title, text = EXCLUDED.text, "titleLen" = EXCLUDED."titleLen", audience = EXCLUDED.audience,
    "membersOnly" = EXCLUDED."membersOnly";
END $$;

-- Statement triggers with transition tables: a bulk write (the large organisation's loader) refreshes once per statement.
-- TG_ARGV: the source, and the column holding its ids (a voice message names its voice).
CREATE FUNCTION "search_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[1]) INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[1]) INTO ids;
  ELSE
    EXECUTE format('SELECT array_agg(DISTINCT x) FROM (SELECT %1$I AS x FROM new_rows UNION ALL SELECT %1$I FROM old_rows) s', TG_ARGV[1]) INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM "search_refresh"(TG_ARGV[0], ids);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "search_attach"(tbl text, source text, col text DEFAULT 'id') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER search_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION "search_follow"(%L, %L)', tbl, source, col);
  EXECUTE format('CREATE TRIGGER search_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION "search_follow"(%L, %L)', tbl, source, col);
  EXECUTE format('CREATE TRIGGER search_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION "search_follow"(%L, %L)', tbl, source, col);
END $$;

SELECT "search_attach"('ContentItem', 'content');
SELECT "search_attach"('Notice', 'notice');
SELECT "search_attach"('Article', 'article');
SELECT "search_attach"('Voice', 'voice');
SELECT "search_attach"('VoiceMessage', 'voice', 'voiceId');
SELECT "search_attach"('Unit', 'unit');
-- A revision's text never changes once saved, but its status and review fields do; a module can be retired or renamed.
CREATE TRIGGER search_upd AFTER UPDATE ON "Revision" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "search_follow"('revision', 'id');
CREATE TRIGGER search_upd AFTER UPDATE ON "ModuleDef" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "search_follow"('module', 'id');
DROP FUNCTION "search_attach"(text, text, text);

-- Every document rebuilt from its sources (the backfill below; a restore after loading the tables, src/ops/restore.ts).
CREATE FUNCTION "search_rebuild"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "SearchDoc";
  INSERT INTO "SearchDoc" SELECT * FROM "search_sources"();
$$;

SELECT "search_rebuild"();

-- The pieces live in the index only (the table stays narrow, which is what counting many matches reads); fastupdate
-- off, so a query never scans a pending list.
-- Built after the backfill: one bulk build instead of an insert per row.
CREATE INDEX "SearchDoc_grams" ON "SearchDoc" USING gin ("search_grams"("text")) WITH (fastupdate = off);
CREATE INDEX "SearchDoc_unitId_idx" ON "SearchDoc"("unitId");
