import type { Db } from '../../db/client.js';
import type { Prisma, Role } from '../../generated/prisma/client.js';
import { GRANT_UNIT, HOME_UNIT } from '../../lib/format.js';
import { THROTTLE, throttleKeys } from '../auth/login.service.js';

/** The administrator's list of accounts and one account's page: reads only (the changes are in people.admin.service.ts). */
export const PAGE_SIZE = 20;

/** What the list and an account's page both show of an account. */
const ACCOUNT = { id: true, username: true, displayName: true, partyStatus: true, active: true, mustChangePassword: true } as const;

export interface PeopleFilters {
  q?: string;
  unitId?: number;
  role?: Role;
  active?: boolean;
  page: number;
}

/** People for the administrator, searched and filtered inside the query; three queries whatever the size. */
export async function listPeople(db: Db, f: PeopleFilters) {
  const and: Prisma.PersonWhereInput[] = [];
  if (f.q) and.push({ OR: [{ username: { contains: f.q, mode: 'insensitive' } }, { displayName: { contains: f.q } }] });
  if (f.unitId)
    and.push({
      OR: [{ homeUnitId: f.unitId }, { homeUnit: { parentId: f.unitId, kind: 'PARTY_GROUP' } }, { grants: { some: { unitId: f.unitId } } }],
    });
  if (f.role) and.push({ grants: { some: { role: f.role } } });
  if (f.active !== undefined) and.push({ active: f.active });
  const where: Prisma.PersonWhereInput = { AND: and };
  const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000);
  const [total, rows] = await Promise.all([
    db.person.count({ where }),
    db.person.findMany({
      where,
      orderBy: [{ username: 'asc' }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        ...ACCOUNT,
        homeUnit: { select: { code: true, name: true } },
        grants: { select: { role: true, unit: GRANT_UNIT } },
      },
    }),
  ]);
  const locked = await lockedUsernames(
    db,
    rows.map((r) => r.username),
    since,
  );
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, locked: locked.has(r.username.toLowerCase()) })),
  };
}

/** Every login counter of an account (at every address), which an unlock or a password reset clears. */
export function throttleWhere(username: string) {
  const k = throttleKeys(username);
  return { OR: [{ key: { startsWith: k.pairPrefix } }, { key: { in: [k.account, k.slow] } }] };
}

async function lockedUsernames(db: Db, usernames: string[], since: Date): Promise<Set<string>> {
  if (!usernames.length) return new Set();
  // locked at some address (account and address together), or slowed down from all of them
  const rows = await db.loginFailure.groupBy({
    by: ['key'],
    where: {
      OR: usernames.flatMap((u) => [{ key: { startsWith: throttleKeys(u).pairPrefix } }, { key: throttleKeys(u).account }]),
      at: { gte: since },
    },
    _count: { _all: true },
  });
  const over = rows.filter((r) => r._count._all >= (r.key.startsWith('u:') ? THROTTLE.accountFree : THROTTLE.perAccount));
  return new Set(over.map((r) => r.key.slice(2).split('|')[0]));
}

/** One person with their grants and whether their account is locked by the login throttle. */
export async function personForAdmin(db: Db, id: number) {
  const p = await db.person.findUnique({
    where: { id },
    select: {
      ...ACCOUNT,
      title: true,
      phone: true,
      homeUnitId: true,
      homeUnit: HOME_UNIT,
      grants: {
        orderBy: { id: 'asc' },
        select: { id: true, role: true, unitId: true, unit: GRANT_UNIT },
      },
    },
  });
  if (!p) return null;
  const locked = await lockedUsernames(db, [p.username], new Date(Date.now() - THROTTLE.windowMinutes * 60_000));
  return { ...p, locked: locked.size > 0 };
}
