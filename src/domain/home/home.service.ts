import type { Db } from '../../db/client.js';
import type { SessionUser } from '../authz/can.js';
import { mostUsefulThisQuarter } from '../exchange/exchange.queries.js';
import { readerNotices } from '../notices/notices.queries.js';
import { todoParts } from '../sites/todo-parts.js';
import { todoFor, TODO_LIMIT, todoSummary } from '../sites/todo.service.js';

/** The start of the quarter `now` is in (UTC, like every period in the portal). */
export function quarterStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
}

/** Featured work published this quarter across the company, newest first. One query. */
export async function latestFeatured(db: Db, now: Date, limit = 5) {
  return db.$queryRaw<{ id: number; title: string; code: string; unitName: string; publishedAt: Date }[]>`
    SELECT i.id, i.title, u.code, u.name AS "unitName", i."publishedAt"
      FROM "ContentItem" i JOIN "ModuleDef" m ON m.id = i."moduleId" AND m.key = 'featured'
      JOIN "Unit" u ON u.id = i."unitId" AND u."archivedAt" IS NULL
     WHERE i."publishedRevisionId" IS NOT NULL AND i."deletedAt" IS NULL AND i."publishedAt" >= ${quarterStart(now)}
     ORDER BY i."publishedAt" DESC
     LIMIT ${limit}`;
}

/**
 * The part of the home page that is the same for everyone: the committee whose board it shows and this quarter's
 * featured work. Three queries.
 */
export async function homeForEveryone(db: Db, now = new Date()) {
  const [committee, useful, latest] = await Promise.all([
    db.unit.findFirst({
      where: { kind: 'COMMITTEE', archivedAt: null },
      orderBy: { id: 'asc' },
      select: { id: true, code: true, name: true, kind: true },
    }),
    mostUsefulThisQuarter(db, 5, now),
    latestFeatured(db, now),
  ]);
  return {
    committee,
    // the exchange's most useful of the quarter; early in a quarter, before anyone has marked, the newest
    featured: useful.length
      ? useful.map((u) => ({ title: u.title, href: u.href, unitName: u.unitName, note: `有用 ${u.useful}` }))
      : latest.map((f) => ({
          title: f.title,
          href: `/units/${f.code}/modules/featured/records/${f.id}`,
          unitName: f.unitName,
          note: f.publishedAt ? f.publishedAt.toISOString().slice(0, 10) : '',
        })),
  };
}

/**
 * The reader's part of the home page: their latest notices (unread first) and what waits for them, the same lists as
 * /me/todo (only those with something in them). A fixed number of queries.
 */
export async function homeForReader(db: Db, user: SessionUser) {
  const [notices, todo, parts] = await Promise.all([readerNotices(db, user, 1), todoFor(db, user), todoParts(db, user, TODO_LIMIT)]);
  // unread first; a withdrawn notice is nobody's to read any more
  const done = (n: (typeof notices.rows)[number]) => Number(!!n.receipt || n.status !== 'PUBLISHED');
  const newest = [...notices.rows].sort((a, b) => done(a) - done(b)).slice(0, 6);
  return { notices: newest, todo: todoSummary(todo, parts) };
}
