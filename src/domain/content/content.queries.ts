import type { Db } from '../../db/client.js';
import { viewCounts } from '../sites/view-counter.js';
import { redactRevision, revisionContentWhere, revisionListedWhere } from './content.policy.js';

const REV_SELECT = {
  id: true,
  number: true,
  status: true,
  title: true,
  body: true,
  fields: true,
  eventDate: true,
  authorId: true,
  reviewedById: true,
  createdAt: true,
  submittedAt: true,
  reviewedAt: true,
  reviewNote: true,
  restoredFrom: true,
  attachments: { select: { attachment: { select: { id: true, originalName: true, mimeType: true, size: true } } } },
} as const;

/** Display names of the given people, in one query. */
export async function names(db: Db, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const want = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  const rows = await db.person.findMany({ where: { id: { in: want } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/**
 * An item as its page shows it: the published revision for everyone; for editors also the latest revision when
 * it is not the published one (a draft, waiting for review, or sent back), and the reason of a take-down.
 * Five queries whatever the number of revisions (the view count read at every look).
 */
export async function itemView(
  db: Db,
  where: { id?: number; unitId: number; moduleId: number; kind: 'PAGE' | 'RECORD' },
  opts: { editor: boolean },
) {
  const item = await db.contentItem.findFirst({
    where: { ...(where.id ? { id: where.id } : {}), unitId: where.unitId, moduleId: where.moduleId, kind: where.kind, deletedAt: null },
    select: { id: true, title: true, headNumber: true, publishedAt: true, eventDate: true, publishedRevision: { select: REV_SELECT } },
  });
  if (!item) return null;
  const [pending, takenDown, views] = await Promise.all([
    opts.editor && item.headNumber && item.headNumber !== item.publishedRevision?.number
      ? db.revision.findUnique({ where: { itemId_number: { itemId: item.id, number: item.headNumber } }, select: REV_SELECT })
      : null,
    opts.editor
      ? db.revision.findFirst({
          where: { itemId: item.id, status: 'TAKEN_DOWN' },
          orderBy: { number: 'desc' },
          select: { number: true, title: true, reviewNote: true, reviewedAt: true },
        })
      : null,
    item.publishedRevision ? viewCounts(db, [item.id]) : ({} as Record<number, number>),
  ]);
  const who = await names(db, [item.publishedRevision?.authorId, item.publishedRevision?.reviewedById, pending?.authorId]);
  return { item: { ...item, viewCount: views[item.id] ?? 0 }, published: item.publishedRevision, pending, takenDown, who };
}

const PAGE_SIZE = 20;

/**
 * A RECORDS module's list: published records newest first by their date, filterable by year, paged; editors
 * also see the records that have nothing published yet (drafts, waiting, sent back). Fixed queries.
 */
export async function recordList(db: Db, q: { unitId: number; moduleId: number; year?: number; page: number; editor: boolean }) {
  const dateRange = q.year ? { eventDate: { gte: new Date(Date.UTC(q.year, 0, 1)), lt: new Date(Date.UTC(q.year + 1, 0, 1)) } } : {};
  const where = {
    unitId: q.unitId,
    moduleId: q.moduleId,
    kind: 'RECORD' as const,
    deletedAt: null,
    publishedRevisionId: { not: null },
    ...dateRange,
  };
  const [total, rows, years, unpublished] = await Promise.all([
    db.contentItem.count({ where }),
    db.contentItem.findMany({
      where,
      orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
      skip: (q.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        title: true,
        eventDate: true,
        publishedAt: true,
        headNumber: true,
        publishedRevision: { select: { number: true } },
      },
    }),
    db.$queryRaw<{ year: number }[]>`SELECT DISTINCT EXTRACT(YEAR FROM "eventDate")::int AS year FROM "ContentItem"
      WHERE "unitId" = ${q.unitId} AND "moduleId" = ${q.moduleId} AND "publishedRevisionId" IS NOT NULL AND "deletedAt" IS NULL AND "eventDate" IS NOT NULL ORDER BY year DESC`,
    q.editor
      ? db.contentItem.findMany({
          where: { unitId: q.unitId, moduleId: q.moduleId, kind: 'RECORD', deletedAt: null, publishedRevisionId: null },
          orderBy: { updatedAt: 'desc' },
          take: 50,
          select: { id: true, title: true, eventDate: true, updatedAt: true },
        })
      : [],
  ]);
  const views = await viewCounts(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, viewCount: views[r.id] ?? 0 })),
    years: years.map((y) => y.year),
    unpublished,
  };
}

/**
 * Every revision of an item, newest first. Readers who do not see unpublished content get what was once public,
 * taken-down versions as a mark without their title (content.policy.ts).
 */
export async function revisionList(db: Db, itemId: number, opts: { editor: boolean }) {
  const rows = await db.revision.findMany({
    where: { itemId, ...revisionListedWhere(opts.editor) },
    orderBy: { number: 'desc' },
    select: {
      id: true,
      number: true,
      status: true,
      title: true,
      authorId: true,
      createdAt: true,
      reviewNote: true,
      reasonPublic: true,
      restoredFrom: true,
      reviewedById: true,
      reviewedAt: true,
    },
  });
  const who = await names(
    db,
    rows.flatMap((r) => [r.authorId, r.reviewedById]),
  );
  return { rows: rows.map((r) => redactRevision(r, opts.editor)), who };
}

/** Two revisions of an item, for the side-by-side comparison: only ones whose content this reader may open. */
export async function revisionPair(db: Db, itemId: number, a: number, b: number, opts: { editor: boolean }) {
  const rows = await db.revision.findMany({
    where: { itemId, number: { in: [a, b] }, ...revisionContentWhere(opts.editor) },
    select: REV_SELECT,
  });
  const left = rows.find((r) => r.number === a);
  const right = rows.find((r) => r.number === b);
  if (!left || !right) return null;
  const who = await names(db, [left.authorId, right.authorId]);
  return { left, right, who };
}
