import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import type { SessionUser, UnitScope } from '../authz/can.js';
import { audiencePersonWhere } from './notice.policy.js';
import { inUnit, pendingPersonWhere, type AudienceOf } from './receipts.queries.js';

/* A reader's receipt (read, acknowledged) and the issuer's reminders to those still pending. */

/** Who the reminder comes from, as the reader sees it. */
export const reminderFrom = (unit: { kind: string; name: string }) => (unit.kind === 'COMMITTEE' ? '党务室' : unit.name);

/** The reader opened the notice: their receipt is written once (later visits leave it as it is). */
export async function recordRead(db: Db, noticeId: number, personId: number) {
  await db.noticeReceipt.createMany({ data: [{ noticeId, personId }], skipDuplicates: true });
}

/** 确认已阅: acknowledges (and, if it was never opened, reads) a notice that asks for it; the first time counts. */
export async function acknowledgeNotice(db: Db, noticeId: number, personId: number) {
  await db.$transaction(async (tx) => {
    await tx.noticeReceipt.createMany({ data: [{ noticeId, personId }], skipDuplicates: true });
    await tx.noticeReceipt.updateMany({ where: { noticeId, personId, acknowledgedAt: null }, data: { acknowledgedAt: new Date() } });
  });
}

/**
 * Reminds everyone addressed who has not yet done what the notice asks (in one unit, or all): each gets a
 * reminder on their notices page until they have. Returns how many were reminded.
 */
export async function remindPending(
  db: Db,
  props: {
    unit: UnitScope & { name: string; kind: string };
    notice: AudienceOf & { title: string };
    unitId?: number;
    actor: SessionUser;
    ip?: string;
  },
) {
  const { notice, actor } = props;
  return db.$transaction(async (tx) => {
    const people = await tx.person.findMany({
      where: { AND: [audiencePersonWhere(notice), props.unitId === undefined ? {} : inUnit(props.unitId), pendingPersonWhere(notice)] },
      select: { id: true },
    });
    const ids = people.map((p) => p.id);
    if (!ids.length) return 0;
    const fromName = reminderFrom(props.unit);
    await tx.noticeReminder.updateMany({
      where: { noticeId: notice.id, personId: { in: ids } },
      data: { remindedAt: new Date(), times: { increment: 1 }, remindedById: actor.id, fromName },
    });
    await tx.noticeReminder.createMany({
      data: ids.map((personId) => ({ noticeId: notice.id, personId, fromName, remindedById: actor.id })),
      skipDuplicates: true,
    });
    await audit(tx, {
      actorId: actor.id,
      action: 'notice.reminded',
      entityType: 'Notice',
      entityId: notice.id,
      unitId: props.unit.id,
      summary: `提醒 ${ids.length} 人${notice.ackRequired ? '确认' : '阅读'}通知：${notice.title.slice(0, 60)}`,
      ip: props.ip,
    });
    return ids.length;
  });
}
