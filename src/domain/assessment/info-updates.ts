import type { Db } from '../../db/client.js';
import { publishedInfoUpdates } from '../stats/stats.queries.js';

export interface InfoUpdateQuery {
  unitIds: number[];
  year: number;
  quarter: number;
  start: Date;
  end: Date;
}

/** Per branch, the number of information updates of a quarter; one query for all branches. */
export type InfoUpdateSource = (db: Db, q: InfoUpdateQuery) => Promise<Map<number, number>>;

/** Revisions published in the quarter (those taken down do not count): the count before statistics are published. */
export const publishedRevisionCount: InfoUpdateSource = async (db, q) => {
  const rows = await db.$queryRaw<{ unitId: number; n: number }[]>`
    SELECT i."unitId", count(*)::int AS n FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
     WHERE i."unitId" = ANY(${q.unitIds}::int[]) AND i."deletedAt" IS NULL AND r.status IN ('PUBLISHED', 'SUPERSEDED')
       AND r."reviewedAt" >= ${q.start} AND r."reviewedAt" < ${q.end}
     GROUP BY i."unitId"`;
  return new Map(rows.map((r) => [r.unitId, r.n]));
};

/**
 * The quarter's published statistics (每季度公布) when the office has published them — the figure everyone has
 * seen — and the live count of published revisions until then.
 */
export const statisticsOrLiveCount: InfoUpdateSource = async (db, q) =>
  (await publishedInfoUpdates(db, { year: q.year, quarter: q.quarter, unitIds: q.unitIds })) ?? publishedRevisionCount(db, q);

/** Where the INFO_UPDATES criterion takes its number from. */
export const INFO_UPDATES_SOURCE: { count: InfoUpdateSource; label: string } = {
  count: statisticsOrLiveCount,
  label: '本季度公布的信息更新条数（统计未公布前按审核发布的页面和记录计）',
};
