import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { PartyStatus, Prisma, Role } from '../../generated/prisma/client.js';
import { audit } from '../audit/audit.service.js';
import { ROLE_LABELS } from '../../lib/format.js';
import { COMPANY_WIDE } from '../authz/can.js';
import { THROTTLE, throttleKeys } from '../auth/login.service.js';
import { hashPassword, passwordProblems } from '../auth/passwords.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { endedNote, endSessionsOf } from './sessions.js';

export const PAGE_SIZE = 20;
type Actor = { actorId: number; ip?: string };

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
        id: true,
        username: true,
        displayName: true,
        partyStatus: true,
        active: true,
        mustChangePassword: true,
        homeUnit: { select: { code: true, name: true } },
        grants: { select: { role: true, unit: { select: { code: true, name: true, kind: true } } } },
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
function throttleWhere(username: string) {
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
      id: true,
      username: true,
      displayName: true,
      partyStatus: true,
      active: true,
      mustChangePassword: true,
      title: true,
      phone: true,
      homeUnitId: true,
      grants: { orderBy: { id: 'asc' }, select: { id: true, role: true, unitId: true, unit: { select: { code: true, name: true, kind: true } } } },
    },
  });
  if (!p) return null;
  const locked = await lockedUsernames(db, [p.username], new Date(Date.now() - THROTTLE.windowMinutes * 60_000));
  return { ...p, locked: locked.size > 0 };
}

export interface PersonInput {
  displayName: string;
  partyStatus: PartyStatus;
  homeUnitId?: number;
  title?: string;
  phone?: string;
}

const temporaryPassword = () => `Dj#${randomBytes(6).toString('base64url')}8a`;

/**
 * Creates an account. Without a password the system makes a temporary one, returned once to show the
 * administrator; either way the person must choose their own at first login.
 */
export async function createPerson(db: Db, props: PersonInput & Actor & { username: string; password?: string }) {
  if (props.password) {
    const problems = passwordProblems(props.password, props.username);
    if (problems.length) throw new ValidationError({ password: problems.join('；') });
  }
  const password = props.password ?? temporaryPassword();
  const passwordHash = await hashPassword(password);
  return transactionWithRetry(db, async (tx) => {
    if (await tx.person.findUnique({ where: { username: props.username }, select: { id: true } }))
      throw new ValidationError({ username: '该工号已存在' });
    if (props.homeUnitId && !(await tx.unit.findUnique({ where: { id: props.homeUnitId }, select: { id: true } })))
      throw new ValidationError({ homeUnitId: '所在单位不存在' });
    const p = await tx.person.create({
      data: {
        username: props.username,
        displayName: props.displayName,
        partyStatus: props.partyStatus,
        homeUnitId: props.homeUnitId ?? null,
        title: props.title ?? null,
        phone: props.phone ?? null,
        passwordHash,
        mustChangePassword: true,
      },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'person.created',
      entityType: 'Person',
      entityId: p.id,
      unitId: p.homeUnitId,
      summary: `创建账号 ${p.username}（${p.displayName}）`,
      ip: props.ip,
    });
    return { person: p, temporaryPassword: props.password ? undefined : password };
  });
}

export async function updatePerson(db: Db, props: PersonInput & Actor & { personId: number }) {
  await db.$transaction(async (tx) => {
    if (props.homeUnitId && !(await tx.unit.findUnique({ where: { id: props.homeUnitId }, select: { id: true } })))
      throw new ValidationError({ homeUnitId: '所在单位不存在' });
    const p = await tx.person.update({
      where: { id: props.personId },
      data: {
        displayName: props.displayName,
        partyStatus: props.partyStatus,
        homeUnitId: props.homeUnitId ?? null,
        title: props.title ?? null,
        phone: props.phone ?? null,
      },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'person.updated',
      entityType: 'Person',
      entityId: p.id,
      unitId: p.homeUnitId,
      summary: `修改账号 ${p.username} 的资料`,
      ip: props.ip,
    });
  });
}

/** Deactivates (ending every session at once) or reactivates an account. An administrator cannot lock themself out. */
export async function setActive(db: Db, props: Actor & { personId: number; active: boolean }) {
  if (!props.active && props.personId === props.actorId) throw new ValidationError({ _form: '不能停用自己的账号' });
  await db.$transaction(async (tx) => {
    const p = await tx.person.update({ where: { id: props.personId }, data: { active: props.active } });
    const ended = props.active ? 0 : await endSessionsOf(tx, p.id);
    await audit(tx, {
      actorId: props.actorId,
      action: props.active ? 'person.reactivated' : 'person.deactivated',
      entityType: 'Person',
      entityId: p.id,
      summary: `${props.active ? '启用' : '停用'}账号 ${p.username}${endedNote(ended)}`,
      data: props.active ? undefined : { endedSessions: ended },
      ip: props.ip,
    });
  });
}

