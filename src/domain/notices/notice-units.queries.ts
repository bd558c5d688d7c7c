import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { SessionUser } from '../authz/can.js';
import { ISSUING_KINDS } from './notice.policy.js';

/** The units `user` may issue notices for: their branches as secretary, and the committee for the office. */
export function issuingUnits(db: Db, user: SessionUser | undefined) {
  if (!user) return Promise.resolve([]);
  const secretaryOf = user.grants.filter((g) => g.role === 'SECRETARY' && g.unitId !== null).map((g) => g.unitId as number);
  const office = user.grants.some((g) => g.role === 'OFFICE' && g.unitId === null);
  if (!secretaryOf.length && !office) return Promise.resolve([]);
  return db.unit.findMany({
    where: {
      archivedAt: null,
      OR: [{ id: { in: secretaryOf }, kind: { in: ['GENERAL_BRANCH', 'BRANCH'] } }, ...(office ? [{ kind: 'COMMITTEE' as const }] : [])],
    },
    select: { id: true, code: true, name: true, kind: true },
    orderBy: [{ kind: 'asc' }, { sortOrder: 'asc' }, { code: 'asc' }],
  });
}

/**
 * The units a notice may be sent to by `unit`: the committee chooses among its branches (and general branches),
 * a branch among itself and its party groups.
 */
export async function audienceChoices(db: Db, unit: { id: number; kind: string }) {
  const where: Prisma.UnitWhereInput =
    unit.kind === 'COMMITTEE'
      ? { archivedAt: null, OR: [{ parentId: unit.id }, { parent: { parentId: unit.id } }], kind: { in: [...ISSUING_KINDS] } }
      : { archivedAt: null, OR: [{ id: unit.id }, { parentId: unit.id }] };
  return db.unit.findMany({
    where,
    select: { id: true, name: true, kind: true, location: true, factory: true },
    orderBy: [{ location: 'asc' }, { factory: 'asc' }, { sortOrder: 'asc' }, { code: 'asc' }],
  });
}
