import type { Db } from '../../db/client.js';
import type { ChangeSource } from '../review/changes.js';
import type { SignalSource } from '../review/signals.js';
import type { VisitSheetPart } from '../review/visit-sheet.js';
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
  const targets = await db.target.findMany({
    where: { unitId: { in: unitIds }, year, archivedAt: null },
    select: { id: true, unitId: true, title: true, kind: true, direction: true, targetValue: true, stretchValue: true, period: true, uom: true, measurements: { select: { period: true, actual: true } } },
  });
  return targets.flatMap((t): Standing[] => {
    const n = lastEndedPeriod(year, t.period, now);
    if (!n) return [];
    const m = t.measurements.find((x) => x.period === n);
    const label = t.period === 'MONTHLY' ? `${n}月` : `${n}季度`;
    if (m) return judge(t, m.actual) === 'missed' ? [{ unitId: t.unitId, id: t.id, kind: 'red', text: `${t.title}：${label} ${m.actual}${t.uom}，${STATUS_LABELS.missed}` }] : [];
    return isClosed(year, t.period, n, now) ? [{ unitId: t.unitId, id: t.id, kind: 'unreported', text: `${t.title}：${label}未报数据` }] : [];
  });
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
  const rows = await db.$queryRawUnsafe<{ unitId: number; code: string; targetId: number; title: string; uom: string; period: string; n: number; actual: number; at: Date; by: string | null }[]>(
    `SELECT t."unitId", u.code, t.id AS "targetId", t.title, t.uom, t.period::text AS period, m.period AS n, m.actual,
            COALESCE(m."correctedAt", m."reportedAt") AS at, p."displayName" AS by
       FROM "Measurement" m JOIN "Target" t ON t.id = m."targetId" JOIN "Unit" u ON u.id = t."unitId"
       LEFT JOIN "Person" p ON p.id = m."reportedById"
      WHERE ($1::int[] IS NULL OR t."unitId" = ANY($1::int[]))
        AND ($2::timestamp IS NULL OR COALESCE(m."correctedAt", m."reportedAt") >= $2::timestamp)
      ORDER BY at DESC LIMIT $3`,
    q.unitIds ?? null,
    q.since ?? null,
    q.limit,
  );
  return rows.map((r) => ({
    unitId: r.unitId,
    at: new Date(r.at),
    kind: 'measurement' as const,
    title: `数据：${r.title} ${r.period === 'MONTHLY' ? `${r.n}月` : `${r.n}季度`} ${r.actual}${r.uom}`,
    by: r.by,
    href: `/units/${r.code}/board/targets/${r.targetId}`,
  }));
};
