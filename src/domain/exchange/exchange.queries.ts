import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../units/org-order.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { names } from '../content/content.queries.js';

/** The catalogue key of the branches' 特色工作与经验交流 module, whose records the exchange shows. */
export const FEATURED_MODULE_KEY = 'featured';
export const EXCHANGE_PAGE_SIZE = 20;

/** Featured-work records that anyone may read: published (not drafts, not taken down without a previous version), not deleted. */
export const featuredWhere = {
  kind: 'RECORD',
  deletedAt: null,
  publishedRevisionId: { not: null },
  module: { key: FEATURED_MODULE_KEY },
} satisfies Prisma.ContentItemWhereInput;

type FeaturedFields = { date?: string; headline?: string; practice?: string; results?: string; experience?: string };

/** The first lines of a record's 主要做法, for lists. */
export function summaryOf(fields: unknown, max = 120): string {
  const text = String((fields as FeaturedFields | null)?.practice ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Per item: the count of visible comments, of useful marks, and whether `personId` marked it. Three queries. */
async function tallies(db: Db, itemIds: number[], personId: number) {
  const [comments, marks, mine] = itemIds.length
    ? await Promise.all([
        db.exchangeComment.groupBy({ by: ['itemId'], where: { itemId: { in: itemIds }, hiddenAt: null }, _count: { _all: true } }),
        db.exchangeMark.groupBy({ by: ['itemId'], where: { itemId: { in: itemIds } }, _count: { _all: true } }),
        db.exchangeMark.findMany({ where: { itemId: { in: itemIds }, personId }, select: { itemId: true } }),
      ])
    : [[], [], []];
  return {
    comments: new Map(comments.map((c) => [c.itemId, c._count._all])),
    useful: new Map(marks.map((m) => [m.itemId, m._count._all])),
    mine: new Set(mine.map((m) => m.itemId)),
  };
}

/** The units whose featured work can be filtered on: branches and general branches, archived ones last. */
export async function exchangeUnits(db: Db) {
  const units = inOrgOrder(
    await db.unit.findMany({
      where: { kind: { in: ['BRANCH', 'GENERAL_BRANCH'] } },
      select: { ...ORG_ORDER_FIELDS, name: true, archivedAt: true },
    }),
  );
  return [...units.filter((u) => !u.archivedAt), ...units.filter((u) => u.archivedAt)];
}

/**
 * Featured work across the company, newest first by the date it is about, optionally of one unit, paged; each with
 * its unit, a summary, and its comment and useful counts. A fixed number of queries whatever the number of records.
 */
export async function exchangeList(db: Db, q: { unitId?: number; page: number; viewerId: number }) {
  const where = { ...featuredWhere, ...(q.unitId ? { unitId: q.unitId } : {}) };
  const [total, items] = await Promise.all([
    db.contentItem.count({ where }),
    db.contentItem.findMany({
      where,
      orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
      skip: (q.page - 1) * EXCHANGE_PAGE_SIZE,
      take: EXCHANGE_PAGE_SIZE,
      select: { id: true, unitId: true, title: true, eventDate: true, publishedAt: true, publishedRevision: { select: { fields: true } } },
    }),
  ]);
  const ids = items.map((i) => i.id);
  const [units, t] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...new Set(items.map((i) => i.unitId))] } }, select: { id: true, code: true, name: true } }),
    tallies(db, ids, q.viewerId),
  ]);
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const rows = items.map((i) => ({
    id: i.id,
    title: i.title,
    eventDate: i.eventDate,
    publishedAt: i.publishedAt,
    unit: unitOf.get(i.unitId)!,
    summary: summaryOf(i.publishedRevision?.fields),
    comments: t.comments.get(i.id) ?? 0,
    useful: t.useful.get(i.id) ?? 0,
    markedByMe: t.mine.has(i.id),
  }));
  return { rows, total, pages: Math.max(1, Math.ceil(total / EXCHANGE_PAGE_SIZE)) };
}

/** A readable featured-work record by id with the unit it belongs to (whose archive state gates writing), or null. */
export async function exchangeItem(db: Db, id: number) {
  const item = await db.contentItem.findFirst({
    where: { ...featuredWhere, id },
    select: {
      id: true,
      unitId: true,
      title: true,
      eventDate: true,
      publishedAt: true,
      publishedRevision: { select: { number: true, fields: true, authorId: true } },
    },
  });
  if (!item) return null;
  const unit = await db.unit.findUnique({
    where: { id: item.unitId },
    select: { id: true, code: true, name: true, kind: true, parentId: true, archivedAt: true },
  });
  return unit ? { item, unit } : null;
}

/** The comments on a record, oldest first, with their authors' names and the item's useful count. */
export async function exchangeThread(db: Db, itemId: number, viewerId: number) {
  const [comments, t] = await Promise.all([
    db.exchangeComment.findMany({
      where: { itemId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true, authorId: true, body: true, hiddenAt: true, hiddenById: true, hiddenReason: true, createdAt: true },
    }),
    tallies(db, [itemId], viewerId),
  ]);
  const who = await names(
    db,
    comments.flatMap((c) => [c.authorId, c.hiddenById]),
  );
  return {
    comments: comments.map((c) => ({
      ...c,
      authorName: who.get(c.authorId) ?? '',
      hiddenByName: c.hiddenById ? (who.get(c.hiddenById) ?? '') : '',
    })),
    useful: t.useful.get(itemId) ?? 0,
    markedByMe: t.mine.has(itemId),
  };
}

/** The first instant of the quarter `at` falls in, and of the next one (UTC, like the boards' periods). */
export function quarterBounds(at: Date): { from: Date; to: Date } {
  const q = Math.floor(at.getUTCMonth() / 3);
  return { from: new Date(Date.UTC(at.getUTCFullYear(), q * 3, 1)), to: new Date(Date.UTC(at.getUTCFullYear(), q * 3 + 3, 1)) };
}

export interface UsefulItem {
  itemId: number;
  title: string;
  eventDate: Date | null;
  unitCode: string;
  unitName: string;
  useful: number;
  href: string;
}

/**
 * The featured work people found most useful this quarter: readable records ranked by the 有用 marks given during
 * the current quarter (so a good older practice can still come up), ties to the most recently marked. One query.
 */
export async function mostUsefulThisQuarter(db: Db, limit: number, now = new Date()): Promise<UsefulItem[]> {
  const { from, to } = quarterBounds(now);
  const rows = await db.$queryRaw<Omit<UsefulItem, 'href'>[]>`
    SELECT c."id" AS "itemId", c."title", c."eventDate", u."code" AS "unitCode", u."name" AS "unitName", count(*)::int AS "useful"
    FROM "ExchangeMark" m
    JOIN "ContentItem" c ON c."id" = m."itemId"
    JOIN "ModuleDef" d ON d."id" = c."moduleId"
    JOIN "Unit" u ON u."id" = c."unitId"
    WHERE m."createdAt" >= ${from} AND m."createdAt" < ${to}
      AND c."kind" = 'RECORD' AND c."deletedAt" IS NULL AND c."publishedRevisionId" IS NOT NULL AND d."key" = ${FEATURED_MODULE_KEY}
    GROUP BY c."id", u."id"
    ORDER BY "useful" DESC, max(m."createdAt") DESC, c."id" DESC
    LIMIT ${Math.max(0, Math.floor(limit))}`;
  return rows.map((r) => ({ ...r, href: `/exchange/${r.itemId}` }));
}
