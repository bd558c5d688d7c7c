import type { Db } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { SessionUser } from '../authz/can.js';
import { CATEGORY_LABELS } from '../knowledge/knowledge.labels.js';
import { noticeVisibleWhere } from '../notices/notice.policy.js';
import { richTextToPlain as plainText } from '../content/sanitize.js';
import { recordType } from '../content/record-types.js';
import { likePattern, snippet } from './query.js';

export interface Hit {
  kind: string;
  title: string;
  href: string;
  where: string;
  at: Date | null;
  snippet: string;
}

export interface SearchQuery {
  terms: string[];
  unitCode?: string;
  /** Resolved from unitCode by `search`. */
  unitId?: number;
  page: number;
  pageSize: number;
}

/**
 * One kind of thing the search finds. Each searches inside the database with what the user may read as part of
 * the WHERE clause (never filtering afterwards) and returns one page and the total in a fixed number of queries.
 */
export interface SearchKind {
  key: string;
  label: string;
  search: (db: Db, user: SessionUser, q: SearchQuery) => Promise<{ total: number; hits: Hit[] }>;
}

interface ContentRow {
  id: number;
  kind: 'PAGE' | 'RECORD';
  title: string;
  body: string;
  fields: string | null;
  code: string;
  unitName: string;
  moduleKey: string;
  moduleTitle: string;
  recordType: string | null;
  publishedAt: Date | null;
  total: number;
}

/** Published pages and records (党务公开: every logged-in employee reads them), optionally of one module. */
function contentKind(key: string, label: string, moduleKey?: string): SearchKind {
  return {
    key,
    label,
    search: async (db, _user, q) => {
      const matches = q.terms.map((t) => {
        const p = likePattern(t);
        return Prisma.sql`(r.title ILIKE ${p} OR regexp_replace(r.body, '<[^>]*>', '', 'g') ILIKE ${p} OR COALESCE(r.fields::text, '') ILIKE ${p})`;
      });
      const rows = await db.$queryRaw<ContentRow[]>`
        SELECT i.id, i.kind::text AS kind, r.title, r.body, r.fields::text AS fields, u.code, u.name AS "unitName",
               m.key AS "moduleKey", m.title AS "moduleTitle", m."recordType", i."publishedAt", count(*) OVER ()::int AS total
          FROM "ContentItem" i
          JOIN "Revision" r ON r.id = i."publishedRevisionId"
          JOIN "Unit" u ON u.id = i."unitId"
          JOIN "ModuleDef" m ON m.id = i."moduleId" AND m."retiredAt" IS NULL
         WHERE i."deletedAt" IS NULL
           ${moduleKey ? Prisma.sql`AND m.key = ${moduleKey}` : Prisma.empty}
           ${q.unitCode ? Prisma.sql`AND u.code = ${q.unitCode}` : Prisma.empty}
           AND ${Prisma.join(matches, ' AND ')}
         ORDER BY i."publishedAt" DESC NULLS LAST, i.id DESC
         LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`;
      return {
        total: rows[0]?.total ?? 0,
        hits: rows.map((r) => ({
          kind: key,
          title: r.title,
          href: `/units/${r.code}/modules/${r.moduleKey}${r.kind === 'RECORD' ? `/records/${r.id}` : ''}`,
          where: `${r.unitName} · ${r.moduleTitle}`,
          at: r.publishedAt,
          snippet: snippet(`${plainText(r.body)} ${r.fields ? fieldText(r.fields, r.recordType) : ''}`.trim(), q.terms),
        })),
      };
    },
  };
}

/**
 * A record's fields as its page shows them, "label：value" (ones the record type does not know, values only), so a
 * snippet reads "实到人数：20" rather than a bare "20".
 */
function fieldText(json: string, typeKey: string | null): string {
  try {
    const values = JSON.parse(json) as Record<string, unknown>;
    const type = recordType(typeKey);
    const labelOf = new Map(type?.fields.map((f) => [f.name, f.label]) ?? []);
    return Object.entries(values)
      .filter(([, v]) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number')
      .map(([k, v]) => (labelOf.has(k) ? `${labelOf.get(k)}：${String(v)}` : String(v)))
      .join(' · ');
  } catch {
    return '';
  }
}

/** Published notices addressed to the reader (their audience rule is part of the query). */
const noticesKind: SearchKind = {
  key: 'notices',
  label: '文件通知',
  search: async (db, user, q) => {
    const where: Prisma.NoticeWhereInput = {
      AND: [
        noticeVisibleWhere(user),
        { status: 'PUBLISHED' },
        ...(q.unitId ? [{ unitId: q.unitId }] : []),
        ...q.terms.map((t) => ({
          OR: [
            { title: { contains: t, mode: 'insensitive' as const } },
            { body: { contains: t, mode: 'insensitive' as const } },
            { docNumber: { contains: t, mode: 'insensitive' as const } },
          ],
        })),
      ],
    };
    const [total, rows] = await Promise.all([
      db.notice.count({ where }),
      db.notice.findMany({
        where,
        orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        select: { id: true, title: true, body: true, docNumber: true, issuer: true, publishedAt: true },
      }),
    ]);
    return {
      total,
      hits: rows.map((n) => ({
        kind: 'notices',
        title: n.title,
        href: `/notices/${n.id}`,
        where: [n.issuer, n.docNumber].filter(Boolean).join(' · '),
        at: n.publishedAt,
        snippet: snippet(plainText(n.body), q.terms),
      })),
    };
  },
};

/** Knowledge articles (every logged-in person reads them); they belong to no unit, so a unit filter leaves them out. */
const knowledgeKind: SearchKind = {
  key: 'knowledge',
  label: '党建知识',
  search: async (db, _user, q) => {
    if (q.unitCode) return { total: 0, hits: [] };
    const where: Prisma.ArticleWhereInput = {
      AND: q.terms.map((t) => ({
        OR: [{ title: { contains: t, mode: 'insensitive' as const } }, { bodyText: { contains: t, mode: 'insensitive' as const } }],
      })),
    };
    const [total, rows] = await Promise.all([
      db.article.count({ where }),
      db.article.findMany({
        where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
        select: { id: true, title: true, category: true, bodyText: true, updatedAt: true },
      }),
    ]);
    return {
      total,
      hits: rows.map((a) => ({
        kind: 'knowledge',
        title: a.title,
        href: `/knowledge/${a.id}`,
        where: CATEGORY_LABELS[a.category],
        at: a.updatedAt,
        snippet: snippet(a.bodyText, q.terms),
      })),
    };
  },
};

/** What the search covers, in the order results are shown; areas add their kind here. */
export const SEARCH_KINDS: SearchKind[] = [
  contentKind('content', '页面与记录'),
  contentKind('exchange', '特色工作与经验交流', 'featured'),
  noticesKind,
  knowledgeKind,
];
