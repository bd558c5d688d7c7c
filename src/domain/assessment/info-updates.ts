import type { Db } from '../../db/client.js';

export interface InfoUpdateQuery {
  unitIds: number[];
  year: number;
  quarter: number;
  start: Date;
  end: Date;
}

/** Per branch, the number of information updates of a quarter; one query for all branches. */
export type InfoUpdateSource = (db: Db, q: InfoUpdateQuery) => Promise<Map<number, number>>;

/** Until the quarterly statistics exist: revisions published in the quarter (those taken down do not count). */
export const publishedRevisionCount: InfoUpdateSource = async (db, q) => {
  const rows = await db.$queryRaw<{ unitId: number; n: number }[]>`
    SELECT i."unitId", count(*)::int AS n FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
     WHERE i."unitId" = ANY(${q.unitIds}::int[]) AND i."deletedAt" IS NULL AND r.status IN ('PUBLISHED', 'SUPERSEDED')
       AND r."reviewedAt" >= ${q.start} AND r."reviewedAt" < ${q.end}
     GROUP BY i."unitId"`;
  return new Map(rows.map((r) => [r.unitId, r.n]));
};

/**
 * Where the INFO_UPDATES criterion takes its number from. The quarterly statistics will replace the source with
 * their published figures (`INFO_UPDATES_SOURCE.count = …`); nothing else changes.
 */
export const INFO_UPDATES_SOURCE: { count: InfoUpdateSource; label: string } = {
  count: publishedRevisionCount,
  label: '本季度发布（审核通过）的页面和记录条数',
};
