import type { Db } from '../../db/client.js';
import { inUnitWhere } from '../roster/roster.service.js';
import { monthOf, monthStart } from './months.js';
import { computeDue, type BaseRow, type Due, type RateRow } from './rules.js';

/** Who owes dues in a unit: its active full and probationary members (its party groups' included). */
export const duesMembersWhere = (unitId: number) => ({
  active: true,
  partyStatus: { in: ['FULL' as const, 'PROBATIONARY' as const] },
  homeUnit: inUnitWhere(unitId),
});

export const RATE_SELECT = {
  id: true,
  category: true,
  aboveFen: true,
  upToFen: true,
  basisPoints: true,
  fixedFen: true,
  label: true,
} as const;

/** The table by category, each category's brackets from the lowest up (so that an added line shows in its place). */
export function rateTable(db: Db): Promise<RateRow[]> {
  return db.duesRate.findMany({
    select: RATE_SELECT,
    orderBy: [{ category: 'asc' }, { aboveFen: { sort: 'asc', nulls: 'first' } }, { sortOrder: 'asc' }, { id: 'asc' }],
  });
}

/** Each person's base in force in `month` (the latest declared from that month or before), in one query. */
export async function basesInForce(db: Db, personIds: number[], month: string): Promise<Map<number, BaseRow & { validFrom: Date }>> {
  const rows = await db.$queryRawUnsafe<(BaseRow & { personId: number; validFrom: Date })[]>(
    `SELECT DISTINCT ON ("personId") "personId", category, "baseFen", "fixedFen", "validFrom"
       FROM "DuesBase" WHERE "personId" = ANY($1::int[]) AND "validFrom" <= $2::date
      ORDER BY "personId", "validFrom" DESC`,
    personIds,
    `${month}-01`,
  );
  return new Map(rows.map((r) => [r.personId, r]));
}

export interface SheetRow {
  personId: number;
  displayName: string;
  base: (BaseRow & { validFrom: Date }) | null;
  /** 应缴 as computed now from the base and the rate table; null when no base is declared. */
  due: Due | null;
  paid: { paidFen: number | null; paidOn: Date | null; note: string; dueFen: number; rule: string } | null;
}

/**
 * A month's dues sheet of a unit (personal data: the caller checked `dues.view`): every member with 应缴 from their
 * base, what was recorded as paid, and the month's totals. Four queries whatever the number of members.
 */
export async function duesSheet(db: Db, unit: { id: number }, month: string) {
  const [people, rates, payments] = await Promise.all([
    db.person.findMany({ where: duesMembersWhere(unit.id), select: { id: true, displayName: true }, orderBy: { id: 'asc' } }),
    rateTable(db),
    db.duesPayment.findMany({
      where: { unitId: unit.id, month: monthStart(month) },
      select: { personId: true, paidFen: true, paidOn: true, note: true, dueFen: true, rule: true },
    }),
  ]);
  const bases = await basesInForce(
    db,
    people.map((p) => p.id),
    month,
  );
  const paidBy = new Map(payments.map((p) => [p.personId, p]));
  const rows: SheetRow[] = people.map((p) => {
    const base = bases.get(p.id) ?? null;
    return { personId: p.id, displayName: p.displayName, base, due: base && computeDue(base, rates), paid: paidBy.get(p.id) ?? null };
  });
  return { month, rows, totals: sheetTotals(rows), saved: payments.length > 0 };
}

/** 应交人数, 已交人数 and the amounts, from the sheet's rows (a row is paid when it has a paid date). */
export function sheetTotals(rows: readonly SheetRow[]) {
  const paidRows = rows.filter((r) => r.paid?.paidOn);
  return {
    membersDue: rows.length,
    membersPaid: paidRows.length,
    dueFen: rows.reduce((s, r) => s + (r.due?.dueFen ?? 0), 0),
    paidFen: paidRows.reduce((s, r) => s + (r.paid!.paidFen ?? 0), 0),
  };
}

/** /me/dues: my bases (history), the rate table, and my months as recorded on the sheets. Three queries. */
export async function myDues(db: Db, personId: number) {
  const [bases, rates, payments] = await Promise.all([
    db.duesBase.findMany({
      where: { personId },
      select: { category: true, baseFen: true, fixedFen: true, validFrom: true, note: true },
      orderBy: { validFrom: 'desc' },
    }),
    rateTable(db),
    db.duesPayment.findMany({
      where: { personId },
      select: { month: true, dueFen: true, rule: true, paidFen: true, paidOn: true, note: true },
      orderBy: { month: 'desc' },
      take: 36,
    }),
  ]);
  const current = bases[0] ?? null;
  return {
    bases,
    current,
    due: current && computeDue(current, rates),
    months: payments.map((p) => ({ ...p, month: monthOf(p.month) })),
  };
}
