import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { audiencePersonWhere } from './notice.policy.js';

/** The part of a notice that decides who it is addressed to and what they were asked. */
export interface AudienceOf {
  id: number;
  audience: 'ALL' | 'MEMBERS' | 'UNITS';
  membersOnly: boolean;
  ackRequired: boolean;
  units: { unitId: number }[];
}

export const RECEIPT_FILTERS = { all: '全部', unread: '未读', read: '已读', acknowledged: '已确认', pending: '未完成' } as const;
export type ReceiptFilter = keyof typeof RECEIPT_FILTERS;

/** People of a unit as the receipts count them: its own, and those of its party groups. `0` means people without a unit. */
export const inUnit = (unitId: number): Prisma.PersonWhereInput =>
  unitId === 0 ? { homeUnitId: null } : { OR: [{ homeUnitId: unitId }, { homeUnit: { parentId: unitId, kind: 'PARTY_GROUP' } }] };

/** Who has not yet done what the notice asks: acknowledge it when asked, else open it. */
export const pendingPersonWhere = (n: AudienceOf): Prisma.PersonWhereInput =>
  n.ackRequired
    ? { noticeReceipts: { none: { noticeId: n.id, acknowledgedAt: { not: null } } } }
    : { noticeReceipts: { none: { noticeId: n.id } } };

function statusWhere(n: AudienceOf, status: ReceiptFilter): Prisma.PersonWhereInput {
  if (status === 'unread') return { noticeReceipts: { none: { noticeId: n.id } } };
  if (status === 'read') return { noticeReceipts: { some: { noticeId: n.id } } };
  if (status === 'acknowledged') return { noticeReceipts: { some: { noticeId: n.id, acknowledgedAt: { not: null } } } };
  if (status === 'pending') return pendingPersonWhere(n);
  return {};
}

const UNIT_OF_PERSON = {
  homeUnitId: true,
  homeUnit: { select: { name: true, kind: true, parentId: true, parent: { select: { name: true } } } },
} as const;

/** The unit a person is counted in: a party group's people count in its branch. */
function countedUnit(p: {
  homeUnitId: number | null;
  homeUnit: { name: string; kind: string; parentId: number | null; parent: { name: string } | null } | null;
}) {
  if (!p.homeUnit || p.homeUnitId === null) return { id: 0, name: '未分配单位' };
  if (p.homeUnit.kind === 'PARTY_GROUP' && p.homeUnit.parentId !== null)
    return { id: p.homeUnit.parentId, name: p.homeUnit.parent?.name ?? p.homeUnit.name };
  return { id: p.homeUnitId, name: p.homeUnit.name };
}

/**
 * Per unit: how many people the notice is addressed to, how many have read it and how many acknowledged it.
 * Four queries (three aggregates and the units' names) whatever the size of the audience.
 */
export async function receiptSummary(db: Db, n: AudienceOf) {
  const who = audiencePersonWhere(n);
  const count = (extra: Prisma.PersonWhereInput) =>
    db.person.groupBy({ by: ['homeUnitId'], where: { AND: [who, extra] }, _count: { _all: true } });
  const [totals, read, acknowledged] = await Promise.all([
    count({}),
    count({ noticeReceipts: { some: { noticeId: n.id } } }),
    count({ noticeReceipts: { some: { noticeId: n.id, acknowledgedAt: { not: null } } } }),
  ]);
  const units = await db.unit.findMany({
    where: { id: { in: totals.map((t) => t.homeUnitId).filter((id): id is number => id !== null) } },
    select: { id: true, name: true, kind: true, parentId: true, sortOrder: true, parent: { select: { name: true, sortOrder: true } } },
  });
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const rows = new Map<number, { unitId: number; name: string; sort: number; total: number; read: number; acknowledged: number }>();
  const add = (list: typeof totals, key: 'total' | 'read' | 'acknowledged') => {
    for (const t of list) {
      const u = t.homeUnitId === null ? undefined : unitOf.get(t.homeUnitId);
      const counted = u ? countedUnit({ homeUnitId: u.id, homeUnit: u }) : { id: 0, name: '未分配单位' };
      const sort = u ? (u.kind === 'PARTY_GROUP' ? (u.parent?.sortOrder ?? u.sortOrder) : u.sortOrder) : Number.MAX_SAFE_INTEGER;
      const row = rows.get(counted.id) ?? { unitId: counted.id, name: counted.name, sort, total: 0, read: 0, acknowledged: 0 };
      row[key] += t._count._all;
      rows.set(counted.id, row);
    }
  };
  add(totals, 'total');
  add(read, 'read');
  add(acknowledged, 'acknowledged');
  const list = [...rows.values()].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
  const sum = (k: 'total' | 'read' | 'acknowledged') => list.reduce((s, r) => s + r[k], 0);
  return { rows: list, total: sum('total'), read: sum('read'), acknowledged: sum('acknowledged') };
}

