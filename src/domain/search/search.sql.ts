import { Prisma } from '../../generated/prisma/client.js';
import type { SessionUser } from '../authz/can.js';
import { noticeAudienceSql } from '../notices/notice.policy.js';
import { SEARCH_KINDS } from './search-kinds.js';

export interface SearchFilter {
  terms: string[];
  kind?: string;
  unitCode?: string;
  year?: number;
  page: number;
  pageSize: number;
}

/** A kind of at most SAMPLE documents is counted exactly; the sample of the table tells a common query from a rare one. */
export const SAMPLE = 2000;
const SAMPLE_PERCENT = 2;
const SCALE = 100 / SAMPLE_PERCENT;
const COMMON_MIN = 50;
/** The newest documents a common query's page is looked for in before the index is asked for every match. */
const WALK = 5000;
const KINDS = SEARCH_KINDS.map((k) => k.key);

const NEWEST = Prisma.sql`d.at DESC NULLS LAST, d.kind, d."entityId" DESC`;
const ROW = Prisma.sql`d.kind, d."entityId", d."unitId", d.at`;

/**
 * The one statement of a search (docs/decisions/0011-h25-search-common-terms.md). A fixed sample of the table (2% of
 * its blocks, as the reader may see them) tells whether the query is common (one in twenty of them holds every term):
 * - rare: the index finds every match (each term's pieces, `strpos` checks a longer term), read once, counted exactly
 *   per kind, one page of them ranked title matches first, then newest;
 * - common: the page is the first matches among the newest WALK documents (title matches first), or, where those do
 *   not fill it (a term of old years), every title match from the titles' own index (the others only when the titles
 *   do not fill the page) sorted; a kind of at
 *   most SAMPLE documents (by the sample) is counted exactly, a larger one estimated from the sample (`approx`).
 * The page's rows are then joined to their sources for what a hit shows.
 */
