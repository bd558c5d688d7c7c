import type { Db } from '../../db/client.js';

/**
 * Page views of published items, counted in memory and written in batches: reading a page must not cost a write.
 * `recordView` only bumps a counter; `flushViews` writes every pending count in ONE statement (every 10 s while
 * the server runs, and once more at shutdown). Counts of a flush that fails are put back for the next one; views
 * lost to a crash are at most the last 10 seconds' worth, which is acceptable for a "most viewed" list.
 *
 * The counts live in a table that raises no data generation (the view_counts migration): a flush that raised it would
 * empty every process's caches every ten seconds of traffic. So nothing read from it may be kept in the cache
 * (src/cache/): pages read the counts they show at every request.
 */
const pending = new Map<number, number>();

/** Counts one view of a published page or record (no database access). */
export function recordView(itemId: number): void {
  if (!Number.isSafeInteger(itemId) || itemId <= 0) return;
  pending.set(itemId, (pending.get(itemId) ?? 0) + 1);
}

/** Views counted but not yet written. */
export function pendingViews(): number {
  let n = 0;
  for (const c of pending.values()) n += c;
  return n;
}

/** Writes all pending counts in one statement; returns how many views it wrote. Nothing to write: no query. */
export async function flushViews(db: Db): Promise<number> {
  if (pending.size === 0) return 0;
  const batch = [...pending.entries()];
  pending.clear();
  const ids = batch.map(([id]) => id);
  const counts = batch.map(([, n]) => n);
  try {
    // One statement for any number of items; an item deleted since its views were counted is skipped.
    await db.$executeRaw`
      INSERT INTO "ViewCount" ("itemId", "views")
      SELECT v.id, v.n FROM unnest(${ids}::int[], ${counts}::int[]) AS v(id, n) JOIN "ContentItem" c ON c.id = v.id
      ON CONFLICT ("itemId") DO UPDATE SET "views" = "ViewCount"."views" + EXCLUDED."views"`;
  } catch (e) {
    for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n);
    throw e;
  }
  return counts.reduce((a, b) => a + b, 0);
}

/** How often each of `ids` was read (0 for none), as of the last flush. One query for any number of items. */
export async function viewCounts(db: Db, ids: number[]): Promise<Readonly<Record<number, number>>> {
  if (ids.length === 0) return {};
  const rows = await db.viewCount.findMany({ where: { itemId: { in: ids } }, select: { itemId: true, views: true } });
  const out: Record<number, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (const r of rows) out[r.itemId] = r.views;
  return out;
}

/**
 * A unit's most read published items (in live modules), most read first, as of the last flush. One query, from the
 * unit's items to their counts (planned the other way, from every item by id, it took 10 ms at 200 branches).
 */
export async function mostViewed(db: Db, unitId: number, take = 5) {
  const rows = await db.$queryRaw<{ id: number; kind: string; title: string; key: string; moduleTitle: string; views: number }[]>`
    WITH items AS MATERIALIZED (
      SELECT id, kind, title, "moduleId" FROM "ContentItem"
       WHERE "unitId" = ${unitId} AND "publishedRevisionId" IS NOT NULL AND "deletedAt" IS NULL)
    SELECT i.id, i.kind::text AS kind, i.title, m.key, m.title AS "moduleTitle", v.views
      FROM items i
      JOIN "ViewCount" v ON v."itemId" = i.id
      JOIN "ModuleDef" m ON m.id = i."moduleId" AND m."retiredAt" IS NULL
     ORDER BY v.views DESC, i.id ASC
     LIMIT ${take}`;
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, module: { key: r.key, title: r.moduleTitle }, viewCount: r.views }));
}

/**
 * Flushes every `intervalMs` (10 s) until the returned stop function is called. The timer is unref'd so it never
 * keeps the process alive; a failed flush is reported to `onError` and retried with the next tick.
 */
export function startViewFlushing(db: Db, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): () => void {
  const timer = setInterval(() => {
    flushViews(db).catch((e: unknown) => opts.onError?.(e));
  }, opts.intervalMs ?? 10_000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Same as `startViewFlushing`, for callers that want the stop function to write what is still pending
 * (errors are dropped: it runs at shutdown).
 */
export function startViewFlusher(db: Db, everyMs = 10_000): () => Promise<void> {
  const stop = startViewFlushing(db, { intervalMs: everyMs });
  return async () => {
    stop();
    await flushViews(db).catch(() => {});
  };
}
