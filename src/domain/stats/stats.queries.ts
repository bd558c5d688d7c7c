import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { averageHours, change } from './quality.js';
import { previousQuarter, type QuarterRef } from './quarters.js';

/** Published quarters for everyone; drafts too for whoever manages the statistics (filtered in the query). */
export function quarterVisibleWhere(includeDrafts: boolean): Prisma.StatsQuarterWhereInput {
  return includeDrafts ? {} : { status: 'PUBLISHED' };
}

const ROW = {
  unitId: true,
  unitCode: true,
  unitName: true,
  unitKind: true,
  sortOrder: true,
  updates: true,
  modulesCurrent: true,
  modulesTracked: true,
  featured: true,
  sentBack: true,
  takenDown: true,
  reviewCount: true,
  reviewHours: true,
  qualityScore: true,
  rating: true,
  ratingComment: true,
} as const;

type Row = Prisma.StatsUnitRowGetPayload<{ select: typeof ROW }>;

/** The committee first, then the units in their directory order. */
function byDirectoryOrder(a: Row, b: Row) {
  return (
    Number(b.unitKind === 'COMMITTEE') - Number(a.unitKind === 'COMMITTEE') ||
    a.sortOrder - b.sortOrder ||
    a.unitCode.localeCompare(b.unitCode)
  );
}

/** The quarters the viewer may see, newest first, each with its totals. One query. */
export async function listQuarters(db: Db, includeDrafts: boolean) {
  const rows = await db.$queryRaw<
    {
      year: number;
      quarter: number;
      status: 'DRAFT' | 'PUBLISHED';
      computedAt: Date;
      publishedAt: Date | null;
      units: number;
      updates: number;
      featured: number;
      quality: number | null;
    }[]
  >`
    SELECT q.year, q.quarter, q.status::text AS status, q."computedAt", q."publishedAt",
           count(r."unitId")::int AS units, COALESCE(sum(r.updates), 0)::int AS updates, COALESCE(sum(r.featured), 0)::int AS featured,
           round(avg(r."qualityScore"), 1)::float8 AS quality
      FROM "StatsQuarter" q LEFT JOIN "StatsUnitRow" r ON r."quarterId" = q.id
     WHERE (${includeDrafts}::boolean OR q.status = 'PUBLISHED')
     GROUP BY q.id
     ORDER BY q.year DESC, q.quarter DESC`;
  return rows;
}

/**
 * One quarter as the viewer may see it (null when it is not computed, or a draft they may not see), its units
 * with their average review time, and each unit's change against the previous quarter the viewer may see.
 * Two queries.
 */
export async function quarterDetail(db: Db, q: QuarterRef, includeDrafts: boolean) {
  const prev = previousQuarter(q);
  const [quarter, previous] = await Promise.all([
    db.statsQuarter.findFirst({
      where: { year: q.year, quarter: q.quarter, ...quarterVisibleWhere(includeDrafts) },
      select: { id: true, year: true, quarter: true, status: true, computedAt: true, publishedAt: true, rows: { select: ROW } },
    }),
    db.statsQuarter.findFirst({
      where: { year: prev.year, quarter: prev.quarter, ...quarterVisibleWhere(includeDrafts) },
      select: { status: true, rows: { select: { unitId: true, updates: true, qualityScore: true } } },
    }),
  ]);
  if (!quarter) return null;
  const before = new Map((previous?.rows ?? []).map((r) => [r.unitId, r]));
  const rows = [...quarter.rows].sort(byDirectoryOrder).map((r) => ({
    ...r,
    avgReviewHours: averageHours(r.reviewHours, r.reviewCount),
    updatesChange: change(r.updates, before.get(r.unitId)?.updates),
    qualityChange: change(r.qualityScore, before.get(r.unitId)?.qualityScore),
  }));
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  const totals = {
    updates: sum((r) => r.updates),
    modulesCurrent: sum((r) => r.modulesCurrent),
    modulesTracked: sum((r) => r.modulesTracked),
    featured: sum((r) => r.featured),
    sentBack: sum((r) => r.sentBack),
    takenDown: sum((r) => r.takenDown),
    // weighted by decisions, not the average of the units' averages
    avgReviewHours: averageHours(
      sum((r) => r.reviewHours),
      sum((r) => r.reviewCount),
    ),
    qualityScore: rows.length ? Math.round((sum((r) => r.qualityScore) / rows.length) * 10) / 10 : null,
    updatesChange: previous
      ? change(
          sum((r) => r.updates),
          previous.rows.reduce((n, r) => n + r.updates, 0),
        )
      : null,
  };
  return { ...quarter, rows, totals, previous: previous ? { ...prev, status: previous.status } : null };
}

export type QuarterDetail = NonNullable<Awaited<ReturnType<typeof quarterDetail>>>;

/** One unit's figures over every quarter the viewer may see, oldest first (its trend). One query. */
export async function unitTrend(db: Db, unitId: number, includeDrafts: boolean) {
  const rows = await db.statsUnitRow.findMany({
    where: { unitId, quarter: quarterVisibleWhere(includeDrafts) },
    orderBy: [{ quarter: { year: 'asc' } }, { quarter: { quarter: 'asc' } }],
    select: { ...ROW, quarter: { select: { year: true, quarter: true, status: true } } },
  });
  return rows.map((r, i) => ({
    ...r,
    avgReviewHours: averageHours(r.reviewHours, r.reviewCount),
    updatesChange: i > 0 && isNext(rows[i - 1].quarter, r.quarter) ? change(r.updates, rows[i - 1].updates) : null,
    qualityChange: i > 0 && isNext(rows[i - 1].quarter, r.quarter) ? change(r.qualityScore, rows[i - 1].qualityScore) : null,
  }));
}

function isNext(a: QuarterRef, b: QuarterRef) {
  const p = previousQuarter(b);
  return p.year === a.year && p.quarter === a.quarter;
}

/**
 * The "information updates" figure of a published quarter per unit, for the assessment (its computed criterion):
 * null when the quarter is not published (a draft's numbers may still change). Units that the quarter does not
 * cover (party groups, units archived before it ended, unknown ids) are absent from the map. One query.
 */
export async function publishedInfoUpdates(db: Db, q: QuarterRef & { unitIds: number[] }): Promise<Map<number, number> | null> {
  const quarter = await db.statsQuarter.findFirst({
    where: { year: q.year, quarter: q.quarter, status: 'PUBLISHED' },
    select: { rows: { where: { unitId: { in: q.unitIds } }, select: { unitId: true, updates: true } } },
  });
  return quarter ? new Map(quarter.rows.map((r) => [r.unitId, r.updates])) : null;
}
