import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { ANONYMOUS_ACTION_SUFFIX } from './audit.service.js';

export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  unitCode?: string;
  from?: Date;
  to?: Date;
  page: number;
  /** Whether the reader may see who did anonymous actions (the platform administrator only). */
  revealAnonymous?: boolean;
}

const PAGE_SIZE = 50;

/**
 * Left out of the log for everyone but the administrator: an anonymous writer's actions (even masked, a row's time
 * and place in the list would sit it beside its writer's other entries), and logins, which would let a recipient
 * line up who was at a computer with when a letter arrived (issue 16.3).
 */
const HIDDEN_FROM_RECIPIENTS: Prisma.AuditLogWhereInput[] = [
  { action: { endsWith: ANONYMOUS_ACTION_SUFFIX } },
  { action: { startsWith: 'auth.' } },
];

/**
 * The audit log, newest first, filtered inside the query; four queries whatever its length. Unless the reader
 * may reveal them, anonymous actions and logins are not listed at all.
 */
export async function listAudit(db: Db, f: AuditFilters) {
  const [actor, unit] = await Promise.all([
    f.actor ? db.person.findUnique({ where: { username: f.actor }, select: { id: true } }) : undefined,
    f.unitCode ? db.unit.findUnique({ where: { code: f.unitCode }, select: { id: true } }) : undefined,
  ]);
  const where: Prisma.AuditLogWhereInput = {
    ...(f.revealAnonymous ? {} : { NOT: HIDDEN_FROM_RECIPIENTS }),
    ...(f.actor ? { actorId: actor?.id ?? -1 } : {}),
    ...(f.unitCode ? { unitId: unit?.id ?? -1 } : {}),
    ...(f.action ? { action: { startsWith: f.action } } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.from || f.to
      ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: new Date(f.to.getTime() + 86_400_000) } : {}) } }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (f.page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
  ]);
  const masked = (r: { action: string }) => !f.revealAnonymous && r.action.endsWith(ANONYMOUS_ACTION_SUFFIX);
  const [people, units] = await Promise.all([
    db.person.findMany({
      where: {
        id: {
          in: [
            ...new Set(
              rows
                .filter((r) => !masked(r))
                .map((r) => r.actorId)
                .filter((x): x is number => x !== null),
            ),
          ],
        },
      },
      select: { id: true, username: true, displayName: true },
    }),
    db.unit.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.unitId).filter((x): x is number => x !== null))] } },
      select: { id: true, code: true, name: true },
    }),
  ]);
  const personOf = new Map(people.map((p) => [p.id, p]));
  const unitOf = new Map(units.map((u) => [u.id, u]));
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((r) => {
      const hidden = masked(r);
      return {
        ...r,
        ip: hidden ? null : r.ip,
        hidden,
        actor: r.actorId && !hidden ? personOf.get(r.actorId) : undefined,
        unit: r.unitId ? unitOf.get(r.unitId) : undefined,
      };
    }),
  };
}

/** The entity types present in the log, for the filter. */
export async function auditEntityTypes(db: Db): Promise<string[]> {
  const rows = await db.auditLog.findMany({ distinct: ['entityType'], select: { entityType: true }, orderBy: { entityType: 'asc' } });
  return rows.map((r) => r.entityType);
}
