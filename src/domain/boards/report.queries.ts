import type { Db } from '../../db/client.js';
import { periodWindow, valueRange, type PeriodWindow } from './rules.js';

/** Which period of a target a month is (a quarterly target's only in the quarter's last month), or null. */
export function periodOfMonth(period: 'MONTHLY' | 'QUARTERLY', month: number): number | null {
  if (period === 'MONTHLY') return month;
  return month % 3 === 0 ? month / 3 : null;
}

export interface SheetRow {
  id: number;
  title: string;
  kind: 'MUST' | 'CHALLENGE';
  uom: string;
  direction: 'HIGHER' | 'LOWER';
  targetValue: number;
  stretchValue: number | null;
  n: number;
  label: string;
  window: PeriodWindow;
  actual: number | null;
  note: string;
  previous: number | null;
  range: ReturnType<typeof valueRange>;
}

/**
 * The month sheet: every target of the unit due in that month (monthly ones, and quarterly ones in a quarter's last
 * month), with its figure so far and last period's. One query whatever the number of targets.
 */
export async function periodSheet(db: Db, unitId: number, year: number, month: number, now: Date): Promise<SheetRow[]> {
  const quarter = month % 3 === 0 ? month / 3 : null;
  const targets = await db.target.findMany({
    // A fed target (自动) takes no typed figure: it is not on the sheet.
    where: { unitId, year, archivedAt: null, source: null, ...(quarter ? {} : { period: 'MONTHLY' }) },
    orderBy: [{ kind: 'asc' }, { sortOrder: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      title: true,
      kind: true,
      uom: true,
      direction: true,
      targetValue: true,
      stretchValue: true,
      period: true,
      year: true,
      earlyDays: true,
      valueKind: true,
      minValue: true,
      maxValue: true,
      measurements: {
        where: { period: { in: [...new Set([month, month - 1, quarter ?? month, (quarter ?? month) - 1])] } },
        select: { period: true, actual: true, note: true },
      },
    },
  });
  return targets.map((t) => {
    const n = periodOfMonth(t.period, month)!;
    const at = (p: number) => t.measurements.find((m) => m.period === p);
    return {
      id: t.id,
      title: t.title,
      kind: t.kind,
      uom: t.uom,
      direction: t.direction,
      targetValue: t.targetValue,
      stretchValue: t.stretchValue,
      n,
      label: t.period === 'MONTHLY' ? `${n}月` : `第${n}季度`,
      window: periodWindow(t, n, now),
      actual: at(n)?.actual ?? null,
      note: at(n)?.note ?? '',
      previous: at(n - 1)?.actual ?? null,
      range: valueRange(t),
    };
  });
}
