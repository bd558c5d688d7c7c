import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { SessionUser } from '../authz/can.js';
import { audiencePersonWhere, inAudience, noticeVisibleWhere } from './notice.policy.js';
import { unreadNoticesSql } from './unread.sql.js';

export const PAGE_SIZE = 20;

/** What a notices list shows of each notice. */
const LIST_SELECT = {
  id: true,
  unitId: true,
  title: true,
  docNumber: true,
  issuer: true,
  status: true,
  publishedAt: true,
  withdrawnAt: true,
  withdrawReason: true,
  ackRequired: true,
  ackDeadline: true,
  createdAt: true,
} as const;

type Reader = Pick<SessionUser, 'id' | 'homeUnitId' | 'partyStatus'>;

/** Notices a reader has not yet done what was asked: acknowledge it when asked, else open it. */
export const pendingFor = (personId: number): Prisma.NoticeWhereInput => ({
  OR: [
    { ackRequired: true, receipts: { none: { personId, acknowledgedAt: { not: null } } } },
    { ackRequired: false, receipts: { none: { personId } } },
  ],
});

/** Published notices addressed to `user` that ask for an acknowledgement they have not given. */
export const awaitingAcknowledgement = (user: Reader): Prisma.NoticeWhereInput => ({
  AND: [noticeVisibleWhere(user), { status: 'PUBLISHED', ackRequired: true }, pendingFor(user.id)],
});

const pages = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

/** A page of notices matching `scope` that are addressed to `user`, newest first, each with the user's own receipt. Two queries. */
async function visibleList(db: Db, user: Reader, scope: Prisma.NoticeWhereInput, page: number) {
  const where: Prisma.NoticeWhereInput = { AND: [noticeVisibleWhere(user), scope] };
  const [total, rows] = await Promise.all([
    db.notice.count({ where }),
    db.notice.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { ...LIST_SELECT, receipts: { where: { personId: user.id }, select: { readAt: true, acknowledgedAt: true } } },
    }),
  ]);
  return { total, pages: pages(total), rows: rows.map(({ receipts, ...n }) => ({ ...n, receipt: receipts[0] ?? null })) };
}

/** GET /notices: the notices addressed to the reader. */
export function readerNotices(db: Db, user: Reader, page: number) {
  return visibleList(db, user, {}, page);
}

/**
 * A unit's 文件通知 module: the committee's shows what it issued; a branch's shows what it issued and what was
 * addressed to it (to everyone, to all members, or to the branch among chosen units). Always as `user` may read.
 */
export function unitNotices(db: Db, user: Reader, unit: { id: number; kind: string }, page: number) {
  const scope: Prisma.NoticeWhereInput =
    unit.kind === 'COMMITTEE'
      ? { unitId: unit.id }
      : {
          OR: [{ unitId: unit.id }, { audience: { in: ['ALL', 'MEMBERS'] } }, { audience: 'UNITS', units: { some: { unitId: unit.id } } }],
        };
  return visibleList(db, user, scope, page);
}

/** How many published notices addressed to `user` they have not opened (when the session did not read it). */
export async function unreadCount(db: Db, user: Pick<Reader, 'id'>): Promise<number> {
  const [{ n }] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT ${unreadNoticesSql('p')} AS n FROM "Person" p WHERE p.id = $1`,
    user.id,
  );
  return n ?? 0;
}

/** The issuer's reminders to `user` about notices they have still not read or acknowledged. */
export function pendingReminders(db: Db, user: Reader) {
  return db.noticeReminder.findMany({
    where: { personId: user.id, notice: { AND: [noticeVisibleWhere(user), { status: 'PUBLISHED' }, pendingFor(user.id)] } },
    orderBy: { remindedAt: 'desc' },
    take: 20,
    select: {
      fromName: true,
      remindedAt: true,
      times: true,
      notice: { select: { id: true, title: true, ackRequired: true, ackDeadline: true } },
    },
  });
}

/**
 * The notices a unit issued, drafts first, with how many people each is addressed to and how many have read
 * and acknowledged it. Four queries whatever the number of notices and readers.
 */
export async function issuedNotices(db: Db, unitId: number, page: number) {
  const where = { unitId };
  const [total, rows, people] = await Promise.all([
    db.notice.count({ where }),
    db.notice.findMany({
      where,
      orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { ...LIST_SELECT, audience: true, membersOnly: true, units: { select: { unitId: true } } },
    }),
    db.person.groupBy({ by: ['homeUnitId', 'partyStatus'], where: { active: true }, _count: { _all: true } }),
  ]);
  const counts = await db.noticeReceipt.groupBy({
    by: ['noticeId'],
    where: { noticeId: { in: rows.map((r) => r.id) }, person: { active: true } },
    _count: { _all: true, acknowledgedAt: true },
  });
  const countOf = new Map(counts.map((c) => [c.noticeId, c._count]));
  return {
    total,
    pages: pages(total),
    rows: rows.map(({ units, ...n }) => {
      const audience = { ...n, unitIds: new Set(units.map((u) => u.unitId)) };
      const addressed = people.filter((p) => inAudience(audience, p)).reduce((sum, p) => sum + p._count._all, 0);
      return { ...n, addressed, read: countOf.get(n.id)?._all ?? 0, acknowledged: countOf.get(n.id)?.acknowledgedAt ?? 0 };
    }),
  };
}

/** One notice with what its page needs, and the viewer's own receipt and reminder (one query). */
export function findNotice(db: Db, id: number, viewerId: number) {
  return db.notice.findUnique({
    where: { id },
    select: {
      ...LIST_SELECT,
      body: true,
      audience: true,
      membersOnly: true,
      createdById: true,
      updatedAt: true,
      units: { select: { unitId: true, chosen: true } },
      attachments: { select: { attachmentId: true } },
      receipts: { where: { personId: viewerId }, select: { readAt: true, acknowledgedAt: true } },
      reminders: { where: { personId: viewerId }, select: { fromName: true, remindedAt: true, times: true } },
    },
  });
}

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>;

/** Whether the notice is addressed to `user`, asked of the database with the same rule as the lists. */
export async function isAddressedTo(db: Db, noticeId: number, user: Reader) {
  return (await db.notice.count({ where: { AND: [{ id: noticeId }, noticeVisibleWhere(user)] } })) > 0;
}

/** What the notice page shows beside the notice: its files and the names of the units it was sent to. Two queries. */
export async function noticeExtras(db: Db, notice: Pick<NoticeRow, 'attachments' | 'units'>) {
  const [attachments, units] = await Promise.all([
    db.attachment.findMany({
      where: { id: { in: notice.attachments.map((a) => a.attachmentId) } },
      select: { id: true, originalName: true, size: true },
      orderBy: { id: 'asc' },
    }),
    db.unit.findMany({
      where: { id: { in: notice.units.filter((u) => u.chosen).map((u) => u.unitId) } },
      select: { id: true, name: true },
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    }),
  ]);
  return { attachments, chosenUnits: units };
}

export { audiencePersonWhere };
