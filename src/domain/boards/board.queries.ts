import type { Db } from '../../db/client.js';
import { isOverdue, STAGE_LABELS } from '../pdca/pdca.service.js';
import { withFedValues } from './fed.js';
import { boardSource } from './sources.js';
import { cellStatus, isClosed, periodsOf, reportingDeadline, yearToDate, type CellStatus, type YearToDate } from './rules.js';

const TARGET_SELECT = {
  id: true,
  unitId: true,
  year: true,
  kind: true,
  title: true,
  measure: true,
  uom: true,
  direction: true,
  targetValue: true,
  stretchValue: true,
  period: true,
  valueKind: true,
  minValue: true,
  maxValue: true,
  earlyDays: true,
  ownerName: true,
  source: true,
  parentId: true,
  sortOrder: true,
  measurements: {
    orderBy: { period: 'asc' as const },
    select: { period: true, actual: true, note: true, late: true, officeReason: true, reportedAt: true, correctedAt: true },
  },
} as const;

export interface Cell {
  n: number;
  label: string;
  status: CellStatus;
  actual: number | null;
  note: string;
  late: boolean;
  officeReason: string;
  closed: boolean;
  /** Computed from the portal's records (自动), with the page of the records it counts. */
  auto: boolean;
  href: string;
}

/** The row of the bowling chart for one target: a cell per period and the year to date. */
export function targetRow<
  T extends {
    year: number;
    kind: 'MUST' | 'CHALLENGE';
    direction: 'HIGHER' | 'LOWER';
    targetValue: number;
    stretchValue: number | null;
    period: 'MONTHLY' | 'QUARTERLY';
    source?: string | null;
    measurements: { period: number; actual: number; note: string; late: boolean; officeReason?: string; auto?: boolean; href?: string }[];
  },
>(t: T, now: Date) {
  const byPeriod = new Map(t.measurements.map((m) => [m.period, m]));
  const cells: Cell[] = [];
  for (let n = 1; n <= periodsOf(t.period); n++) {
    const m = byPeriod.get(n);
    cells.push({
      n,
      label: t.period === 'MONTHLY' ? `${n}月` : `${n}季度`,
      status: cellStatus(t, n, m?.actual, now),
      actual: m?.actual ?? null,
      note: m?.note ?? '',
      late: m?.late ?? false,
      officeReason: m?.officeReason ?? '',
      closed: isClosed(t.year, t.period, n, now),
      auto: m?.auto ?? false,
      href: m?.href ?? '',
    });
  }
  const ytd: YearToDate = yearToDate(t, new Map(t.measurements.map((m) => [m.period, m.actual])), now);
  const fedFrom = boardSource(t.source)?.label ?? null;
  return { ...t, cells, ytd, fedFrom, deadline: (n: number) => reportingDeadline(t.year, t.period, n) };
}

export type TargetRowView = ReturnType<typeof targetRow<Awaited<ReturnType<typeof loadTargets>>[number]>>;

async function loadTargets(db: Db, where: { unitId?: number; parentId?: { in: number[] }; year: number }, now: Date) {
  const targets = await db.target.findMany({
    where: { ...where, archivedAt: null },
    orderBy: [{ kind: 'asc' }, { sortOrder: 'asc' }, { id: 'asc' }],
    select: TARGET_SELECT,
  });
  return withFedValues(db, targets, now);
}

/**
 * Everything a board page shows: its targets with their measurements, the diagnoses of the year, the
 * countermeasures opened from its targets and, on the committee's board, the branch targets that serve each
 * committee target, with every cell's status as of `now`. Four queries whatever the number of targets and periods.
 */
export async function loadBoard(db: Db, unit: { id: number; kind: string }, year: number, now = new Date()) {
  const targets = await loadTargets(db, { unitId: unit.id, year }, now);
  const ids = targets.map((t) => t.id);
  const [diagnoses, countermeasures, children] = await Promise.all([
    db.diagnosis.findMany({ where: { unitId: unit.id, year }, orderBy: { month: 'asc' } }),
    db.countermeasure.findMany({
      where: { targetId: { in: ids } },
      orderBy: { id: 'asc' },
      select: { id: true, targetId: true, problem: true, stage: true, dueDate: true },
    }),
    unit.kind === 'COMMITTEE'
      ? db.target
          .findMany({
            where: { parentId: { in: ids }, year, archivedAt: null },
            orderBy: [{ unitId: 'asc' }, { id: 'asc' }],
            select: { ...TARGET_SELECT, unit: { select: { code: true, name: true } } },
          })
          .then((list) => withFedValues(db, list, now))
      : Promise.resolve([]),
  ]);
  const rows = targets.map((t) => targetRow(t, now));
  const childRows = children.map((c) => targetRow(c, now));
  return {
    year,
    rows: rows.map((r) => ({
      ...r,
      countermeasures: countermeasures
        .filter((c) => c.targetId === r.id)
        .map((c) => ({ ...c, overdue: isOverdue(c, now), stageLabel: STAGE_LABELS[c.stage] })),
      children: childRows.filter((c) => c.parentId === r.id),
    })),
    diagnoses,
  };
}

/** One target of a unit with its measurements (for its page and the measurement form). */
export async function loadTarget(db: Db, unitId: number, id: number, now = new Date()) {
  const t = await db.target.findFirst({ where: { id, unitId, archivedAt: null }, select: TARGET_SELECT });
  return t && (await withFedValues(db, [t], now))[0];
}

/** The committee's targets of a year, which a branch target may serve. */
export function committeeTargets(db: Db, year: number) {
  return db.target.findMany({
    where: { year, archivedAt: null, unit: { kind: 'COMMITTEE' } },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, title: true },
  });
}

/** The years a unit has targets for, plus the current one, newest first. */
export async function boardYears(db: Db, unitId: number, current: number): Promise<number[]> {
  const rows = await db.target.groupBy({ by: ['year'], where: { unitId } });
  return [...new Set([current, ...rows.map((r) => r.year)])].sort((a, b) => b - a);
}
