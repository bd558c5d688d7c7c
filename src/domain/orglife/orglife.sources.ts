import type { TargetPeriod } from '../../generated/prisma/enums.js';
import type { BoardSource, FedValues } from '../boards/sources.js';
import { startOfUtcDay } from '../../lib/dates.js';
import { loadOrgLife } from './orglife.queries.js';
import { judgeOrgLife } from './status.js';

const DAY = 86_400_000;
const percent = (n: number, of: number) => Math.round((n / of) * 1000) / 10;
const targetPeriodOf = (d: Date, period: TargetPeriod) =>
  period === 'MONTHLY' ? d.getUTCMonth() + 1 : Math.floor(d.getUTCMonth() / 3) + 1;

/**
 * 组织生活按期完成率: per target period, the obligation periods that ended in it (or were done in it early), done ÷ owed.
 * Excused periods are not owed. Four statements for all units.
 */
export const orgLifeSource: BoardSource = {
  key: 'orglife.on_time',
  label: '组织生活按期完成率',
  uom: '%',
  compute: async (db, p) => {
    const data = await loadOrgLife(db, { unitIds: p.units.map((u) => u.id), year: p.year, now: p.now });
    const out: FedValues = new Map();
    for (const u of judgeOrgLife(data, p.year, startOfUtcDay(p.now))) {
      const tally = new Map<number, { done: number; owed: number }>();
      for (const o of u.obligations)
        for (const c of o.periods) {
          if (c.status !== 'done' && c.status !== 'overdue') continue;
          const last = new Date(periodEndOf(c.key).getTime() - DAY);
          const n = targetPeriodOf(last, p.period);
          const t = tally.get(n) ?? { done: 0, owed: 0 };
          t.owed++;
          if (c.status === 'done') t.done++;
          tally.set(n, t);
        }
      const href = `/units/${u.code}/org-life?year=${p.year}`;
      out.set(u.unitId, new Map([...tally].map(([n, t]) => [n, { actual: percent(t.done, t.owed), href }])));
    }
    return out;
  },
};

/** 党员出勤率: per target period, the people present ÷ the people due at the published records dated in it. One statement. */
export const attendanceSource: BoardSource = {
  key: 'orglife.attendance',
  label: '党员出勤率',
  uom: '%',
  compute: async (db, p) => {
    const ids = p.units.map((u) => u.id);
    const rows = await db.$queryRaw<{ unitId: number; month: number; present: number; due: number }[]>`
      SELECT i."unitId", EXTRACT(MONTH FROM i."eventDate")::int AS month,
             count(*) FILTER (WHERE a->>'s' = 'present')::int AS present, count(*)::int AS due
        FROM "ContentItem" i JOIN "Revision" r ON r.id = i."publishedRevisionId"
        CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.fields->'attendance') = 'array' THEN r.fields->'attendance' ELSE '[]'::jsonb END) a
       WHERE i."unitId" = ANY(${ids}::int[]) AND i.kind = 'RECORD' AND i."deletedAt" IS NULL
         AND i."eventDate" >= ${new Date(Date.UTC(p.year, 0, 1))}::timestamp AND i."eventDate" < ${new Date(Date.UTC(p.year + 1, 0, 1))}::timestamp
       GROUP BY 1, 2`;
    const code = new Map(p.units.map((u) => [u.id, u.code]));
    const sums = new Map<number, Map<number, { present: number; due: number }>>();
    for (const r of rows) {
      const n = p.period === 'MONTHLY' ? r.month : Math.floor((r.month - 1) / 3) + 1;
      const unit = sums.get(r.unitId) ?? new Map();
      const s = unit.get(n) ?? { present: 0, due: 0 };
      unit.set(n, { present: s.present + r.present, due: s.due + r.due });
      sums.set(r.unitId, unit);
    }
    const out: FedValues = new Map();
    for (const [unitId, per] of sums) {
      const href = `/units/${code.get(unitId)}/modules/meetings?year=${p.year}`;
      out.set(unitId, new Map([...per].filter(([, s]) => s.due).map(([n, s]) => [n, { actual: percent(s.present, s.due), href }])));
    }
    return out;
  },
};

/** The first day after a period named YYYY-MM, YYYY-Qn or YYYY. */
function periodEndOf(key: string): Date {
  const y = Number(key.slice(0, 4));
  if (key.length === 4) return new Date(Date.UTC(y + 1, 0, 1));
  if (key[5] === 'Q') return new Date(Date.UTC(y, Number(key[6]) * 3, 1));
  return new Date(Date.UTC(y, Number(key.slice(5)), 1));
}
