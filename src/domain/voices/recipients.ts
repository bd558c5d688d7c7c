import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../units/org-order.js';
import { RECIPIENT_KINDS } from './voices.service.js';

/** Units one may write to, in the organisation's order (the committee first, then each branch). */
export async function recipientUnits(db: Db) {
  return inOrgOrder(
    await db.unit.findMany({
      where: { kind: { in: [...RECIPIENT_KINDS] }, archivedAt: null },
      select: { ...ORG_ORDER_FIELDS, name: true, kind: true },
    }),
  );
}
