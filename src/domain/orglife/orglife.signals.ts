import { unitsWithRole } from '../authz/can.js';
import type { SignalSource } from '../review/signals.js';
import type { VisitSheetPart } from '../review/visit-sheet.js';
import type { TodoSource } from '../sites/todo-parts.js';
import { startOfUtcDay } from '../../lib/dates.js';
import { loadOrgLife } from './orglife.queries.js';
import { periodsOf } from './periods.js';
import { judgeOrgLife, type UnitOrgLife } from './status.js';

/** The periods of this year that are over with nothing recorded and no excuse, per branch (with what to show). */
async function overdueOf(db: Parameters<SignalSource>[0], unitIds: number[], now: Date) {
  const year = now.getUTCFullYear();
  const life = judgeOrgLife(await loadOrgLife(db, { unitIds, year, now }), year, startOfUtcDay(now));
  return life.map((u) => ({ unit: u, lines: overdueLines(u, year) }));
}

function overdueLines(u: UnitOrgLife, year: number) {
  return u.obligations.flatMap((o) =>
    o.periods
      .filter((c) => c.status === 'overdue')
      .map((c) => ({
        text: `${o.kind.label}${o.group ? `（${o.group.name}）` : ''}：${c.label}未开`,
        href: `/units/${u.code}/org-life?year=${year}`,
        end: periodsOf(year, o.frequency).find((p) => p.key === c.key)!.end,
      })),
  );
}

/** 组织生活逾期 on the morning review: overdue periods of this year per branch (counted in the score). Four statements. */
export const orgLifeSignals: SignalSource = async (db, q) => {
  const rows = await overdueOf(db, q.branchIds, q.now);
  return new Map(rows.map((r) => [r.unit.unitId, { overdueOrgLife: r.lines.length }]));
};

/** The secretary's to-do: the organisational life of their branches that is overdue this year. Four statements. */
export const orgLifeToDo: TodoSource = async (db, user, limit) => {
  const units = unitsWithRole(user, ['SECRETARY']);
  if (!units.length) return null;
  const rows = await overdueOf(db, units, new Date());
  return {
    id: 'orglife',
    title: '逾期未开的组织生活',
    hint: '已过期间、尚无已发布记录的三会一课、主题党日和组织生活会：请补开并发布记录，确有原因的请向党委办公室说明。',
    fromLabel: '支部',
    atLabel: '期间截止',
    lines: rows
      .flatMap((r) =>
        r.lines.map((l) => ({ text: l.text, href: l.href, from: r.unit.name, at: new Date(l.end.getTime() - 86_400_000), note: '逾期' })),
      )
      .slice(0, limit),
  };
};

/** The visit sheet's part: this year's overdue organisational life of the branch, the questions to ask. */
export const orgLifeVisitPart: VisitSheetPart = async (db, unit, now) => {
  const [row] = await overdueOf(db, [unit.id], now);
  const lines = row?.lines ?? [];
  return {
    title: `逾期未开的组织生活（${lines.length}）`,
    empty: '本年度组织生活均按期召开。',
    lines: lines.map((l) => ({ text: l.text, href: l.href })),
  };
};
