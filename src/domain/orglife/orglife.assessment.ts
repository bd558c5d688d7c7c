import type { Db } from '../../db/client.js';
import type { CriterionMethod } from '../../generated/prisma/enums.js';
import { startOfUtcDay } from '../../lib/dates.js';
import { loadOrgLife } from './orglife.queries.js';
import { periodsOf } from './periods.js';
import { judgeOrgLife } from './status.js';

type Ratio = { ratio: number; note: string };

/**
 * The assessment's ORG_LIFE_ON_TIME: of the obligation periods that ended in the quarter, the share with a published
 * record (excused ones not counted; none owed is full marks). Four statements for all branches.
 */
export async function orgLifeRatios(c: {
  db: Db;
  unitIds: number[];
  year: number;
  quarter: number;
  now: Date;
}): Promise<Partial<Record<CriterionMethod, (unitId: number) => Ratio>>> {
  const life = judgeOrgLife(await loadOrgLife(c.db, { unitIds: c.unitIds, year: c.year, now: c.now }), c.year, startOfUtcDay(c.now));
  const qStart = Date.UTC(c.year, (c.quarter - 1) * 3, 1);
  const qEnd = Date.UTC(c.year, c.quarter * 3, 1);
  const tally = new Map<number, { done: number; owed: number }>();
  for (const u of life) {
    const t = { done: 0, owed: 0 };
    for (const o of u.obligations) {
      const ends = new Map(periodsOf(c.year, o.frequency).map((p) => [p.key, p.end.getTime()]));
      for (const cell of o.periods) {
        const end = ends.get(cell.key)!;
        if (end <= qStart || end > qEnd || (cell.status !== 'done' && cell.status !== 'overdue')) continue;
        t.owed++;
        if (cell.status === 'done') t.done++;
      }
    }
    tally.set(u.unitId, t);
  }
  return {
    ORG_LIFE_ON_TIME: (unitId) => {
      const t = tally.get(unitId);
      if (!t?.owed) return { ratio: 1, note: '本季度没有到期的组织生活' };
      return { ratio: t.done / t.owed, note: `组织生活按期召开 ${t.done}/${t.owed} 期` };
    },
  };
}
