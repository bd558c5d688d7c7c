import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { PartyStatus } from '../../generated/prisma/client.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword, passwordProblems } from '../auth/passwords.js';
import { ValidationError } from '../errors.js';
import { endedNote, endSessionsOf } from './sessions.js';
import { throttleWhere } from './people.admin.queries.js';

/** Who makes an administrative change, for the audit log. */
export type Actor = { actorId: number; ip?: string };

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
