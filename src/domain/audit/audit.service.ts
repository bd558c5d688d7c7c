import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../db/client.js';

type Tx = Pick<Db, 'auditLog'>;

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  unitId?: number | null;
  summary: string;
  data?: Prisma.InputJsonValue;
  ip?: string | null;
}

/**
 * Actions whose name ends with this were done by someone who is anonymous to the people reading the log in the
 * course of their work (an anonymous voice's writer, whom the office receives letters from): the entry keeps the
 * actor, and the log shows it only to the platform administrator.
 */
export const ANONYMOUS_ACTION_SUFFIX = '.anonymous';

/** Appends one entry. Pass the transaction's client so the entry commits or rolls back with the change. */
export async function audit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId == null ? null : String(e.entityId),
      unitId: e.unitId ?? null,
      summary: e.summary,
      data: e.data,
      ip: e.ip ?? null,
    },
  });
}
