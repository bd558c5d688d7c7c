import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { withImpliedGrants } from '../authz/can.js';
import { hashPassword, verifyPassword } from './passwords.js';

/**
 * The login throttle (docs/OPERATIONS.md "Login throttling"). Counted in PostgreSQL so that every app node shares it:
 * 5 checks per account and address in 15 minutes (a stranger locks only their own computer), 30 per address, and per
 * account from all addresses 10 in 15 minutes, then one every 30 seconds (slowed, never locked).
 */
export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 30, accountFree: 10, accountSlowSeconds: 30 };

export type LoginResult = { ok: true; personId: number } | { ok: false; reason: 'invalid' | 'throttled' };

// Verifying against a real hash for unknown users keeps the timing of "no such user" and "wrong password" alike.
let dummyHash: Promise<string> | undefined;

/** The counter keys of one account (lower-cased) at one address. */
export const throttleKeys = (username: string, ip = '') => {
  const u = username.toLowerCase();
  return { pair: `p:${u}|${ip}`, pairPrefix: `p:${u}|`, address: `ip:${ip}`, account: `u:${u}`, slow: `s:${u}` };
};

/**
 * Takes one attempt from a budget: the row is written first and the rows then counted, so of simultaneous attempts
 * no more than `limit` see a count within it (each counts every row committed before its own). A refused attempt
 * takes its row back, so being refused costs nothing and hammering does not extend a lock.
 */
async function take(db: Db, key: string, limit: number, windowMs: number): Promise<bigint | null> {
  const { id } = await db.loginFailure.create({ data: { key }, select: { id: true } });
  const n = await db.loginFailure.count({ where: { key, at: { gte: new Date(Date.now() - windowMs) } } });
  if (n <= limit) return id;
  await db.loginFailure.delete({ where: { id } });
  return null;
}

/** Takes an attempt from every budget that applies, or from none (what was taken is given back). */
export async function takeAttempt(db: Db, username: string, ip: string): Promise<bigint[] | null> {
  const k = throttleKeys(username, ip);
  const window = THROTTLE.windowMinutes * 60_000;
  const taken: bigint[] = [];
  const steps: (() => Promise<bigint | null>)[] = [
    () => take(db, k.pair, THROTTLE.perAccount, window),
    () => take(db, k.address, THROTTLE.perAddress, window),
    // from all addresses: a free allowance, then one check per interval for the account
    async () => (await take(db, k.account, THROTTLE.accountFree, window)) ?? take(db, k.slow, 1, THROTTLE.accountSlowSeconds * 1000),
  ];
  for (const step of steps) {
    const id = await step();
    if (id === null) {
      if (taken.length) await db.loginFailure.deleteMany({ where: { id: { in: taken } } });
      return null;
    }
    taken.push(id);
  }
  return taken;
}

/**
 * Checks a username and password, throttled (THROTTLE). Unknown user and wrong password give the same answer, so
 * the form does not reveal which employee numbers exist.
 */
export async function attemptLogin(db: Db, username: string, password: string, ip: string): Promise<LoginResult> {
  const taken = await takeAttempt(db, username, ip);
  if (!taken) return { ok: false, reason: 'throttled' };
  const person = await db.person.findUnique({ where: { username }, select: { id: true, passwordHash: true, active: true } });
  dummyHash ??= hashPassword('no such user');
  const good = await verifyPassword(person?.passwordHash ?? (await dummyHash), password);
  if (!person || !person.active || !good) {
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
  await loginSucceeded(db, { personId: person.id, username, ip, taken });
  return { ok: true, personId: person.id };
}

/**
 * A right password (local or the directory's): the attempt is given back and the account's failures forgiven (the
 * address keeps its earlier ones), day-old failures are swept, and the login is audited.
 */
export async function loginSucceeded(db: Db, p: { personId: number; username: string; ip: string; taken: bigint[]; how?: string }) {
  const k = throttleKeys(p.username, p.ip);
  await db.$transaction([
    db.loginFailure.deleteMany({ where: { OR: [{ id: { in: p.taken } }, { key: { in: [k.pair, k.account, k.slow] } }] } }),
    db.loginFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - 86_400_000) } } }),
    db.auditLog.create({
      data: {
        actorId: p.personId,
        action: 'auth.login',
        entityType: 'Person',
        entityId: String(p.personId),
        summary: `登录${p.how ?? ''}：${p.username}`,
        ip: p.ip,
      },
    }),
  ]);
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
      homeUnit: { select: { id: true, kind: true, parentId: true } },
    },
  });
  if (!p || !p.active) return undefined;
  const { active: _active, homeUnit, ...user } = p;
  return withImpliedGrants(user, homeUnit ? (homeUnit.kind === 'PARTY_GROUP' ? homeUnit.parentId : homeUnit.id) : null);
}
