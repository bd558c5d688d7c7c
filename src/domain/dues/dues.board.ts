import type { Db } from '../../db/client.js';
import { monthStart, nextMonth } from './months.js';

export interface DuesRateRow {
  unitId: number;
  /** The period as asked: YYYY-MM, or YYYY-Qn for a quarter. */
  period: string;
  /** Sheet lines in the period (a member and a month each). */
  lines: number;
  /** Lines paid in full: a paid date and 实缴 at least 应缴. */
  paidInFull: number;
  /** paidInFull / lines as a percentage (one decimal); null when no sheet was saved in the period. */
  rate: number | null;
}

const QUARTER = /^(\d{4})-Q([1-4])$/;

/** A period's months as [from, to) first days: YYYY-MM is one month, YYYY-Qn three. */
function periodRange(period: string): [string, string] {
  const q = QUARTER.exec(period);
  const first = q ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}` : period;
  const last = q ? nextMonth(nextMonth(first)) : first;
  return [`${first}-01`, `${nextMonth(last)}-01`];
}

/**
 * 党费按月足额收缴率 for the board (the lead plugs it into the board's source registry): per unit and period, the share
 * of the sheets' lines paid in full. One query whatever the number of units and periods.
 */
export async function duesPaidInFullRate(db: Db, unitIds: number[], periods: string[]): Promise<DuesRateRow[]> {
  const ranges = periods.map(periodRange);
  for (const [from] of ranges) if (Number.isNaN(monthStart(from.slice(0, 7)).getTime())) throw new Error(`bad period ${from}`);
  const rows = await db.$queryRawUnsafe<{ unitId: number; period: string; lines: number; paidInFull: number }[]>(
    `SELECT u.id AS "unitId", per.key AS period, count(p.id)::int AS lines,
            count(p.id) FILTER (WHERE p."paidOn" IS NOT NULL AND p."paidFen" >= p."dueFen")::int AS "paidInFull"
       FROM unnest($1::int[]) u(id)
      CROSS JOIN unnest($2::text[], $3::date[], $4::date[]) per(key, "from", "to")
       LEFT JOIN "DuesPayment" p ON p."unitId" = u.id AND p.month >= per."from" AND p.month < per."to"
      GROUP BY u.id, per.key`,
    unitIds,
    periods,
    ranges.map((r) => r[0]),
    ranges.map((r) => r[1]),
  );
  return rows.map((r) => ({ ...r, rate: r.lines ? Math.round((r.paidInFull / r.lines) * 1000) / 10 : null }));
}