const PEOPLE_PAGE = 100;

function personSelect(noticeId: number) {
  return {
    id: true,
    username: true,
    displayName: true,
    partyStatus: true,
    ...UNIT_OF_PERSON,
    noticeReceipts: { where: { noticeId }, select: { readAt: true, acknowledgedAt: true } },
  } as const;
}

/** People of the audience with their receipt, filtered by unit and status, a page at a time. Three queries. */
export async function receiptPeople(db: Db, n: AudienceOf, f: { unitId?: number; status: ReceiptFilter; page: number }) {
  const where: Prisma.PersonWhereInput = {
    AND: [audiencePersonWhere(n), f.unitId === undefined ? {} : inUnit(f.unitId), statusWhere(n, f.status)],
  };
  const [total, people] = await Promise.all([
    db.person.count({ where }),
    db.person.findMany({
      where,
      orderBy: [{ homeUnitId: 'asc' }, { username: 'asc' }],
      skip: (f.page - 1) * PEOPLE_PAGE,
      take: PEOPLE_PAGE,
      select: personSelect(n.id),
    }),
  ]);
  const reminders = await db.noticeReminder.findMany({
    where: { noticeId: n.id, personId: { in: people.map((p) => p.id) } },
    select: { personId: true, remindedAt: true, times: true },
  });
  return { total, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE)), people: withReceipts(people, reminders) };
}

/** Every person of the audience with their receipt, for the spreadsheet. Two queries. */
export async function allReceiptPeople(db: Db, n: AudienceOf) {
  const [people, reminders] = await Promise.all([
    db.person.findMany({
      where: audiencePersonWhere(n),
      orderBy: [{ homeUnitId: 'asc' }, { username: 'asc' }],
      select: personSelect(n.id),
    }),
    db.noticeReminder.findMany({ where: { noticeId: n.id }, select: { personId: true, remindedAt: true, times: true } }),
  ]);
  return withReceipts(people, reminders);
}

interface PersonWithReceipt {
  id: number;
  username: string;
  displayName: string;
  partyStatus: string;
  homeUnitId: number | null;
  homeUnit: { name: string; kind: string; parentId: number | null; parent: { name: string } | null } | null;
  noticeReceipts: { readAt: Date; acknowledgedAt: Date | null }[];
}

function withReceipts(people: PersonWithReceipt[], reminders: { personId: number; remindedAt: Date; times: number }[]) {
  const reminderOf = new Map(reminders.map((r) => [r.personId, r]));
  return people.map(({ noticeReceipts, homeUnit, homeUnitId, ...p }) => ({
    ...p,
    unit: countedUnit({ homeUnitId, homeUnit }),
    readAt: noticeReceipts[0]?.readAt ?? null,
    acknowledgedAt: noticeReceipts[0]?.acknowledgedAt ?? null,
    reminder: reminderOf.get(p.id) ?? null,
  }));
}