/**
 * Sets a temporary password that must be changed at next login; returns it once for the administrator. The
 * person's sessions end, except the administrator's own one (`sessionId`) when they reset their own password.
 */
export async function resetPassword(db: Db, props: Actor & { personId: number; sessionId?: string }): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const own = props.personId === props.actorId && props.sessionId !== undefined;
  await db.$transaction(async (tx) => {
    const p = await tx.person.update({ where: { id: props.personId }, data: { passwordHash, mustChangePassword: true } });
    const ended = await endSessionsOf(tx, p.id, own ? props.sessionId : undefined);
    await tx.loginFailure.deleteMany({ where: throttleWhere(p.username) });
    await audit(tx, {
      actorId: props.actorId,
      action: 'person.password_reset',
      entityType: 'Person',
      entityId: p.id,
      summary: `重置 ${p.username} 的密码${endedNote(ended, own)}`,
      data: { endedSessions: ended },
      ip: props.ip,
    });
  });
  return password;
}

/** Lifts the login throttle of an account (too many wrong passwords). */
export async function unlockAccount(db: Db, props: Actor & { personId: number }) {
  await db.$transaction(async (tx) => {
    const p = await tx.person.findUniqueOrThrow({ where: { id: props.personId }, select: { id: true, username: true } });
    await tx.loginFailure.deleteMany({ where: throttleWhere(p.username) });
    await audit(tx, {
      actorId: props.actorId,
      action: 'person.unlocked',
      entityType: 'Person',
      entityId: p.id,
      summary: `解除 ${p.username} 的登录锁定`,
      ip: props.ip,
    });
  });
}

/** Grants a role: OFFICE and ADMIN company-wide, the others in a unit. The person's sessions end so it takes effect cleanly. */
export async function grantRole(db: Db, props: Actor & { personId: number; role: Role; unitId?: number }) {
  const companyWide = COMPANY_WIDE.includes(props.role);
  if (!companyWide && !props.unitId) throw new ValidationError({ unitId: '该角色须指定单位' });
  // refused rather than quietly dropping the unit: the administrator would believe they gave a unit's role
  if (companyWide && props.unitId)
    throw new ValidationError({ unitId: `${ROLE_LABELS[props.role]}是全公司的角色，不能指定单位；请把单位选为“全公司”` });
  const unitId = companyWide ? null : props.unitId!;
  await transactionWithRetry(db, async (tx) => {
    if (unitId && !(await tx.unit.findUnique({ where: { id: unitId }, select: { id: true } })))
      throw new ValidationError({ unitId: '单位不存在' });
    const exists = await tx.roleGrant.findFirst({ where: { personId: props.personId, role: props.role, unitId } });
    if (exists) throw new ValidationError({ role: '该人员已有此角色' });
    const g = await tx.roleGrant.create({ data: { personId: props.personId, role: props.role, unitId } });
    await endSessionsOf(tx, props.personId);
    await audit(tx, {
      actorId: props.actorId,
      action: 'role.granted',
      entityType: 'RoleGrant',
      entityId: g.id,
      unitId,
      summary: `授予角色 ${props.role}`,
      data: { personId: props.personId, role: props.role, unitId },
      ip: props.ip,
    });
  });
}

export async function revokeRole(db: Db, props: Actor & { grantId: number }) {
  await db.$transaction(async (tx) => {
    const g = await tx.roleGrant.findUnique({ where: { id: props.grantId } });
    if (!g) throw new NotFoundError('角色');
    if (g.personId === props.actorId && g.role === 'ADMIN') throw new ValidationError({ _form: '不能撤销自己的管理员角色' });
    await tx.roleGrant.delete({ where: { id: g.id } });
    await endSessionsOf(tx, g.personId);
    await audit(tx, {
      actorId: props.actorId,
      action: 'role.revoked',
      entityType: 'RoleGrant',
      entityId: g.id,
      unitId: g.unitId,
      summary: `撤销角色 ${g.role}`,
      data: { personId: g.personId, role: g.role, unitId: g.unitId },
      ip: props.ip,
    });
  });
}
