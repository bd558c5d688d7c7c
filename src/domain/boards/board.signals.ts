import type { Db } from '../../db/client.js';
import type { Direction, TargetKind, TargetPeriod } from '../../generated/prisma/enums.js';
import type { ChangeSource } from '../review/changes.js';
import type { SignalSource } from '../review/signals.js';
import type { VisitSheetPart } from '../review/visit-sheet.js';
import { withFedValues, type FedMeasurement } from './fed.js';
import { isClosed, judge, lastEndedPeriod, STATUS_LABELS } from './rules.js';

/**
 * "This period" for the review: each target's latest ended period. Red when its figure missed the target;
 * unreported when there is no figure and the reporting deadline has passed. One query for all branches.
 */
interface Standing {
  unitId: number;
  id: number;
  kind: 'red' | 'unreported';
  text: string;
}

async function currentStanding(db: Db, unitIds: number[], now: Date): Promise<Standing[]> {
  const year = now.getUTCFullYear();
  const lastMonth = lastEndedPeriod(year, 'MONTHLY', now);
  const lastQuarter = lastEndedPeriod(year, 'QUARTERLY', now);
  const targets = await db.$queryRaw<
    {
      id: number;
      unitId: number;
      title: string;
      kind: TargetKind;
      direction: Direction;
      targetValue: number;
      stretchValue: number | null;
      period: TargetPeriod;
      uom: string;
      n: number;
      actual: number | null;
      source: string | null;
    }[]
  >`
    SELECT t.id, t."unitId", t.title, t.kind::text AS kind, t.direction::text AS direction, t."targetValue", t."stretchValue",
           t.period::text AS period, t.uom, p.n, m.actual, t.source
      FROM "Target" t
      CROSS JOIN LATERAL (SELECT CASE t.period WHEN 'MONTHLY' THEN ${lastMonth}::int ELSE ${lastQuarter}::int END AS n) p
      -- An index probe per target: joined plainly, the planner hashed every figure of every year (14 ms at 5 years).
      LEFT JOIN LATERAL (SELECT m.actual FROM "Measurement" m WHERE m."targetId" = t.id AND m.period = p.n) m ON true
     WHERE t."unitId" = ANY(${unitIds}::int[]) AND t.year = ${year}::int AND t."archivedAt" IS NULL AND p.n > 0`;
  const fed = await fedActuals(db, targets, year, now);
  return targets
    .map((t) => (t.source && t.actual == null ? { ...t, actual: fed.get(t.id) ?? null } : t))
    .flatMap((t): Standing[] => {
      const label = t.period === 'MONTHLY' ? `${t.n}月` : `${t.n}季度`;
      if (t.actual != null)
        return judge(t, t.actual) === 'missed'
          ? [{ unitId: t.unitId, id: t.id, kind: 'red', text: `${t.title}：${label} ${t.actual}${t.uom}，${STATUS_LABELS.missed}` }]
          : [];
      return isClosed(year, t.period, t.n, now)
        ? [{ unitId: t.unitId, id: t.id, kind: 'unreported', text: `${t.title}：${label}未报数据` }]
        : [];
    });
}

/** The period's figure of each fed target (自动), from its source: one computation per source for all units. */
async function fedActuals(
  db: Db,
  targets: { id: number; unitId: number; period: TargetPeriod; source: string | null; n: number }[],
  year: number,
  now: Date,
) {
  const list = targets
    .filter((t) => t.source)
    .map((t) => ({
      ...t,
      year,
      measurements: [] as FedMeasurement[],
    }));
  const out = new Map<number, number>();
  for (const t of await withFedValues(db, list, now)) {
    const m = t.measurements.find((x) => x.period === t.n);
    if (m) out.set(t.id, m.actual);
  }
  return out;
}

export const boardSignals: SignalSource = async (db, q) => {
  const out = new Map<number, { redTargets: number; unreportedTargets: number }>();
  for (const s of await currentStanding(db, q.branchIds, q.now)) {
    const v = out.get(s.unitId) ?? { redTargets: 0, unreportedTargets: 0 };
    if (s.kind === 'red') v.redTargets++;
    else v.unreportedTargets++;
    out.set(s.unitId, v);
  }
  return out;
};

/** The visit sheet's first section: the branch's red and unreported targets this period. */
export const boardVisitPart: VisitSheetPart = async (db, unit, now) => {
  const rows = await currentStanding(db, [unit.id], now);
  return {
    title: `本期未达成和未报的目标（${rows.length}）`,
    empty: '本期目标均已达成或按时报送。',
    lines: rows.map((r) => ({ text: r.text, href: `/units/${unit.code}/board/targets/${r.id}` })),
  };
};

/** Figures reported (or corrected), for the changes feed and the morning review. One query. */
export const measurementChanges: ChangeSource = async (db, q) => {
  const rows = await db.$queryRawUnsafe<
    {
      unitId: number;
      code: string;
      targetId: number;
      title: string;
      uom: string;
      period: string;
      n: number;
      actual: number;
      at: Date;
      by: string | null;
      kind: TargetKind;
      direction: Direction;
      targetValue: number;
      stretchValue: number | null;
    }[]
  >(
    `SELECT t."unitId", u.code, t.id AS "targetId", t.title, t.uom, t.period::text AS period, m.period AS n, m.actual,
            COALESCE(m."correctedAt", m."reportedAt") AS at, p."displayName" AS by,
            t.kind, t.direction, t."targetValue", t."stretchValue"
       FROM "Measurement" m JOIN "Target" t ON t.id = m."targetId" JOIN "Unit" u ON u.id = t."unitId"
       LEFT JOIN "Person" p ON p.id = m."reportedById"
      WHERE ($1::int[] IS NULL OR t."unitId" = ANY($1::int[]))
        AND ($2::timestamp IS NULL OR m."reportedAt" >= $2::timestamp OR m."correctedAt" >= $2::timestamp)
      ORDER BY at DESC LIMIT $3`,
    q.unitIds ?? null,
    q.since ?? null,
    q.limit,
  );
  return rows.map((r) => {
    const status = judge({ ...r, period: r.period as TargetPeriod }, r.actual);
    const met = status === 'met' || status === 'stretch';
    return {
      unitId: r.unitId,
      at: new Date(r.at),
      kind: 'measurement' as const,
      title: `${met ? '数据' : `数据（${STATUS_LABELS[status]}）`}：${r.title} ${r.period === 'MONTHLY' ? `${r.n}月` : `${r.n}季度`} ${r.actual}${r.uom}`,
      by: r.by,
      href: `/units/${r.code}/board/targets/${r.targetId}`,
      // a reading that meets its target is routine: the review groups those as one line; a miss is shown on its own
      ...(met ? { routine: { groupHref: `/units/${r.code}/board` } } : {}),
    };
  });
};
