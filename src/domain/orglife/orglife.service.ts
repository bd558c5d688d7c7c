import type { Db } from '../../db/client.js';
import { startOfUtcDay } from '../../lib/dates.js';
import { loadOrgLife } from './orglife.queries.js';
import { judgeOrgLife, type UnitOrgLife } from './status.js';

/** One branch's organisational life in `year` as of `now` (null: not a branch). Four statements. */
export async function unitOrgLife(db: Db, unitId: number, year: number, now: Date): Promise<UnitOrgLife | null> {
  const data = await loadOrgLife(db, { unitIds: [unitId], year, now });
  return judgeOrgLife(data, year, startOfUtcDay(now))[0] ?? null;
}

/** Every branch's organisational life in `year` (the review, the board's source, the assessment). Four statements. */
export async function allOrgLife(db: Db, year: number, now: Date): Promise<UnitOrgLife[]> {
  const data = await loadOrgLife(db, { year, now });
  return judgeOrgLife(data, year, startOfUtcDay(now));
}
