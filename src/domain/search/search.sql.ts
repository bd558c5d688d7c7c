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
 * The one statement of a search (docs/decisions/0011-h25-search-common-terms.md, 0012-search-walks-from-the-sample.md).
 * A fixed sample of the table (2% of its blocks, as the reader may see them) tells whether the query is common (one in
 * twenty of them holds every term):
 * - rare: the index finds every match (each term's pieces, `strpos` checks a longer term), read once, counted exactly
 *   per kind, one page of them ranked title matches first, then newest;
 * - common: the page's title matches, then (if they do not fill it) its other matches, each found by `commonPart`
 *   (walks newest first that stop at a page's worth, the index only where they fail); a kind of at most SAMPLE
 *   documents (by the sample) is counted exactly, a larger one estimated from the sample (`approx`).
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
  const filter = Prisma.sql`${where} ${ofKind}`;
  const part = (name: 'titled' | 'untitled', p: Part) => commonPart(name, p, { common, grams, filter, upTo });
  return Prisma.sql`
    WITH probe AS MATERIALIZED (
      SELECT d.kind, d.at, (${holds}) AS hit, (${inTitle}) AS t FROM "SearchDoc" d TABLESAMPLE SYSTEM (${Prisma.raw(String(SAMPLE_PERCENT))}) REPEATABLE (1) WHERE ${where}
    ), mode AS MATERIALIZED (
      SELECT a.common, n.titles AS "titledWalks", n.others AS "untitledWalks", a."titledFrom", a."untitledFrom"
        FROM (SELECT count(*) FILTER (WHERE hit) >= greatest(${COMMON_MIN}, count(*) / 20) AS common,
                     max(at) FILTER (WHERE hit AND t) AS "titledFrom", max(at) FILTER (WHERE hit AND NOT t) AS "untitledFrom" FROM probe) a,
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
    ), ${part('titled', { hit: Prisma.sql`(${inTitle}) AND (${holds})`, index: Prisma.sql`"search_grams"(left(d.text, d."titleLen"))`, when: Prisma.sql`true` })}
    ), ${part('untitled', { hit: Prisma.sql`(${holds}) AND NOT (${inTitle})`, index: Prisma.sql`"search_grams"(d.text)`, when: Prisma.sql`(SELECT count(*) < ${upTo} FROM titled)` })}
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

interface Part {
  /** Whether a document is a match of this part. */
  hit: Prisma.Sql;
  /** The GIN-indexed pieces the part's matches are found by. */
  index: Prisma.Sql;
  /** Whether the part is needed at all (the others only when the titles do not fill the page). */
  when: Prisma.Sql;
}

/**
 * The first `upTo` matches of one part of a common query's page (titles, or the others), newest first, from the
 * first of these that finds them:
 * - the walk of the newest WALK documents (when the sample's newest hold such a match); if the documents the reader
 *   may search are fewer than WALK, it saw them all;
 * - a walk down from the newest match in the sample (a term of old years), with the matches newer than that from
 *   the index (few: the sample saw none of them);
 * - every match from the index, sorted.
 */
function commonPart(
  name: 'titled' | 'untitled',
  p: Part,
  q: { common: Prisma.Sql; grams: Prisma.Sql; filter: Prisma.Sql; upTo: number },
): Prisma.Sql {
  const cte = (suffix: string) => Prisma.raw(`"${name}${suffix}"`);
  const filled = (suffix: string) => Prisma.sql`(SELECT count(*) >= ${q.upTo} FROM ${cte(suffix)})`;
  const from = Prisma.sql`(SELECT ${cte('From')} FROM mode)`;
  const walkedAll = Prisma.sql`((SELECT ${cte('Walks')} FROM mode) AND (SELECT whole FROM sized))`;
  const walk = (bound: Prisma.Sql) => Prisma.sql`
      SELECT ${ROW} FROM (SELECT ${ROW}, ${p.hit} AS hit FROM "SearchDoc" d
                           WHERE ${q.common} AND ${p.when} AND ${bound} AND ${q.filter} ORDER BY ${NEWEST} LIMIT ${WALK}) d
       WHERE hit LIMIT ${q.upTo}`;
  const found = Prisma.sql`${p.index} @> (${q.grams}) AND ${p.hit} AND ${q.filter}`;
  return Prisma.sql`${cte('Walk')} AS MATERIALIZED (${walk(Prisma.sql`(SELECT ${cte('Walks')} FROM mode)`)}
    ), ${cte('Down')} AS MATERIALIZED (${walk(Prisma.sql`NOT ${filled('Walk')} AND NOT ${walkedAll} AND d.at <= ${from}`)}
    ), ${cte('Newer')} AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d WHERE ${q.common} AND ${p.when} AND ${filled('Down')} AND d.at > ${from} AND ${found}
    ), ${cte('All')} AS MATERIALIZED (
      SELECT ${ROW} FROM "SearchDoc" d
       WHERE ${q.common} AND ${p.when} AND NOT ${filled('Walk')} AND NOT ${walkedAll} AND NOT ${filled('Down')} AND ${found}
    ), ${Prisma.raw(name)} AS MATERIALIZED (
      (SELECT * FROM ${cte('Walk')} d WHERE ${q.common} AND ${p.when} AND (${filled('Walk')} OR ${walkedAll}) ORDER BY ${NEWEST})
      UNION ALL
      (SELECT * FROM (SELECT * FROM ${cte('Newer')} UNION ALL SELECT * FROM ${cte('Down')}) d WHERE ${filled('Down')} ORDER BY ${NEWEST} LIMIT ${q.upTo})
      UNION ALL
      (SELECT * FROM ${cte('All')} d ORDER BY ${NEWEST} LIMIT ${q.upTo})`;
}
