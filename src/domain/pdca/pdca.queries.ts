import type { Db } from '../../db/client.js';
import type { PdcaStage } from '../../generated/prisma/enums.js';

const SELECT = {
  id: true,
  source: true,
  targetId: true,
  findingId: true,
  problem: true,
  cause: true,
  action: true,
  ownerName: true,
  dueDate: true,
  stage: true,
  answer: true,
  closedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** A unit's countermeasures, open ones first (oldest due first), then the closed ones of the last year. */
export async function unitCountermeasures(db: Db, unitId: number, opts: { stage?: PdcaStage | 'OPEN' } = {}) {
  const where = { unitId, ...(opts.stage === 'OPEN' ? { stage: { not: 'CLOSED' as const } } : opts.stage ? { stage: opts.stage } : {}) };
  const rows = await db.countermeasure.findMany({
    where,
    orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { dueDate: 'asc' }, { id: 'asc' }],
    take: 200,
    select: SELECT,
  });
  return rows;
}

/** One countermeasure with its history and the names of who moved it. */
export async function countermeasureDetail(db: Db, unitId: number, id: number) {
  const c = await db.countermeasure.findFirst({
    where: { id, unitId },
    select: {
      ...SELECT,
      steps: { orderBy: { at: 'asc' }, select: { fromStage: true, toStage: true, note: true, actorId: true, at: true } },
    },
  });
  if (!c) return null;
  const people = await db.person.findMany({
    where: { id: { in: [...new Set(c.steps.map((s) => s.actorId))] } },
    select: { id: true, displayName: true },
  });
  return { ...c, who: new Map(people.map((p) => [p.id, p.displayName])) };
}
