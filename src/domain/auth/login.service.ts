import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 30 };

export type LoginResult = { ok: true; personId: number } | { ok: false; reason: 'invalid' | 'throttled' };

// Verifying against a real hash for unknown users keeps the timing of "no such user" and "wrong password" alike.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a username and password, throttled per account and per address. Unknown user and wrong password
 * give the same answer, so the form does not reveal which employee numbers exist.
 */
export async function attemptLogin(db: Db, username: string, password: string, ip: string): Promise<LoginResult> {
  const accountKey = `u:${username.toLowerCase()}`;
  const addressKey = `ip:${ip}`;
  const since = new Date(Date.now() - THROTTLE.windowMinutes * 60_000);
  const [accountFailures, addressFailures, person] = await Promise.all([
    db.loginFailure.count({ where: { key: accountKey, at: { gte: since } } }),
    db.loginFailure.count({ where: { key: addressKey, at: { gte: since } } }),
    db.person.findUnique({ where: { username }, select: { id: true, passwordHash: true, active: true } }),
  ]);
  if (accountFailures >= THROTTLE.perAccount || addressFailures >= THROTTLE.perAddress) {
    return { ok: false, reason: 'throttled' };
  }
  dummyHash ??= hashPassword('no such user');
  const good = await verifyPassword(person?.passwordHash ?? (await dummyHash), password);
  if (!person || !person.active || !good) {
    await db.loginFailure.createMany({ data: [{ key: accountKey }, { key: addressKey }] });
    await audit(db, {
      actorId: person?.id ?? null,
      action: 'auth.login_failed',
      entityType: 'Person',
      entityId: person?.id,
      summary: `登录失败：${username}`,
      ip,
    });
    return { ok: false, reason: 'invalid' };
  }
  await db.$transaction([
    db.loginFailure.deleteMany({ where: { key: accountKey } }),
    db.loginFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - 86_400_000) } } }),
    db.auditLog.create({
      data: {
        actorId: person.id,
        action: 'auth.login',
        entityType: 'Person',
        entityId: String(person.id),
        summary: `登录：${username}`,
        ip,
      },
    }),
  ]);
  return { ok: true, personId: person.id };
}

/** Loads the session's person with their grants in one query; undefined when gone or deactivated. */
export async function loadSessionUser(db: Db, id: number) {
  const p = await db.person.findUnique({
    where: { id },
    select: {
      id: true,
      username: true,
      displayName: true,
      partyStatus: true,
      homeUnitId: true,
      active: true,
      mustChangePassword: true,
      grants: { select: { role: true, unitId: true } },
    },
  });
  if (!p || !p.active) return undefined;
  const { active: _active, ...user } = p;
  return user;
}