export function searchStatement(user: SessionUser, q: SearchFilter): Prisma.Sql {
  const norm = (t: string) => Prisma.sql`"search_norm"(${t})`;
  const grams = Prisma.join(
    q.terms.map((t) => Prisma.sql`"search_query_grams"(${norm(t)})`),
    ' || ',
  );
  // A term of one or two characters is found exactly by its piece; a longer one is checked in the text.
  const longer = q.terms.filter((t) => t.length > 2 || /\s/.test(t));
  const contains = longer.length
    ? Prisma.sql`AND ${Prisma.join(
        longer.map((t) => Prisma.sql`strpos(d.text, ${norm(t)}) > 0`),
        ' AND ',
      )}`
    : Prisma.empty;
  const holds = Prisma.join(
    q.terms.map((t) => Prisma.sql`strpos(d.text, ${norm(t)}) > 0`),
    ' AND ',
  );
  const inTitle = Prisma.join(
    q.terms.map((t) => Prisma.sql`strpos(left(d.text, d."titleLen"), ${norm(t)}) > 0`),
    ' AND ',
  );
  const where = Prisma.sql`${noticeAudienceSql(user)}
    ${q.unitCode !== undefined ? Prisma.sql`AND d."unitId" = (SELECT id FROM "Unit" WHERE code = ${q.unitCode})` : Prisma.empty}
    ${q.year !== undefined ? Prisma.sql`AND d.year = ${q.year}` : Prisma.empty}`;
  const ofKind = q.kind ? Prisma.sql`AND d.kind = ${q.kind}` : Prisma.empty;
  const offset = (q.page - 1) * q.pageSize;
  const common = Prisma.sql`(SELECT common FROM mode)`;
  const upTo = offset + q.pageSize;
  return Prisma.sql`
    WITH probe AS MATERIALIZED (
      SELECT d.kind, (${holds}) AS hit FROM "SearchDoc" d TABLESAMPLE SYSTEM (${Prisma.raw(String(SAMPLE_PERCENT))}) REPEATABLE (1) WHERE ${where}
    ), mode AS MATERIALIZED (
      SELECT count(*) FILTER (WHERE hit) >= greatest(${COMMON_MIN}, count(*) / 20) AS common FROM probe
    ), m AS MATERIALIZED (
      SELECT ${ROW}, (${inTitle}) AS "inTitle" FROM "SearchDoc" d
       WHERE NOT ${common} AND "search_grams"(d.text) @> (${grams}) ${contains} AND ${where}
    ), counted AS (
      SELECT kind, count(*)::int AS n, false AS approx FROM m GROUP BY kind
      UNION ALL
      SELECT k.kind,
             CASE WHEN k.sampled * ${SCALE} <= ${SAMPLE} THEN (SELECT count(*)::int FROM "SearchDoc" d WHERE d.kind = k.kind AND ${holds} AND ${where})
                  ELSE k.hits * ${SCALE} END,
             k.sampled * ${SCALE} > ${SAMPLE}
        FROM (SELECT kind, (SELECT count(*) FROM probe p WHERE p.kind = kinds.kind) AS sampled,
                     (SELECT count(*) FROM probe p WHERE p.kind = kinds.kind AND p.hit) AS hits
                FROM unnest(${KINDS}::text[]) kinds(kind)) k
       WHERE ${common}
    ), walk AS MATERIALIZED (
      SELECT ${ROW}, (${inTitle}) AS t, (${holds}) AS h FROM "SearchDoc" d WHERE ${common} AND ${where} ${ofKind} ORDER BY ${NEWEST} LIMIT ${WALK}
    ), walked AS MATERIALIZED (
      SELECT count(*) < ${WALK} AS whole, count(*) FILTER (WHERE t AND h) >= ${upTo} AS titles, count(*) FILTER (WHERE h AND NOT t) >= ${upTo} AS others FROM walk
    ), "allTitled" AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d
       WHERE ${common} AND NOT (SELECT whole OR titles FROM walked)
         AND "search_grams"(left(d.text, d."titleLen")) @> (${grams}) AND ${inTitle} AND ${holds} AND ${where} ${ofKind}
    ), titled AS MATERIALIZED (
      (SELECT ${ROW} FROM walk d WHERE t AND h AND (SELECT whole OR titles FROM walked) ORDER BY ${NEWEST} LIMIT ${upTo})
      UNION ALL
      (SELECT * FROM "allTitled" d ORDER BY ${NEWEST} LIMIT ${upTo})
    ), "allUntitled" AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d
       WHERE ${common} AND (SELECT count(*) FROM titled) < ${upTo} AND NOT (SELECT whole OR others FROM walked)
         AND "search_grams"(d.text) @> (${grams}) AND NOT (${inTitle}) AND ${holds} AND ${where} ${ofKind}
    ), untitled AS MATERIALIZED (
      (SELECT ${ROW} FROM walk d WHERE h AND NOT t AND (SELECT whole OR others FROM walked) ORDER BY ${NEWEST} LIMIT ${upTo})
      UNION ALL
      (SELECT * FROM "allUntitled" d ORDER BY ${NEWEST} LIMIT ${upTo})
    ), top AS (
      SELECT t.*, row_number() OVER (ORDER BY t."inTitle" DESC, t.at DESC NULLS LAST, t.kind, t."entityId" DESC) AS ord FROM (
        (SELECT * FROM m d WHERE true ${ofKind} ORDER BY d."inTitle" DESC, ${NEWEST} LIMIT ${q.pageSize} OFFSET ${offset})
        UNION ALL
        (SELECT * FROM (SELECT *, true AS "inTitle" FROM titled UNION ALL SELECT *, false FROM untitled) d
          ORDER BY d."inTitle" DESC, ${NEWEST} LIMIT ${q.pageSize} OFFSET ${offset})
      ) t
    )
    SELECT (SELECT coalesce(json_object_agg(c.kind, c.n), '{}') FROM counted c WHERE c.n > 0) AS counts,
           (SELECT coalesce(json_agg(c.kind), '[]') FROM counted c WHERE c.approx AND c.n > 0) AS approx,
           (SELECT coalesce(json_agg(p ORDER BY p.ord), '[]') FROM (
              SELECT top.ord, top.kind, top."entityId" AS id, sd.title, to_char(top.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, u.code, u.name AS "unitName", u.location, u.factory,
                     i.kind AS "itemKind", md.key AS "moduleKey", md.title AS "moduleTitle", md."recordType",
                     coalesce(r.body, n.body, a."bodyText", v.body) AS body, r.fields, n."docNumber", n.issuer, a.category,
                     (SELECT x.body FROM "VoiceMessage" x WHERE x."voiceId" = v.id AND x.kind = 'ANSWER') AS answer
                FROM top
                JOIN "SearchDoc" sd ON sd.kind = top.kind AND sd."entityId" = top."entityId"
                LEFT JOIN "Unit" u ON u.id = top."unitId"
                LEFT JOIN "ContentItem" i ON top.kind IN ('content', 'exchange') AND i.id = top."entityId"
                LEFT JOIN "Revision" r ON r.id = i."publishedRevisionId"
                LEFT JOIN "ModuleDef" md ON md.id = i."moduleId"
                LEFT JOIN "Notice" n ON top.kind = 'notices' AND n.id = top."entityId"
                LEFT JOIN "Article" a ON top.kind = 'knowledge' AND a.id = top."entityId"
                LEFT JOIN "Voice" v ON top.kind = 'voices' AND v.id = top."entityId") p) AS hits`;
}
