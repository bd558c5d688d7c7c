import { Prisma } from '../../generated/prisma/client.js';
import type { SessionUser } from '../authz/can.js';
import { noticeAudienceSql } from '../notices/notice.policy.js';

export interface SearchFilter {
  terms: string[];
  kind?: string;
  unitCode?: string;
  year?: number;
  page: number;
  pageSize: number;
}

/**
 * The one statement of a search: the documents holding every term (the index finds those holding each term's
 * pieces, `strpos` checks a longer term itself), as the reader may see them, read once (MATERIALIZED: a common term
 * matches most documents, and reading them twice cost twice), counted per kind and one page of them, title matches
 * first, then newest; the page's rows joined to their sources for what a hit shows.
 */
export function searchStatement(user: SessionUser, q: SearchFilter): Prisma.Sql {
  const grams = Prisma.join(
    q.terms.map((t) => Prisma.sql`"search_query_grams"("search_norm"(${t}))`),
    ' || ',
  );
  // A term of one or two characters is found exactly by its piece; a longer one is checked in the text.
  const longer = q.terms.filter((t) => t.length > 2 || /\s/.test(t));
  const contains = longer.length
    ? Prisma.sql`AND ${Prisma.join(
        longer.map((t) => Prisma.sql`strpos(d.text, "search_norm"(${t})) > 0`),
        ' AND ',
      )}`
    : Prisma.empty;
  const inTitle = Prisma.join(
    q.terms.map((t) => Prisma.sql`strpos(left(d.text, d."titleLen"), "search_norm"(${t})) > 0`),
    ' AND ',
  );
  const kind = q.kind ? Prisma.sql`WHERE m.kind = ${q.kind}` : Prisma.empty;
  return Prisma.sql`
    WITH m AS MATERIALIZED (
      SELECT d.kind, d."entityId", d."unitId", d.at, (${inTitle}) AS "inTitle"
        FROM "SearchDoc" d
       WHERE "search_grams"(d.text) @> (${grams})
         ${contains}
         AND ${noticeAudienceSql(user)}
         ${q.unitCode !== undefined ? Prisma.sql`AND d."unitId" = (SELECT id FROM "Unit" WHERE code = ${q.unitCode})` : Prisma.empty}
         ${q.year !== undefined ? Prisma.sql`AND d.year = ${q.year}` : Prisma.empty}
    )
    SELECT (SELECT coalesce(json_object_agg(c.kind, c.n), '{}') FROM (SELECT kind, count(*)::int AS n FROM m GROUP BY kind) c) AS counts,
           (SELECT coalesce(json_agg(p ORDER BY p.ord), '[]') FROM (
              SELECT top.ord, top.kind, top."entityId" AS id, sd.title, to_char(top.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, u.code, u.name AS "unitName", u.location, u.factory,
                     i.kind AS "itemKind", md.key AS "moduleKey", md.title AS "moduleTitle", md."recordType",
                     coalesce(r.body, n.body, a."bodyText", v.body) AS body, r.fields, n."docNumber", n.issuer, a.category,
                     (SELECT x.body FROM "VoiceMessage" x WHERE x."voiceId" = v.id AND x.kind = 'ANSWER') AS answer
                FROM (SELECT m.*, row_number() OVER () AS ord
                        FROM (SELECT * FROM m ${kind}
                               ORDER BY m."inTitle" DESC, m.at DESC NULLS LAST, m.kind, m."entityId" DESC
                               LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}) m) top
                JOIN "SearchDoc" sd ON sd.kind = top.kind AND sd."entityId" = top."entityId"
                LEFT JOIN "Unit" u ON u.id = top."unitId"
                LEFT JOIN "ContentItem" i ON top.kind IN ('content', 'exchange') AND i.id = top."entityId"
                LEFT JOIN "Revision" r ON r.id = i."publishedRevisionId"
                LEFT JOIN "ModuleDef" md ON md.id = i."moduleId"
                LEFT JOIN "Notice" n ON top.kind = 'notices' AND n.id = top."entityId"
                LEFT JOIN "Article" a ON top.kind = 'knowledge' AND a.id = top."entityId"
                LEFT JOIN "Voice" v ON top.kind = 'voices' AND v.id = top."entityId") p) AS hits`;
}
