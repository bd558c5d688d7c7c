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
 * - common: the page is the first matches among the newest WALK documents (title matches first; each walk stops at a
 *   page's worth, and is not taken when the sample's newest hold no such match), or, where those do not fill it (a
 *   term of old years), every title match from the titles' own index (the others only when the titles do not fill
 *   the page) sorted; a kind of at
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
  // Whether a walk found a whole page; whether the filtered documents are fewer than a walk (so it saw them all).
  const filled = (walk: string) => Prisma.sql`(SELECT count(*) >= ${upTo} FROM ${Prisma.raw(`"${walk}"`)})`;
  const whole = Prisma.sql`(SELECT whole FROM sized)`;
  const short = Prisma.sql`(SELECT count(*) < ${upTo} FROM titled)`;
  return Prisma.sql`
    WITH probe AS MATERIALIZED (
      SELECT d.kind, d.at, (${holds}) AS hit, (${inTitle}) AS t FROM "SearchDoc" d TABLESAMPLE SYSTEM (${Prisma.raw(String(SAMPLE_PERCENT))}) REPEATABLE (1) WHERE ${where}
    ), mode AS MATERIALIZED (
      SELECT a.common, n.titles AS "walkTitles", n.others AS "walkOthers"
        FROM (SELECT count(*) FILTER (WHERE hit) >= greatest(${COMMON_MIN}, count(*) / 20) AS common FROM probe) a,
             (SELECT coalesce(bool_or(hit AND t), false) AS titles, coalesce(bool_or(hit AND NOT t), false) AS others
                FROM (SELECT hit, t FROM probe ORDER BY at DESC NULLS LAST LIMIT ${WALK / SCALE}) newest) n
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
    ), sized AS MATERIALIZED (
      SELECT (SELECT count(*) FROM probe d WHERE true ${ofKind}) * ${SCALE} < 2 * ${WALK}
             AND (SELECT count(*) FROM (SELECT 1 FROM "SearchDoc" d WHERE ${where} ${ofKind} LIMIT ${WALK}) x) < ${WALK} AS whole
    ), "walkTitled" AS MATERIALIZED (
      SELECT ${ROW} FROM (SELECT ${ROW}, (${inTitle}) AND (${holds}) AS hit FROM "SearchDoc" d
                            WHERE ${common} AND (SELECT "walkTitles" FROM mode) AND ${where} ${ofKind} ORDER BY ${NEWEST} LIMIT ${WALK}) d
       WHERE hit LIMIT ${upTo}
    ), "allTitled" AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d
       WHERE ${common} AND NOT ${filled('walkTitled')} AND NOT ${whole}
         AND "search_grams"(left(d.text, d."titleLen")) @> (${grams}) AND ${inTitle} AND ${holds} AND ${where} ${ofKind}
    ), titled AS MATERIALIZED (
      (SELECT * FROM "walkTitled" d WHERE ${filled('walkTitled')} OR ${whole} ORDER BY ${NEWEST})
      UNION ALL
      (SELECT * FROM "allTitled" d ORDER BY ${NEWEST} LIMIT ${upTo})
    ), "walkUntitled" AS MATERIALIZED (
      SELECT ${ROW} FROM (SELECT ${ROW}, (${holds}) AND NOT (${inTitle}) AS hit FROM "SearchDoc" d
                            WHERE ${common} AND ${short} AND (SELECT "walkOthers" FROM mode) AND ${where} ${ofKind} ORDER BY ${NEWEST} LIMIT ${WALK}) d
       WHERE hit LIMIT ${upTo}
    ), "allUntitled" AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d
       WHERE ${common} AND ${short} AND NOT ${filled('walkUntitled')} AND NOT ${whole}
         AND "search_grams"(d.text) @> (${grams}) AND NOT (${inTitle}) AND ${holds} AND ${where} ${ofKind}
    ), untitled AS MATERIALIZED (
      (SELECT * FROM "walkUntitled" d WHERE ${short} AND (${filled('walkUntitled')} OR ${whole}) ORDER BY ${NEWEST})
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
